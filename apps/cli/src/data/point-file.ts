import { loadCsv, loadNpy, type LoadedMatrix } from '@otflow/datasets/node';
import { UsageError } from '../cli/command';

/** Reads a .csv (header detected) or .npy file of points, one per row. */
export async function loadPointFile(path: string, flag: string): Promise<LoadedMatrix> {
  if (/\.csv$/i.test(path)) return loadCsv(path);
  if (/\.npy$/i.test(path)) return loadNpy(path);
  throw new UsageError(`${flag} ${path}: point files must be .csv or .npy`);
}

/** Fails unless every point has the model's dimension; the message names the file and both dimensions. */
export function checkDimension(points: LoadedMatrix, d: number, source: string): void {
  if (points.cols !== d) {
    throw new Error(
      `${source} has ${points.cols} column${points.cols === 1 ? '' : 's'} per row, but the model is ${d}-dimensional: ` +
        `give points with exactly ${d} columns.`,
    );
  }
}
