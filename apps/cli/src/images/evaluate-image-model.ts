import type { ImageSet } from '@otflow/datasets';
import { nearestNeighbourClasses } from '@otflow/metrics';
import type { ImageFlow } from '@otflow/runtime';
import { formatQuantity } from '../cli/format-number';

export interface ImageEvaluation {
  images: number;
  nt: number;
  latentSize: number;
  /** Mean NLL, in nats, of the test images' codes in the flow's standardized latent coordinates (the authors' C). */
  latentNll: { mean: number; standardError: number };
  /** latentNll / (d ln 2): bits per latent dimension. */
  latentBitsPerDimension: number;
  /**
   * Mean squared error of decode(encode(image)) against what the decoder was trained to reproduce: the pixels (models
   * trained here) or the normalized image (the authors' MSE, for imported models).
   */
  reconstructionMse: number;
  reconstructionTarget: 'pixels' | 'normalized pixels';
  /**
   * The classes of generated images: each of `samples` samples labelled by its nearest test image (1-NN, Euclidean, in
   * the decoder's output units); null when the test images have no labels.
   */
  sampleClasses: { samples: number; seed: number; counts: number[]; classesFound: number[] } | null;
}

export interface ImageEvaluationOptions {
  nt: number;
  batchSize?: number;
  /** Generated images to classify. */
  samples: number;
  seed: number;
}

/** Evaluates an image model on test images (every image; their labels are not used). */
export async function evaluateImageModel(imageFlow: ImageFlow, test: ImageSet, options: ImageEvaluationOptions): Promise<ImageEvaluation> {
  const { data, rows, cols } = test.images;
  const nll = await imageFlow.latentNll(data, { nt: options.nt, batchSize: options.batchSize });
  const mean = nll.reduce((sum, value) => sum + value, 0) / rows;
  const variance = nll.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, rows - 1);
  const reconstruction = imageFlow.reconstruct(data, { batchSize: options.batchSize });
  const normalized = imageFlow.image.decoderOutput === 'normalized-pixels';
  const { mean: pixelMean, std: pixelStd } = imageFlow.image.pixelNormalization;
  let squared = 0;
  for (let i = 0; i < data.length; i++) {
    const target = normalized ? (data[i] - pixelMean) / pixelStd : data[i];
    squared += (reconstruction.data[i] - target) ** 2;
  }
  const d = imageFlow.latentSize;
  let sampleClasses: ImageEvaluation['sampleClasses'] = null;
  if (test.labels !== null && options.samples > 0) {
    const generated = await imageFlow.sample(options.samples, { nt: options.nt, seed: options.seed, batchSize: options.batchSize });
    // The test images in the decoder's units: a normalized-pixel decoder outputs clip((p − mean)/std, 0, 1).
    const reference = normalized ? data.map((p) => Math.min(1, Math.max(0, (p - pixelMean) / pixelStd))) : data;
    const classes = await nearestNeighbourClasses({ data: generated.data, rows: generated.count, cols }, { data: reference, rows, cols }, test.labels);
    sampleClasses = { samples: options.samples, seed: options.seed, counts: classes.counts, classesFound: classes.classesFound };
  }
  return {
    images: rows,
    nt: options.nt,
    latentSize: d,
    latentNll: { mean, standardError: Math.sqrt(variance / rows) },
    latentBitsPerDimension: mean / (d * Math.LN2),
    reconstructionMse: squared / (rows * cols),
    reconstructionTarget: normalized ? 'normalized pixels' : 'pixels',
    sampleClasses,
  };
}

/** The evaluation as aligned lines for people. */
export function formatImageEvaluation(report: ImageEvaluation, description: string): string {
  const rows: [string, string][] = [
    ['latent NLL', `${formatQuantity(report.latentNll.mean)} ± ${formatQuantity(report.latentNll.standardError, 2)} nats  (d = ${report.latentSize}, standardized codes)`],
    ['latent bits/dim', `${formatQuantity(report.latentBitsPerDimension)}  (NLL / (d ln 2))`],
    ['reconstruction MSE', `${formatQuantity(report.reconstructionMse, 4)}  (decode(encode(x)) against the ${report.reconstructionTarget})`],
  ];
  if (report.sampleClasses !== null) {
    const { samples, counts, classesFound } = report.sampleClasses;
    const histogram = counts.map((count, label) => `${label}: ${count}`).join(', ');
    rows.push(['sample classes', `${classesFound.length} found among ${samples} samples by 1-NN against these images  (${histogram})`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [`On ${report.images.toLocaleString('en-US')} ${description}, nt ${report.nt}:`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`)].join('\n');
}
