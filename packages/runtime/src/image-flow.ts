import type { Autoencoder, AutoencoderConfig, ImageSpec } from '@otflow/model';
import type { Flow, IntegrationOptions, SampleOptions } from './flow';
import { readImages, type ImageBatch, type ImagesInput } from './images-input';
import { readPoints, type PointMatrix, type PointsInput } from './points-input';

export interface InterpolationOptions extends IntegrationOptions {
  /** Images along the path, both ends included. Default 8. */
  steps?: number;
}

function checkPositiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

/**
 * A flow in an autoencoder's latent space, as images: samples decode the flow's samples, `encode` maps an image to its
 * Gaussian code (encoder, latent standardization, flow forward), `decode` maps codes back (flow inverse, decoder), and
 * `interpolate` walks a straight line between two images' Gaussian codes. Pixels are intensities in [0, 1]; what
 * decoded values mean is `image.decoderOutput` (see ImageSpec). Create it with `loadImageFlow`; free it with dispose.
 */
export class ImageFlow {
  readonly image: ImageSpec;
  readonly autoencoderConfig: AutoencoderConfig;

  constructor(
    /** The flow on latent codes (its normalization is the latent standardization). */
    readonly flow: Flow,
    private readonly autoencoder: Autoencoder,
    image: ImageSpec,
  ) {
    if (autoencoder.config.latentSize !== flow.d) {
      throw new Error(`The autoencoder's latent size ${autoencoder.config.latentSize} differs from the flow's dimension ${flow.d}.`);
    }
    if (autoencoder.config.inputSize !== image.width * image.height * image.channels) {
      throw new Error(`The autoencoder takes ${autoencoder.config.inputSize} values, but a ${image.width} × ${image.height} image has ${image.width * image.height}.`);
    }
    this.image = image;
    this.autoencoderConfig = autoencoder.config;
  }

  /** Dimension of the latent space the flow models. */
  get latentSize(): number {
    return this.flow.d;
  }

  /** `n` generated images: y ~ N(0, I), the flow from t = 1 back to 0, then the decoder. */
  async sample(n: number, options: SampleOptions = {}): Promise<ImageBatch> {
    const codes = await this.flow.sample(n, options);
    return this.decodeLatent(codes.data, n, options.batchSize);
  }

  /** The Gaussian codes z = f(standardize(encode(image))) of images (n × latentSize). */
  async encode(images: ImagesInput, options: IntegrationOptions = {}): Promise<PointMatrix> {
    const latent = this.encodeLatent(images, options.batchSize);
    return (await this.flow.forward(latent.data, options)).points;
  }

  /** Images decoded from Gaussian codes z (n × latentSize): the flow's inverse, then the decoder. */
  async decode(z: PointsInput, options: IntegrationOptions = {}): Promise<ImageBatch> {
    const codes = readPoints(z, this.latentSize, 'z');
    const { points } = await this.flow.inverse(codes.data, options);
    return this.decodeLatent(points.data, points.rows, options.batchSize);
  }

  /**
   * `steps` images on the straight line between the Gaussian codes of images `a` and `b` (both ends included; the
   * reference interpolates the same way), decoded.
   */
  async interpolate(a: ImagesInput, b: ImagesInput, options: InterpolationOptions = {}): Promise<ImageBatch> {
    const steps = checkPositiveInteger(options.steps ?? 8, 'steps');
    if (steps < 2) throw new Error(`steps must be at least 2 (the two ends), got ${steps}.`);
    const ends = [readImages(a, this.image, 'a'), readImages(b, this.image, 'b')];
    ends.forEach((end, i) => {
      if (end.count !== 1) throw new Error(`${i === 0 ? 'a' : 'b'} must be one image, got ${end.count}.`);
    });
    const pair = new Float32Array(2 * ends[0].data.length);
    pair.set(ends[0].data);
    pair.set(ends[1].data, ends[0].data.length);
    const { data: codes } = await this.encode(pair, options);
    const d = this.latentSize;
    const path = new Float32Array(steps * d);
    for (let k = 0; k < steps; k++) {
      const t = k / (steps - 1);
      for (let j = 0; j < d; j++) path[k * d + j] = (1 - t) * codes[j] + t * codes[d + j];
    }
    return this.decode(path, options);
  }

  /**
   * Each image's negative log-likelihood, in nats, of its latent code in the flow's standardized coordinates: the
   * reference's C = ½‖z‖² + (d/2) log 2π − ℓ(1) for x = standardize(encode(image)) (numerics §5).
   */
  async latentNll(images: ImagesInput, options: IntegrationOptions = {}): Promise<Float32Array> {
    const latent = this.encodeLatent(images, options.batchSize);
    const logProb = await this.flow.logProb(latent.data, options);
    // flow.logProb is in raw latent units: it includes −Σ log std of the standardization, which C does not.
    const logScale = this.flow.normalization?.std.reduce((sum, s) => sum + Math.log(s), 0) ?? 0;
    return logProb.map((value) => -(value + logScale));
  }

  /** The autoencoder alone (no flow): decode(encode(images)), for reconstruction errors. */
  reconstruct(images: ImagesInput, options: { batchSize?: number } = {}): ImageBatch {
    const latent = this.encodeLatent(images, options.batchSize);
    return this.decodeLatent(latent.data, latent.rows, options.batchSize);
  }

  /**
   * Latent codes of images before the flow, in the flow's standardized coordinates (what the flow was trained on;
   * the reference's (encode(x) − mu)/(std + eps)).
   */
  standardizedLatent(images: ImagesInput, options: { batchSize?: number } = {}): PointMatrix {
    const latent = this.encodeLatent(images, options.batchSize);
    const normalization = this.flow.normalization;
    if (normalization !== null) {
      const d = this.latentSize;
      for (let i = 0; i < latent.data.length; i++) latent.data[i] = (latent.data[i] - normalization.mean[i % d]) / normalization.std[i % d];
    }
    return latent;
  }

  /** Frees the flow's and the autoencoder's tensors. */
  dispose(): void {
    this.flow.dispose();
    this.autoencoder.dispose();
  }

  /** Raw latent codes (encoder output) of images, in batches. */
  private encodeLatent(images: ImagesInput, batchSize?: number): PointMatrix {
    const { data, count } = readImages(images, this.image, 'images');
    const { mean, std } = this.image.pixelNormalization;
    if (mean !== 0 || std !== 1) for (let i = 0; i < data.length; i++) data[i] = (data[i] - mean) / std;
    return { data: this.autoencoder.encodeValues(data, { batchSize }), rows: count, cols: this.latentSize };
  }

  /** Images decoded from raw latent codes, in batches. */
  private decodeLatent(latent: Float32Array, count: number, batchSize?: number): ImageBatch {
    return { data: this.autoencoder.decodeValues(latent, { batchSize }), count, width: this.image.width, height: this.image.height };
  }
}
