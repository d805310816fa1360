import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { sextant, sextantJson } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir();

/** A CSV where label = 1 exactly when a > 0.5, b is noise, and some cells are empty or NA (missing). */
function table(file: string, n: number, seed: number): void {
  const rng = new Rng(seed);
  const lines = ['a,b,label'];
  for (let i = 0; i < n; i++) {
    const a = rng.next();
    const b = rng.next();
    lines.push(`${a},${i % 17 === 0 ? (i % 2 ? '' : 'NA') : b},${a > 0.5 ? 1 : 0}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('sextant gbdt train', () => {
  const train = join(dir, 'train.csv');
  const test_ = join(dir, 'test.csv');
  table(train, 2000, 1);
  table(test_, 500, 2);

  test('prints the timings and test scores the benchmark needs; a separable label is learnt perfectly', () => {
    const r = sextantJson<Record<string, number | null>>(['gbdt', 'train', '--train', train, '--test', test_, '--label', 'label', '--rounds', '20', '--max-depth', '3', '--threads', '1', '--shap-rows', '100']);
    expect(r.status).toBe(0);
    for (const k of ['train_seconds', 'predict_seconds', 'shap_seconds']) expect(r.json[k]).toBeGreaterThan(0);
    expect(r.json.test_auc).toBe(1);
    expect(r.json.test_logloss).toBeLessThan(0.1);
    expect(r.json).toMatchObject({ rounds: 20, train_rows: 2000, test_rows: 500, features: 2 });
  });

  test('a text cell is refused with its file, line and column', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b,label\n1,2,0\n3,x,1\n');
    const r = sextant(['gbdt', 'train', '--train', bad, '--test', test_, '--label', 'label', '--json']);
    expect(r.status).toBe(1);
    const e = JSON.parse(r.stdout).error;
    expect(e.code).toBe('DATA_NOT_NUMERIC');
    expect(e.message).toMatch(/bad\.csv, line 3, column b: 'x'/);
  });

  test('an unknown label column is named', () => {
    const r = sextant(['gbdt', 'train', '--train', train, '--test', test_, '--label', 'target', '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toMatch(/no column 'target'/);
  });
});
