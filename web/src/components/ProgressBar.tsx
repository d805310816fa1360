/** A progress bar for a background job: fraction 0–1, with done/total when known. */
export function ProgressBar({ fraction, label, testid }: { fraction: number; label?: string; testid?: string }) {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f * 100)} data-testid={testid} data-fraction={f}>
      <div className="progress-fill" style={{ width: `${f * 100}%` }} />
      <span className="progress-label">{label ?? `${Math.round(f * 100)} %`}</span>
    </div>
  );
}
