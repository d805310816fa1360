import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { api } from '../lib/api';
import type { Order, Session } from '../lib/types';

/** A manual order into a session: it passes the same risk checks as a strategy's. */
export function OrderForm({ sessions, onPlaced }: { sessions: Session[]; onPlaced: () => void }) {
  const [session, setSession] = useState('');
  const [symbol, setSymbol] = useState('');
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [qty, setQty] = useState('1');
  const [type, setType] = useState('market');
  const [limit, setLimit] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const chosen = sessions.find((s) => s.name === session) ?? sessions[0];

  const place = async () => {
    setResult(null);
    const s = chosen?.name ?? session;
    const body = { session: s, symbol: symbol || chosen?.symbols[0], side, qty: Number(qty), type, ...(type === 'limit' ? { limit_price: Number(limit) } : {}) };
    const o = await api.post<Order>('/orders', body);
    setResult(`${o.client_order_id}: ${o.state}${o.reason ? ` (${o.reason})` : ''}`);
    onPlaced();
  };

  if (sessions.length === 0) return <p className="muted">No session to place an order in.</p>;
  return (
    <form className="form-grid" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        Session
        <select value={chosen?.name} onChange={(e) => setSession(e.target.value)}>
          {sessions.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
      </label>
      <label className="field">
        Symbol
        <input value={symbol} placeholder={chosen?.symbols[0]} onChange={(e) => setSymbol(e.target.value)} />
      </label>
      <label className="field">
        Side
        <select value={side} onChange={(e) => setSide(e.target.value as 'buy' | 'sell')}>
          <option>buy</option>
          <option>sell</option>
        </select>
      </label>
      <label className="field">
        Quantity
        <input type="number" min="0" step="any" value={qty} onChange={(e) => setQty(e.target.value)} />
      </label>
      <label className="field">
        Type
        <select value={type} onChange={(e) => setType(e.target.value)}>
          <option>market</option>
          <option>limit</option>
        </select>
      </label>
      {type === 'limit' && (
        <label className="field">
          Limit price
          <input type="number" step="any" value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
      )}
      <div className="row">
        <ActionButton needs="trader" kind="primary" onClick={place} disabled={!(Number(qty) > 0)}>
          Place order
        </ActionButton>
        {result && <span className="muted">{result}</span>}
      </div>
    </form>
  );
}
