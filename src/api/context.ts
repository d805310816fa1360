import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../store/store.js';
import type { EventHub } from './events/event-hub.js';
import type { RecentErrors } from './events/recent-errors.js';
import type { SessionBooks } from './events/session-books.js';
import type { JobManager } from './jobs/job-manager.js';

/** The Fastify instance routes are registered on: zod schemas validate and type every request. */
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What route handlers work with: one store, the sessions' books, the jobs, the event stream. */
export interface ApiContext {
  store: Store;
  books: SessionBooks;
  jobs: JobManager;
  events: EventHub;
  errors: RecentErrors;
}
