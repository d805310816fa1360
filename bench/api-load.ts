import { Agent, request } from 'node:http';

/**
 * The load generator of the API latency benchmark, run as a child process forked by
 * bench/api-latency.ts so that it does not share the server's event loop. The job comes as JSON
 * in argv[2]; the result goes back over IPC and the process exits.
 */

/** One fixed-rate load against one URL. */
export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  /** Requests per second over all connections. */
  rate: number;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  /** Responses received, of any status. */
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts (timeouts are counted in both). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The p-th quantile (0–1, nearest rank) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const ms = (x: number) => +x.toFixed(3);

/**
 * An open-loop load at a steady rate: request k is due at start + k / rate, whatever happened to
 * the ones before it, over at most `connections` keep-alive sockets. Its latency runs from when it
 * was due (not when a socket was free) to the last byte of the response, so a server that falls
 * behind shows it (no coordinated omission). autocannon's rate limit was tried first: it sends
 * each second's share of every connection in one burst, so its latencies measured the queue of
 * that burst (p50 ≈ connections × service time) rather than the server.
 */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const total = Math.round(job.rate * job.seconds);
  const times = new Float64Array(total);
  const statusCodes: Record<string, number> = {};
  let n = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let settled = 0;
  const url = new URL(job.url);
  const start = performance.now() + 50;
  await new Promise<void>((done) => {
    const settle = () => {
      if (++settled === total) done();
    };
    const fire = (due: number) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: job.headers, agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          times[n++] = performance.now() - due;
          const code = String(res.statusCode);
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          settle();
        });
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        settle();
      });
      req.end();
    };
    let k = 0;
    const tick = () => {
      const now = performance.now();
      for (; k < total && start + (k * 1000) / job.rate <= now; k++) fire(start + (k * 1000) / job.rate);
      if (k < total) setTimeout(tick, Math.max(0, start + (k * 1000) / job.rate - performance.now()));
    };
    setTimeout(tick, 50);
  });
  agent.destroy();
  const sorted = times.subarray(0, n).sort();
  return { requests: n, non2xx, errors, timeouts, statusCodes, p50Ms: ms(quantile(sorted, 0.5)), p90Ms: ms(quantile(sorted, 0.9)), p99Ms: ms(quantile(sorted, 0.99)), maxMs: ms(quantile(sorted, 1)) };
}

if (process.send === undefined) throw new Error('bench/api-load runs as a child process forked by bench/api-latency');
const result = await runLoad(JSON.parse(process.argv[2]) as LoadJob);
process.send(result, () => process.exit(0));
