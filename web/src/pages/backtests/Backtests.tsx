import { lazy, Suspense } from 'react';
import type { Route } from '../../lib/router';
import { Launch } from './Launch';
import { RunList } from './RunList';

// The chart libraries load with the pages that draw them, not with the first page.
const Detail = lazy(() => import('./Detail').then((m) => ({ default: m.Detail })));
const Compare = lazy(() => import('./Compare').then((m) => ({ default: m.Compare })));

/** `#/backtests` (list), `#/backtests/new`, `#/backtests/compare?ids=a,b`, `#/backtests/<run id>`. */
export function Backtests({ route }: { route: Route }) {
  const sub = route.parts[1];
  if (sub === undefined) return <RunList />;
  if (sub === 'new') return <Launch />;
  return (
    <Suspense fallback={<p className="muted">Loading charts…</p>}>
      {sub === 'compare' ? <Compare ids={(route.query.get('ids') ?? '').split(',').filter((s) => s !== '')} /> : <Detail id={sub} />}
    </Suspense>
  );
}
