import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The one WebSocket to `/api/v1/ws`. Its first message authenticates (a browser cannot set
 * headers on a WebSocket); after `ready` the server pushes events `{type, at, data}` that
 * pages subscribe to. It reconnects with a growing delay, except when the server refuses the
 * key (close code 4401), which means the session is over.
 */
export interface LiveEvent {
  type: string;
  at: string;
  data: unknown;
}

export type LiveStatus = 'connecting' | 'live' | 'down';

type Listener = (e: LiveEvent) => void;

const MAX_DELAY_MS = 10_000;

class LiveSocket {
  private ws: WebSocket | null = null;
  private key: string | null = null;
  private delay = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<() => void>();
  status: LiveStatus = 'down';
  onRefused: () => void = () => {};

  start(key: string): void {
    if (this.key === key && this.ws) return;
    this.stop();
    this.key = key;
    this.open();
  }

  stop(): void {
    this.key = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
    this.setStatus('down');
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  watchStatus = (fn: () => void): (() => void) => {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  };

  private setStatus(s: LiveStatus): void {
    if (s === this.status) return;
    this.status = s;
    for (const fn of this.statusListeners) fn();
  }

  private open(): void {
    const key = this.key;
    if (key === null) return;
    this.setStatus('connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/ws`);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', key }));
    ws.onmessage = (m) => {
      let e: LiveEvent;
      try {
        e = JSON.parse(String(m.data)) as LiveEvent;
      } catch {
        return;
      }
      if (e.type === 'ready') {
        this.delay = 500;
        this.setStatus('live');
        return;
      }
      for (const fn of this.listeners) fn(e);
    };
    ws.onclose = (c) => {
      if (this.ws !== ws) return; // replaced or stopped on purpose
      this.ws = null;
      this.setStatus('down');
      if (c.code === 4401) {
        this.onRefused();
        return;
      }
      this.timer = setTimeout(() => this.open(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    };
  }
}

export const live = new LiveSocket();

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.watchStatus, () => live.status);
}

/** Calls `handler` for every live event whose type is in `types` (the latest handler, without resubscribing). */
export function useLiveEvents(types: readonly string[], handler: (e: LiveEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const joined = types.join(',');
  useEffect(() => {
    const wanted = new Set(joined.split(','));
    return live.subscribe((e) => {
      if (wanted.has(e.type)) ref.current(e);
    });
  }, [joined]);
}
