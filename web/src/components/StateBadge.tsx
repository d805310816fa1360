import type { Controls } from '../lib/types';
import { Info } from './Info';

/** The trading state and the kill switch as badges (green ACTIVE, amber REDUCING, red HALTED / kill switch on). */
export function StateBadges({ controls }: { controls: Controls }) {
  const ks = controls.kill_switch;
  const cls = controls.state === 'ACTIVE' ? 'ok' : controls.state === 'REDUCING' ? 'warn' : 'bad';
  return (
    <span className="badges">
      <span className={`badge ${cls}`} data-testid="trading-state">
        {controls.state}
      </span>
      <Info k="trading_state" />
      <span className={`badge ${ks.global ? 'bad' : 'ok'}`} data-testid="kill-switch-state">
        kill switch {ks.global ? 'ON' : 'off'}
        {ks.global && ks.flatten ? ' (flatten)' : ''}
      </span>
      <Info k="kill_switch" />
      {ks.strategies.length > 0 && <span className="badge warn">killed: {ks.strategies.join(', ')}</span>}
    </span>
  );
}
