/** The random streams of a run; each is seeded from the run's seed and its purpose, so they never overlap. */
export type StreamPurpose = 'training-batches' | 'autoencoder-batches' | 'validation' | 'validation-split' | 'test' | 'subsample' | 'samples';

export function streamSeed(seed: number, purpose: StreamPurpose): string {
  return `${seed}:${purpose}`;
}
