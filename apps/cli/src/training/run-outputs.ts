import type { TrainingRunPlan } from './run-checkpoint';

/** The model, history and checkpoint paths of a run whose model goes to `model` (a .json path). */
export function runOutputs(model: string): TrainingRunPlan['outputs'] {
  const base = model.replace(/\.json$/i, '');
  return { model, history: `${base}.history.json`, checkpoint: `${base}.ckpt.json` };
}
