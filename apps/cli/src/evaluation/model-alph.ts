import type { TrainingMetadata } from '@otflow/model';

function isAlph(value: unknown): value is [number, number, number] {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** The objective weights a model was trained (or imported) with, from its metadata: settings.alph, else alph. */
export function alphFromMetadata(training: TrainingMetadata | null): [number, number, number] | undefined {
  const settings = training?.settings as { alph?: unknown } | undefined;
  if (isAlph(settings?.alph)) return settings.alph;
  return isAlph(training?.alph) ? training.alph : undefined;
}
