import * as tf from '@tensorflow/tfjs-core';
import type { ImageSpec } from '@otflow/model';

/**
 * Images as a caller has them: pixel intensities in [0, 1], row-major, either flat (one or more whole images, also as
 * a typed array; a Uint8Array holds bytes 0–255) or one array per image, or an n × pixels tensor.
 */
export type ImagesInput = tf.Tensor2D | Float32Array | Float64Array | Uint8Array | readonly number[] | readonly (ArrayLike<number>)[];

/** A batch of images: `count` rows of width × height pixel intensities in [0, 1], row-major. */
export interface ImageBatch {
  data: Float32Array;
  count: number;
  width: number;
  height: number;
}

/**
 * Images as float32 intensities in [0, 1], checked against the spec: whole images of width × height pixels, at
 * least one, every value finite and in [0, 1]. A Uint8Array is read as bytes (0–255). Messages name the argument,
 * the image and the pixel.
 */
export function readImages(images: ImagesInput, spec: ImageSpec, name: string): { data: Float32Array; count: number } {
  const pixels = spec.width * spec.height * spec.channels;
  const size = `${spec.width} × ${spec.height}`;
  let data: Float32Array;
  if (images instanceof tf.Tensor) {
    if (images.rank !== 2 || images.shape[1] !== pixels) {
      throw new Error(`${name} must be n × ${pixels} (${size} images, one per row), got a tensor of shape [${images.shape.join(', ')}].`);
    }
    data = Float32Array.from(images.dataSync());
  } else if (images instanceof Uint8Array) {
    data = Float32Array.from(images, (byte) => byte / 255);
  } else if (images instanceof Float32Array || images instanceof Float64Array) {
    data = Float32Array.from(images);
  } else if (Array.isArray(images) && images.every((value) => typeof value === 'number')) {
    data = Float32Array.from(images as readonly number[]);
  } else if (Array.isArray(images)) {
    data = new Float32Array(images.length * pixels);
    (images as readonly ArrayLike<number>[]).forEach((image, i) => {
      if (image === null || typeof image !== 'object' || image.length !== pixels) {
        const length = image !== null && typeof image === 'object' ? `${image.length} values` : typeof image;
        throw new Error(`${name}[${i}] must hold ${pixels} pixels (a ${size} image), got ${length}.`);
      }
      data.set(Array.from(image), i * pixels);
    });
  } else {
    throw new Error(`${name} must be a tf.Tensor2D, a typed array of pixels or an array of images.`);
  }
  if (data.length % pixels !== 0) {
    throw new Error(`${name} holds ${data.length} pixels, which is not a whole number of ${size} images (${pixels} pixels each).`);
  }
  const count = data.length / pixels;
  if (count === 0) throw new Error(`${name} is empty: pass at least one image.`);
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) {
      const pixel = i % pixels;
      throw new Error(
        `${name}: image ${Math.floor(i / pixels) + 1}, pixel (row ${Math.floor(pixel / spec.width) + 1}, column ${(pixel % spec.width) + 1}) ` +
          `is ${data[i]}; pixel intensities must lie in [0, 1].`,
      );
    }
  }
  return { data, count };
}
