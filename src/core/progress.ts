/**
 * How long-running work reports progress without knowing who listens: the CLI draws a bar,
 * the API will send WebSocket events. Called at most every few thousand items.
 */
export type ProgressFn = (phase: string, done: number, total: number) => void;

export const noProgress: ProgressFn = () => {};
