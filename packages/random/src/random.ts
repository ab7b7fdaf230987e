/** A serializable snapshot of a {@link Random} stream, for checkpoints that resume exactly. */
export interface RandomState {
  /** The four 32-bit words of the xoshiro128** state. */
  words: [number, number, number, number];
  /** The second Box–Muller normal of the last pair, if it has not been used yet. */
  spareNormal: number | null;
}

type Seed = number | string;

/** splitmix32: spreads a 32-bit seed over well-mixed words, so nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the string's UTF-16 code units: turns a string seed or a fork label into 32 bits. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function seedToUint32(seed: Seed): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new Error(`A seed must be a finite integer or a string, got ${seed}.`);
  }
  // Fold the high bits of large integers in, so 1 and 2**32 + 1 differ.
  return (seed >>> 0) ^ hashString(String(Math.floor(seed / 2 ** 32)));
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}.`);
}

/**
 * A seeded random stream (xoshiro128**), identical on every platform: the same seed gives the same numbers in
 * Node and in browsers. Not for cryptography.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: Seed) {
    const next = splitmix32(seedToUint32(seed));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Restores a stream from {@link Random.state}. */
  static fromState(state: RandomState): Random {
    const words = state?.words;
    if (!Array.isArray(words) || words.length !== 4 || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new Error('A random state needs "words": four unsigned 32-bit integers.');
    }
    if (words.every((w) => w === 0)) throw new Error('A random state of all zeros is invalid for xoshiro128**.');
    const random = new Random(0);
    [random.s0, random.s1, random.s2, random.s3] = words;
    random.spare = state.spareNormal ?? null;
    return random;
  }

  /** The stream's position, to store in a checkpoint. */
  state(): RandomState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spare };
  }

  /** An independent stream derived from this one's current position and a label; this stream advances once. */
  fork(label: Seed = 0): Random {
    const labelBits = typeof label === 'string' ? hashString(label) : seedToUint32(label);
    return new Random((this.nextUint32() ^ Math.imul(labelBits, 0x9e3779b1)) >>> 0);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Standard normal (Box–Muller, both values of each pair used). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new Error(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}.`);
    // Rejection sampling removes the modulo bias.
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  bernoulli(p = 0.5): boolean {
    return this.uniform() < p;
  }

  /** n uniform draws on [low, high). */
  uniformArray(n: number, low = 0, high = 1): Float64Array {
    checkCount(n, 'n');
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + (high - low) * this.uniform();
    return out;
  }

  /** n standard normal draws. */
  normalArray(n: number): Float64Array {
    checkCount(n, 'n');
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** Fills `target` with standard normal draws and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(target: T): T {
    for (let i = 0; i < target.length; i++) target[i] = this.normal();
    return target;
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Uint32Array {
    checkCount(n, 'n');
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
