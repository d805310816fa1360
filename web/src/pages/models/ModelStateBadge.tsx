import type { ModelState } from './types';

/** What each state means (the lifecycle of src/models/registry/lifecycle.ts). */
const MEANING: Record<ModelState, string> = {
  candidate: 'candidate: saved by training, not trading; a person may promote it to active',
  active: 'active: strategies may trade it',
  paused: 'paused: stopped trading for now; it may be promoted again',
  retired: 'retired: will never trade again (final)',
};

const CLASS: Record<ModelState, string> = { candidate: '', active: 'ok', paused: 'warn', retired: 'bad' };

export function ModelStateBadge({ state, testid }: { state: ModelState; testid?: string }) {
  return (
    <span className={`badge ${CLASS[state] ?? ''}`} title={MEANING[state] ?? state} data-testid={testid}>
      {state}
    </span>
  );
}

/** The page says once that it only shows the registry: lifecycle changes stay in the CLI for now. */
export function ReadOnlyNote() {
  return (
    <p className="muted small" data-testid="models-readonly">
      Read only: promote, pause or retire a model with <code>sextant models promote|pause|retire &lt;id&gt; --reason "…"</code>.
    </p>
  );
}
