/** One event as the WebSocket sends it. */
export interface ApiEvent {
  type: string;
  at: string;
  data: unknown;
}

export type EventListener = (e: ApiEvent) => void;

/** Fans events out to whoever listens (WebSocket clients); a listener that throws is dropped, not the others. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  publish(type: string, data: unknown): void {
    if (this.listeners.size === 0) return;
    const event = { type, at: new Date().toISOString(), data };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        this.listeners.delete(l);
      }
    }
  }
}
