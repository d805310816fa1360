import type { ApiApp, ApiContext } from '../context.js';
import { approvalRoutes } from './approvals.js';
import { controlRoutes } from './controls.js';
import { jobRoutes } from './jobs.js';
import { keyRoutes } from './keys.js';
import { marketRoutes } from './market.js';
import { recordRoutes } from './records.js';
import { runRoutes } from './runs.js';
import { strategyRoutes } from './strategies.js';
import { systemRoutes } from './system.js';
import { tradingRoutes } from './trading.js';

/** Every REST route under /api/v1; each declares the role it needs in `config.access` (default viewer). */
export function registerRoutes(app: ApiApp, ctx: ApiContext): void {
  for (const routes of [systemRoutes, marketRoutes, strategyRoutes, runRoutes, jobRoutes, tradingRoutes, approvalRoutes, controlRoutes, recordRoutes, keyRoutes]) routes(app, ctx);
}
