import type { JobInput } from './job-input.js';

/** What the API sends a job worker. */
export interface JobWorkerData {
  db: string;
  input: JobInput;
  /** Worker threads a sweep may use for its trials. */
  sweepWorkers: number;
}

/** What a job worker answers. */
export type JobWorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; runIds: string[]; result: Record<string, unknown> }
  | { type: 'error'; error: { code: string; message: string; details: Record<string, unknown> } };
