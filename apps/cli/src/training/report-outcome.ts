import type { CommandContext } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { formatDuration } from '../cli/format-duration';
import { formatQuantity } from '../cli/format-number';
import type { TrainingRunOutcome } from './training-run';

/** Says how a run ended on stderr (and as JSON on stdout with --json); returns the exit code. */
export function reportTrainingOutcome(outcome: TrainingRunOutcome, context: CommandContext, json: boolean): number {
  if (outcome.status === 'interrupted') {
    const checkpoint = displayPath(outcome.checkpoint);
    context.stderr.write(
      `Interrupted after iteration ${outcome.iteration}; checkpoint saved to ${checkpoint}. ` +
        `Resume with: otflow train --resume ${checkpoint}\n`,
    );
    return 130;
  }
  const { summary } = outcome;
  const lines = [`${summary.message} Training took ${formatDuration(summary.wallSeconds * 1000)}.`];
  if (summary.best) {
    const b = summary.best;
    lines.push(
      `Best validation at iteration ${b.iteration}: NLL ${formatQuantity(b.nll)}, J ${formatQuantity(b.objective)}, ` +
        `L ${formatQuantity(b.transportCost)}, R ${formatQuantity(b.hjb)}.`,
    );
  }
  lines.push(`Model (best validated weights): ${displayPath(summary.model)}`, `Loss history: ${displayPath(summary.history)}`);
  context.stderr.write(`${lines.join('\n')}\n`);
  if (json) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
