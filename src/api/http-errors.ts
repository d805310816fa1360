import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorCode, ERROR_CODES, SextantError } from '../core/errors.js';

/**
 * Every failure leaves the API as `{error: {code, message, details}}` with a stable code of
 * src/core/errors.ts; this maps codes to HTTP statuses and outside errors (validation, body
 * parsing, fastify's own) to codes.
 */

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AUTH_FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  BODY_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  WEB_NOT_BUILT: 404,
  INTERNAL: 500,
  // The request was fine but the state it meets does not allow it.
  STORE_CONFLICT: 409,
  STORE_CONCURRENT_WRITE: 409,
  SESSION_BUSY: 409,
  APPROVAL_NOT_PENDING: 409,
  ORDER_TRANSITION_INVALID: 409,
  MODEL_TRANSITION_INVALID: 409,
  JOB_FINISHED: 409,
};

export function statusOf(code: ErrorCode): number {
  const fixed = STATUS_BY_CODE[code];
  if (fixed !== undefined) return fixed;
  if (code.endsWith('_NOT_FOUND')) return 404;
  // Exit code 2 marks a request that is wrong in itself; anything else a domain refusal.
  return ERROR_CODES[code].exit === 2 ? 400 : 422;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: unknown;
}

/** Any thrown value as a SextantError (unknown failures become INTERNAL without their internals). */
export function asSextantError(e: unknown): SextantError {
  if (e instanceof SextantError) return e;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.map((v) => ({ path: `${e.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`, message: v.message ?? 'invalid' }));
    return new SextantError('VALIDATION_FAILED', `the request is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  const f = e as FastifyLikeError;
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new SextantError('BODY_TOO_LARGE', f.message, {});
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    // Malformed JSON, an unsupported media type, an empty body: the request itself is wrong.
    return new SextantError('VALIDATION_FAILED', f.message, { issues: [{ path: 'body', message: f.message }], ...(f.code ? { fastify_code: f.code } : {}) });
  }
  return new SextantError('INTERNAL', 'an unexpected error happened; it has been logged', {});
}
