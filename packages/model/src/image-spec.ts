/** What a model's decoder outputs approximate. */
export type DecoderOutput = 'pixels' | 'normalized-pixels';

export const DECODER_OUTPUTS: readonly DecoderOutput[] = ['pixels', 'normalized-pixels'];

/**
 * How an image model's autoencoder meets images. Pixels are intensities in [0, 1], row-major, channels last.
 * The encoder sees (pixel − pixelNormalization.mean) / pixelNormalization.std. `decoderOutput` says what the
 * decoder's sigmoid was trained to reproduce: `pixels` (models trained here: mean 0, std 1), or `normalized-pixels`,
 * the normalized image clipped to [0, 1] by the sigmoid (the OT-Flow authors' MNIST autoencoder, trained by MSE
 * against (p − 0.1307)/0.3081; its outputs look like the digit with its contrast stretched, and are how the authors
 * display them).
 */
export interface ImageSpec {
  width: number;
  height: number;
  channels: 1;
  pixelNormalization: { mean: number; std: number };
  decoderOutput: DecoderOutput;
}

/** The OT-Flow authors' MNIST pixel normalization, torchvision's transforms.Normalize((0.1307,), (0.3081,)). */
export const REFERENCE_MNIST_PIXEL_NORMALIZATION = Object.freeze({ mean: 0.1307, std: 0.3081 });

const KEYS = ['width', 'height', 'channels', 'pixelNormalization', 'decoderOutput'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an image spec (from a file or a caller); `where` prefixes field names in messages. Returns a copy. */
export function checkImageSpec(value: unknown, where = 'image.'): ImageSpec {
  const name = where.replace(/\.$/, '');
  if (!isRecord(value)) throw new Error(`${name} must be an object { ${KEYS.join(', ')} }, got ${value === null ? 'null' : typeof value}.`);
  const unknown = Object.keys(value).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) throw new Error(`${name} has unknown fields ${unknown.join(', ')}; it has ${KEYS.join(', ')}.`);
  for (const key of ['width', 'height'] as const) {
    const extent = value[key];
    if (typeof extent !== 'number' || !Number.isSafeInteger(extent) || extent < 1) {
      throw new Error(`${where}${key} must be a positive integer (pixels), got ${JSON.stringify(extent)}.`);
    }
  }
  if (value.channels !== 1) throw new Error(`${where}channels must be 1 (grayscale images), got ${JSON.stringify(value.channels)}.`);
  const normalization = value.pixelNormalization;
  if (!isRecord(normalization) || typeof normalization.mean !== 'number' || !Number.isFinite(normalization.mean) ||
    typeof normalization.std !== 'number' || !(normalization.std > 0) || !Number.isFinite(normalization.std)) {
    throw new Error(`${where}pixelNormalization must be { mean, std } with a finite mean and std > 0, got ${JSON.stringify(normalization)}.`);
  }
  if (!DECODER_OUTPUTS.includes(value.decoderOutput as DecoderOutput)) {
    throw new Error(`${where}decoderOutput must be ${DECODER_OUTPUTS.map((o) => `"${o}"`).join(' or ')}, got ${JSON.stringify(value.decoderOutput)}.`);
  }
  return {
    width: value.width as number,
    height: value.height as number,
    channels: 1,
    pixelNormalization: { mean: normalization.mean, std: normalization.std },
    decoderOutput: value.decoderOutput as DecoderOutput,
  };
}
