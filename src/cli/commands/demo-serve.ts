import type { Store } from '../../store/store.js';
import type { RunningApi } from '../../api/server.js';
import { printJson, printLine } from '../output.js';
import { openServer, type ServeOptions, serveUntilStopped } from './serve.js';

/** The last step of `npm start`: serve the dashboard over the demo store, with a fresh admin key to log in with. */
export async function serveDemo(store: Store, summary: Record<string, unknown>, o: ServeOptions, json: boolean): Promise<void> {
  const { key } = store.keys().create('admin', 'demo (npm start)', 'demo');
  let api: RunningApi;
  try {
    api = await openServer(o);
  } catch (e) {
    // The usual port is taken (another Sextant?): any free one will do for a demo.
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    api = await openServer({ ...o, port: '0' });
  }
  if (json) printJson({ ...summary, dashboard: `${api.url}/`, api_key: key });
  else {
    printLine(`Sextant demo — store ${String(summary.store)}: ${(summary.steps as unknown[]).length} steps done, run ${String(summary.run_id)}, tear sheet ${String(summary.report)}`);
    printLine();
    printLine(`Dashboard: ${api.url}/`);
    printLine(`Log in with this admin key (shown once; make more with 'npx sextant keys create --role viewer'):`);
    printLine(`  ${key}`);
    printLine(`API ${api.url}/api/v1, docs ${api.url}/api/docs. Stop with Ctrl-C.`);
  }
  await serveUntilStopped(api);
}
