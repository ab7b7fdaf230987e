import { readPoints, type PointSet } from './point-set';

export interface NearestNeighbourClasses {
  /** The label of each query's nearest reference point (squared Euclidean distance; ties go to the first). */
  labels: Int32Array;
  /** How many queries got each label, indexed by label. */
  counts: number[];
  /** The labels that occur, in increasing order. */
  classesFound: number[];
}

/**
 * Classifies each query point by its nearest neighbour among labelled reference points (1-NN, Euclidean): for
 * instance, generated images against held-out real ones, to see which classes a generative model produces. Labels
 * are non-negative integers.
 */
export async function nearestNeighbourClasses(queries: PointSet, reference: PointSet, labels: ArrayLike<number>): Promise<NearestNeighbourClasses> {
  const query = await readPoints(queries, 'queries');
  const known = await readPoints(reference, 'reference');
  if (query.cols !== known.cols) throw new Error(`queries have ${query.cols} coordinates but the reference points ${known.cols}.`);
  if (labels.length !== known.rows) throw new Error(`There are ${labels.length} labels for ${known.rows} reference points; give one label per point.`);
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0) throw new Error(`labels[${i}] is ${labels[i]}; labels must be non-negative integers.`);
  }
  const d = query.cols;
  const out = new Int32Array(query.rows);
  const counts: number[] = [];
  for (let i = 0; i < query.rows; i++) {
    let best = Infinity;
    let nearest = 0;
    for (let j = 0; j < known.rows; j++) {
      let distance = 0;
      for (let k = 0; k < d && distance < best; k++) {
        const difference = query.data[i * d + k] - known.data[j * d + k];
        distance += difference * difference;
      }
      if (distance < best) {
        best = distance;
        nearest = j;
      }
    }
    out[i] = labels[nearest];
    counts[out[i]] = (counts[out[i]] ?? 0) + 1;
  }
  const filled = Array.from(counts, (count) => count ?? 0);
  return { labels: out, counts: filled, classesFound: filled.flatMap((count, label) => (count > 0 ? [label] : [])) };
}
