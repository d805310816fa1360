import { fileURLToPath } from 'node:url';

/** The project root (where package.json and examples/ live), from the compiled file's place. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../../examples/data/', import.meta.url));
