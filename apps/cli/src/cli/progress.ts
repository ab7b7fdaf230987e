import type { ProgressEvent } from '@otflow/train';
import { formatDuration } from './format-duration';
import { formatQuantity } from './format-number';

/** Where progress goes: stderr, which may be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

export interface TrainingProgressOptions {
  /** Redraw one status line (a terminal) instead of printing log lines. */
  interactive: boolean;
  /** Print a log line every this many iterations (validations and the last iteration always print). */
  logEvery: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

export interface TrainingProgress {
  update(event: ProgressEvent): void;
  /** A message on a line of its own, without breaking the status line. */
  log(line: string): void;
  /** Ends the status line. */
  finish(): void;
}

const BAR_WIDTH = 20;
const REDRAW_MS = 100;

function costs(record: { objective: number; transportCost: number; nll: number; hjb: number }): string {
  return `J ${formatQuantity(record.objective)}  L ${formatQuantity(record.transportCost)}  C ${formatQuantity(record.nll)}  R ${formatQuantity(record.hjb)}`;
}

/**
 * Training progress on stderr: on a terminal, a bar redrawn in place (ETA, iteration, J, L, C, R of the current
 * batch, latest validation NLL); otherwise plain log lines every `logEvery` iterations and at every validation.
 */
export function createTrainingProgress(stream: ProgressStream, options: TrainingProgressOptions): TrainingProgress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let firstIteration: number | null = null;
  let lastDraw = -Infinity;
  let statusShown = false;
  let latestValidationNll: number | null = null;

  const eta = (event: ProgressEvent): string => {
    const done = event.iteration - (firstIteration ?? event.iteration) + 1;
    const perIteration = (now() - started) / done;
    return formatDuration(perIteration * (event.iterations - event.iteration));
  };

  const clearStatus = () => {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };

  const drawStatus = (event: ProgressEvent) => {
    const fraction = event.iteration / event.iterations;
    const filled = Math.round(fraction * BAR_WIDTH);
    const validation = latestValidationNll === null ? '' : `  val NLL ${formatQuantity(latestValidationNll)}`;
    // The most useful parts first: a narrow terminal cuts the end of the line.
    const line =
      `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ` +
      `${event.iteration}/${event.iterations}  ETA ${eta(event)}${validation}  ${costs(event.record)}`;
    const width = stream.columns ?? 120;
    stream.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 1) : line}`);
    statusShown = true;
  };

  const logLine = (event: ProgressEvent) => {
    const parts = [`iter ${event.iteration}/${event.iterations}`, costs(event.record), `lr ${formatQuantity(event.record.learningRate, 3)}`];
    if (event.validation) {
      const best = event.best ? `, best NLL ${formatQuantity(event.best.nll)} @ ${event.best.iteration}` : '';
      parts.push(`| val J ${formatQuantity(event.validation.objective)} NLL ${formatQuantity(event.validation.nll)}${best}`);
    }
    parts.push(`| ${formatDuration(now() - started)}, ETA ${eta(event)}`);
    stream.write(`${parts.join('  ')}\n`);
  };

  return {
    update(event) {
      firstIteration ??= event.iteration;
      if (event.validation) latestValidationNll = event.validation.nll;
      if (event.rolledBack) this.log(event.rolledBack);
      const last = event.iteration === event.iterations;
      if (options.interactive) {
        if (last || event.validation || now() - lastDraw >= REDRAW_MS) {
          drawStatus(event);
          lastDraw = now();
        }
      } else if (last || event.validation || event.iteration % options.logEvery === 0) {
        logLine(event);
      }
    },
    log(line) {
      clearStatus();
      stream.write(`${line}\n`);
    },
    finish() {
      if (statusShown) stream.write('\n');
      statusShown = false;
    },
  };
}
