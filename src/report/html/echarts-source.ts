import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SextantError } from '../../core/errors.js';

let cached: string | null = null;

/**
 * The minified Apache ECharts bundle from node_modules, read once, to inline in a <script>
 * element so the page needs no network. Its licence header comment stays at its top.
 */
export function echartsSource(): string {
  if (cached === null) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    const source = readFileSync(path, 'utf8');
    // Inside <script> these would end the element early (or hide its end tag); code cannot be
    // escaped blindly, so a bundle that contains them is refused rather than inlined broken.
    if (/<\/script|<!--/i.test(source)) {
      throw new SextantError('INTERNAL', 'the ECharts bundle cannot be inlined: it contains "</script" or "<!--"', { path });
    }
    cached = source;
  }
  return cached;
}
