/** A bar as a feed delivers it: stamped at its close (UTC epoch ms), like every bar in Sextant. */
export interface FeedBar {
  symbol: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A source of bars in time order: a replay of stored history or a live market-data stream. */
export interface Feed {
  readonly name: string;
  /** Bars as they arrive; ends when the replay runs out or `close` is called. */
  bars(): AsyncIterable<FeedBar>;
  close(): Promise<void>;
}
