import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@otflow/random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, writeNpyFile, writeText } from '../../test/temp-files';
import type { BenchmarkName } from '../tabular/tabular-dataset';
import { loadBenchmark } from './benchmarks';

const temp = createTempDir();
afterAll(temp.remove);
const dataDir = temp.dir;
const random = new Random('benchmark-files');
const normalRow = (n: number) => Array.from({ length: n }, () => random.normal());

/** Small stand-ins with the real file names, formats and column layouts of the MAF bundle. */
beforeAll(async () => {
  for (const folder of ['power', 'gas', 'hepmass', 'miniboone', 'BSDS300']) mkdirSync(join(dataDir, folder));
  writeNpyFile(join(dataDir, 'power', 'data.npy'), { descr: '<f8', shape: [300, 8] }, Float64Array.from({ length: 2400 }, () => random.normal()));
  writeNpyFile(join(dataDir, 'miniboone', 'data.npy'), { descr: '<f8', shape: [100, 43] }, Float64Array.from({ length: 4300 }, () => random.normal()));

  const sensors = Array.from({ length: 16 }, (_, k) => `R${k + 1}`);
  const gasLines = [['Time', 'Meth', 'Eth', ...sensors].join(',')];
  for (let i = 0; i < 200; i++) {
    const base = normalRow(8);
    const values = sensors.map((_, k) => (k < 8 ? base[k] : base[k - 8] + 0.01 * random.normal()));
    gasLines.push([i, random.normal(), random.normal(), ...values].join(','));
  }
  writeText(join(dataDir, 'gas', 'ethylene_CO.csv'), gasLines.join('\n'));

  const header = ['# label', ...Array.from({ length: 27 }, (_, k) => `f${k}`), 'mass'].join(',');
  const hepmassRow = (label: number) => [label, ...normalRow(21), ...Array.from({ length: 6 }, () => random.int(3)), 1000].join(',');
  writeText(join(dataDir, 'hepmass', '1000_train.csv'), [header, ...Array.from({ length: 400 }, (_, i) => hepmassRow(i % 2))].join('\n'));
  // One extra trailing column, which MAF drops from the test file.
  writeText(
    join(dataDir, 'hepmass', '1000_test.csv'),
    [`${header},extra`, ...Array.from({ length: 60 }, (_, i) => `${hepmassRow(i % 3 === 0 ? 0 : 1)},0`)].join('\n'),
  );

  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const file = new h5wasm.File(join(dataDir, 'BSDS300', 'BSDS300.hdf5'), 'w');
  for (const [name, rows] of [['train', 50], ['validation', 10], ['test', 20]] as const) {
    file.create_dataset({ name, data: Float32Array.from({ length: rows * 63 }, () => random.normal()), shape: [rows, 63], dtype: '<f' });
  }
  file.close();
});

describe('loadBenchmark', () => {
  it.each([
    ['power', 6, [243, 27, 30]],
    ['gas', 8, [162, 18, 20]],
    ['hepmass', 21, [180, 20, 40]],
    ['miniboone', 43, [81, 9, 10]],
    ['bsds300', 63, [50, 10, 20]],
  ] as const)('loads %s from the MAF file layout with d = %i', async (name, d, sizes) => {
    const dataset = await loadBenchmark(name, dataDir);
    expect(dataset.name).toBe(name);
    expect(dataset.d).toBe(d);
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual(sizes);
    for (const split of [dataset.train, dataset.validation, dataset.test]) {
      expect(split.cols).toBe(d);
      expect(split.data.length).toBe(split.rows * d);
      expect(split.data.every(Number.isFinite)).toBe(true);
    }
    expect(dataset.normalization.mean).toHaveLength(d);
    expect(dataset.normalization.std).toHaveLength(d);
  });

  it('keeps the GAS and HEPMASS column names, and seeds POWER', async () => {
    expect((await loadBenchmark('gas', dataDir)).columnNames).toEqual(['R9', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16']);
    expect((await loadBenchmark('hepmass', dataDir)).columnNames).toEqual(Array.from({ length: 21 }, (_, k) => `f${k}`));
    const a = await loadBenchmark('POWER' as BenchmarkName, dataDir, { seed: 1 });
    expect((await loadBenchmark('power', dataDir, { seed: 1 })).train.data).toEqual(a.train.data);
    expect((await loadBenchmark('power', dataDir)).train.data).not.toEqual(a.train.data);
  });

  it('rejects an unknown name, listing the valid ones', async () => {
    await expect(loadBenchmark('cifar' as BenchmarkName, dataDir)).rejects.toThrow(
      'Unknown benchmark "cifar"; choose one of: power, gas, hepmass, miniboone, bsds300.',
    );
  });

  it('says where to get a missing file and where to put it', async () => {
    const elsewhere = join(dataDir, 'elsewhere');
    await expect(loadBenchmark('bsds300', elsewhere)).rejects.toThrow(
      `File not found: ${join(elsewhere, 'BSDS300', 'BSDS300.hdf5')}. Download the MAF data bundle (https://zenodo.org/record/1161203, data.tar.gz), ` +
        `extract it and pass its data/ folder as dataDir, so that ${join(elsewhere, 'BSDS300', 'BSDS300.hdf5')} exists.`,
    );
    mkdirSync(join(elsewhere, 'gas'), { recursive: true });
    writeFileSync(join(elsewhere, 'gas', 'ethylene_CO.pickle'), 'pickle');
    await expect(loadBenchmark('gas', elsewhere)).rejects.toThrow(
      `Found ${join(elsewhere, 'gas', 'ethylene_CO.pickle')} but not ${join(elsewhere, 'gas', 'ethylene_CO.csv')}: JavaScript cannot read pandas pickles. ` +
        'Convert it once with Python: python -c "import pandas as pd; pd.read_pickle(',
    );
  });

  it('rejects files whose layout is not the MAF one', async () => {
    const wrong = join(dataDir, 'wrong');
    mkdirSync(join(wrong, 'power'), { recursive: true });
    writeNpyFile(join(wrong, 'power', 'data.npy'), { descr: '<f8', shape: [30, 7] }, new Float64Array(210));
    await expect(loadBenchmark('power', wrong)).rejects.toThrow(`${join(wrong, 'power', 'data.npy')} has 7 columns, but the MAF POWER file`);
    mkdirSync(join(wrong, 'miniboone'));
    writeNpyFile(join(wrong, 'miniboone', 'data.npy'), { descr: '<f8', shape: [1, 43] }, Float64Array.from({ length: 43 }, (_, k) => (k === 5 ? Infinity : 0)));
    await expect(loadBenchmark('miniboone', wrong)).rejects.toThrow(
      'row index 0, column index 5 (0-based) holds Infinity, not a finite number; the MAF files have none',
    );
    mkdirSync(join(wrong, 'hepmass'));
    writeText(join(wrong, 'hepmass', '1000_train.csv'), 'label,a,b\n1,2,3\n');
    writeText(join(wrong, 'hepmass', '1000_test.csv'), 'label,a\n1,2\n');
    await expect(loadBenchmark('hepmass', wrong)).rejects.toThrow(
      `${join(wrong, 'hepmass', '1000_test.csv')} has 2 columns, but ${join(wrong, 'hepmass', '1000_train.csv')} has 3`,
    );
  });
});
