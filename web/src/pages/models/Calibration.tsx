import { num } from '../../lib/format';
import { MetricTerm } from './ModelMetrics';
import type { SerialisedCalibrator } from './types';

/** The quality figures a calibrator changes: before = pooled out-of-fold, after = cross-fitted calibrated. */
const QUALITY = ['ece', 'logLoss', 'brier'] as const;

/**
 * What calibration did: the calibrator (its kind and parameters), its map from the model's
 * probability to the calibrated one, and ECE, log loss and Brier before and after.
 */
export function CalibrationSummary({ calibration, metrics }: { calibration: SerialisedCalibrator | null; metrics: Record<string, number | null> }) {
  if (calibration === null) return <p className="muted" data-testid="calibration-kind">Not calibrated: its probabilities are used as the model gives them.</p>;
  const shown = QUALITY.filter((q) => `calibrated_${q}` in metrics);
  return (
    <div data-testid="calibration">
      <p data-testid="calibration-kind">
        <b>{calibration.kind}</b> · <CalibratorText c={calibration} />
      </p>
      <div className="row">
        <CalibrationMap c={calibration} />
        {shown.length > 0 && (
          <table className="kv" style={{ width: 'auto', flex: '1 1 220px' }} data-testid="calibration-quality">
            <thead>
              <tr>
                <th />
                <th className="num">before</th>
                <th className="num">after</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((q) => (
                <tr key={q}>
                  <th>
                    <MetricTerm k={q} />
                  </th>
                  <td className="num">{num(metrics[`pooled_${q}`])}</td>
                  <td className="num" data-testid={`calibrated-${q}`}>
                    {num(metrics[`calibrated_${q}`])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <p className="muted small">Before: the pooled out-of-fold predictions; after: each fold calibrated by a calibrator fitted on the other folds. Lower is better.</p>
    </div>
  );
}

function CalibratorText({ c }: { c: SerialisedCalibrator }) {
  if (c.kind === 'platt') {
    return (
      <span>
        p′ = σ(a · logit p + b), a = <span data-testid="platt-a">{num(c.a)}</span>, b = <span data-testid="platt-b">{num(c.b)}</span>
      </span>
    );
  }
  if (c.kind === 'isotonic') return <span>a non-decreasing map through {c.x.length} knots</span>;
  return <span>the identity (probabilities unchanged)</span>;
}

/** The calibrated probability at p, as src/models/calibration applies it. */
function calibrated(c: SerialisedCalibrator, p: number): number {
  if (c.kind === 'platt') {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
    return 1 / (1 + Math.exp(-(c.a * Math.log(q / (1 - q)) + c.b)));
  }
  if (c.kind === 'identity' || c.x.length === 0) return p;
  const { x, y } = c;
  if (p <= x[0]) return y[0];
  const last = x.length - 1;
  if (p >= x[last]) return y[last];
  let i = 0;
  while (x[i + 1] <= p) i++;
  return y[i] + ((p - x[i]) * (y[i + 1] - y[i])) / (x[i + 1] - x[i]);
}

const SIZE = 140;
const STEPS = 100;

/** The map p → p′ on the unit square, with the diagonal (no change) for reference. */
function CalibrationMap({ c }: { c: SerialisedCalibrator }) {
  const points: string[] = [];
  for (let i = 0; i <= STEPS; i++) {
    const p = i / STEPS;
    points.push(`${(p * SIZE).toFixed(1)},${((1 - calibrated(c, p)) * SIZE).toFixed(1)}`);
  }
  return (
    <svg width={SIZE} height={SIZE} viewBox={`-1 -1 ${SIZE + 2} ${SIZE + 2}`} role="img" aria-label="calibration map: model probability (across) to calibrated probability (up)" data-testid="calibration-map">
      <title>model probability (across) → calibrated probability (up)</title>
      <rect x={0} y={0} width={SIZE} height={SIZE} fill="none" stroke="var(--border)" />
      <line x1={0} y1={SIZE} x2={SIZE} y2={0} stroke="var(--muted)" strokeDasharray="3 3" />
      <polyline points={points.join(' ')} fill="none" stroke="var(--s1)" strokeWidth={2} />
    </svg>
  );
}
