// Writes the data files the READMEs' examples read, into the current folder. It runs there as a plain Node module
// against the built packages, like the README blocks themselves (see fixtures.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRandomGaussian, sampleToy, type DataMatrix } from '@otflow/datasets';
import { saveNpy } from '@otflow/datasets/node';

function toCsv(matrix: DataMatrix, header: readonly string[]): string {
  const lines = [header.join(',')];
  for (let row = 0; row < matrix.rows; row++) {
    lines.push(Array.from(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), (value) => value.toPrecision(7)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

// 2-D points for `otflow density` (a CSV with a header and the same points as .npy).
const points = sampleToy('8gaussians', 200, 1);
writeFileSync('points.csv', toCsv(points, ['x', 'y']));
await saveNpy('points.npy', points);

// "Your own data": 3 columns with a header, and held-out rows from the same distribution.
const measurements = createRandomGaussian({ dimension: 3, seed: 2 });
writeFileSync('measurements.csv', toCsv(measurements.sample(1000, 3), ['x1', 'x2', 'x3']));
writeFileSync('held-out.csv', toCsv(measurements.sample(300, 4), ['x1', 'x2', 'x3']));

// The MAF bundle's POWER file in its layout (maf/data/power/data.npy: 8 columns), small and synthetic: the real
// bundle is a 5 GB download. Examples reach it as ~/maf/data (HOME is the block's folder) or maf/data.
mkdirSync('maf/data/power', { recursive: true });
await saveNpy('maf/data/power/data.npy', createRandomGaussian({ dimension: 8, seed: 5 }).sample(2000, 6));
