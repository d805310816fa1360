import { SextantError } from '../../core/errors.js';

/**
 * The lifecycle of a registered model. A model is saved as a `candidate`; a person promotes it
 * to `active` (what strategies may trade), may pause it and promote it again, and retires it
 * when it should never trade again:
 *
 *   (saved)   → candidate              reason 'trained'
 *   candidate → active                 promote
 *   active    → paused                 pause
 *   paused    → active                 promote
 *   candidate | active | paused → retired   retire
 *   retired: final, nothing leaves it
 *
 * Staying in the same state is not a transition. Every transition needs a non-empty reason,
 * and the store writes it with the actor to `model_transitions` and to the audit log.
 */
export const MODEL_STATES = ['candidate', 'active', 'paused', 'retired'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** The states each state may move to; `null` is a model not saved yet. */
export const TRANSITIONS: Readonly<Record<ModelState | 'null', readonly ModelState[]>> = {
  null: ['candidate'],
  candidate: ['active', 'retired'],
  active: ['paused', 'retired'],
  paused: ['active', 'retired'],
  retired: [],
};

/** The CLI verbs and the state each one moves a model to. */
export const ACTIONS = { promote: 'active', pause: 'paused', retire: 'retired' } as const satisfies Record<string, ModelState>;
export type ModelAction = keyof typeof ACTIONS;

export function isModelState(s: string): s is ModelState {
  return (MODEL_STATES as readonly string[]).includes(s);
}

/** Throws MODEL_TRANSITION_INVALID unless the lifecycle allows `from` → `to`. */
export function checkTransition(from: ModelState | null, to: ModelState, subject = 'the model'): void {
  const allowed = TRANSITIONS[from ?? 'null'];
  if (allowed.includes(to)) return;
  const why =
    from === 'retired'
      ? 'retired is final'
      : from === null
        ? 'a new model starts as a candidate'
        : `from ${from} it may only become ${allowed.join(' or ')}`;
  throw new SextantError('MODEL_TRANSITION_INVALID', `${subject} cannot go from ${from ?? '(new)'} to ${to}: ${why}`, { from, to, allowed });
}

/** The reason, trimmed; throws MODEL_REASON_REQUIRED when there is none. */
export function checkReason(reason: string, subject = 'the model'): string {
  const r = reason.trim();
  if (r.length === 0) throw new SextantError('MODEL_REASON_REQUIRED', `a reason is required to change the state of ${subject} (--reason "…")`, { field: 'reason' });
  return r;
}
