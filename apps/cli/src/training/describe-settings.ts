import type { TrainingSettings } from '@otflow/train';

/** A run's settings in one line, in the flags' terms: what `otflow train` prints before it starts. */
export function describeSettings(settings: TrainingSettings): string {
  const schedule =
    settings.learningRateDropEvery > 0
      ? `lr ${settings.learningRate} divided by ${settings.learningRateDropFactor} every ${settings.learningRateDropEvery}`
      : `lr ${settings.learningRate}`;
  const plateau =
    settings.earlyStoppingPatience > 0
      ? `, on ${settings.earlyStoppingPatience} validations without improvement divided by ${settings.learningRateDropFactor} (stop after ${settings.maxPlateauDrops})`
      : '';
  return [
    `m ${settings.m}, nTh ${settings.nTh}, nt ${settings.nt} (validation ${settings.ntVal})`,
    `batch ${settings.batchSize.toLocaleString('en-US')}, alph ${settings.alph.join(',')}`,
    `${settings.iterations.toLocaleString('en-US')} iterations, ${schedule}${plateau}`,
    `validation every ${settings.validateEvery}`,
    settings.clampWeights > 0 ? `weights clamped to ±${settings.clampWeights}` : 'no clamping',
  ].join(', ');
}
