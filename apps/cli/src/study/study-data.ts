import { createRandomGaussian, type DataMatrix, type GaussianData } from '@otflow/datasets';
import type { FlowModelKind } from '@otflow/model';
import { Random } from '@otflow/random';
import type { PointBatch } from '@otflow/train';
import type { StudyBudget } from './study-training';

/** What both studies are given. */
export interface StudyOptions {
  d: number;
  /** The models trained for every swept value, in this order: OT-Flow's potential and/or the velocity network. */
  modelKinds: readonly FlowModelKind[];
  budget: StudyBudget;
  testSize: number;
  seed: number;
  /** Folder for results.json (and the alpha study's model files). */
  outDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Threads each training run splits its batches over. */
  workers: number;
}

/** A study's data: N(μ, Σ) and its fixed test and validation draws. */
export interface StudyData {
  gaussian: GaussianData;
  test: DataMatrix;
  /**
   * The test points' mean −log ρ0(x) under the true density: the test NLL a perfect model would get on these very
   * points. It differs from the entropy by the test sample's noise (standard error √(d/2)/√n nats).
   */
  testCrossEntropy: number;
  /**
   * The test points' mean ½‖T(x) − x‖² under the closed-form OT map T: the transport cost the optimal map has on these
   * very points. It differs from ½W₂² by the test sample's noise (about 0.5 % of it at d = 2 and 4,096 points).
   */
  testTransportCost: number;
  validation: PointBatch;
}

/**
 * N(μ, Σ) with a non-zero mean and an anisotropic, rotated covariance, seeded, with a test set of `testSize` points
 * and a validation set of min(testSize, 2048) points, each from its own stream.
 */
export function studyData(d: number, seed: number, testSize: number): StudyData {
  const gaussian = createRandomGaussian({ dimension: d, seed: new Random(seed).fork('gaussian') });
  const test = gaussian.sample(testSize, new Random(`${seed}:test`));
  const validationDraw = gaussian.sample(Math.min(testSize, 2048), new Random(`${seed}:validation`));
  const testCrossEntropy = -gaussian.logDensity(test).reduce((sum, value) => sum + value, 0) / test.rows;
  return {
    gaussian,
    test,
    testCrossEntropy,
    testTransportCost: meanHalfSquaredDisplacement(test, gaussian.otMap(test)),
    validation: { data: validationDraw.data, rows: validationDraw.rows, cols: validationDraw.cols },
  };
}

/** Mean over rows of ½‖to − from‖². */
function meanHalfSquaredDisplacement(from: DataMatrix, to: DataMatrix): number {
  let sum = 0;
  for (let i = 0; i < from.data.length; i++) sum += (to.data[i] - from.data[i]) ** 2;
  return sum / 2 / from.rows;
}
