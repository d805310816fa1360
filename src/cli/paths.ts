import { fileURLToPath } from 'node:url';

/** The sample data shipped with the project, found from the compiled file's place in dist/. */
export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../../examples/data/', import.meta.url));

/** Example experiment files (examples/experiments). */
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../../examples/experiments/', import.meta.url));

/** Example feature-set files (examples/feature-sets). */
export const FEATURE_SETS_DIR = fileURLToPath(new URL('../../../examples/feature-sets/', import.meta.url));
