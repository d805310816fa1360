import { labelOf, useGlossary } from '../lib/glossary';

/** A small ⓘ (a circled i drawn in CSS: not every system font has the glyph) whose tooltip is the glossary's definition of `k` (nothing if the glossary lacks it). */
export function Info({ k }: { k: string }) {
  const entry = useGlossary().byKey.get(k);
  if (!entry) return null;
  return (
    <span className="info" tabIndex={0} title={entry.definition} aria-label={entry.definition} data-tip={entry.definition} data-testid={`info-${k}`}>
      i
    </span>
  );
}

/** A metric's label followed by its ⓘ. */
export function Term({ k, label }: { k: string; label?: string }) {
  const g = useGlossary();
  return (
    <span className="term">
      {label ?? labelOf(g, k)}
      <Info k={k} />
    </span>
  );
}
