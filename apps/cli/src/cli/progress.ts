import type { AutoencoderProgressEvent, ProgressEvent } from '@otflow/train';
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

export interface TrainingProgress<E = ProgressEvent> {
  update(event: E): void;
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

/** What every progress event has, and how a kind of training words its numbers. */
interface ProgressEventBase {
  iteration: number;
  iterations: number;
  record: { learningRate: number };
  validation?: unknown;
  rolledBack?: string;
}

interface ProgressFormat<E extends ProgressEventBase> {
  /** The current batch's costs. */
  costs(event: E): string;
  /** The validation figure the status line keeps showing (e.g. `val NLL 1.23`), when this event validated. */
  validationSummary(event: E): string | null;
  /** A validating step's log-line part: the validation and the best so far. */
  validationLog(event: E): string;
}

const FLOW_FORMAT: ProgressFormat<ProgressEvent> = {
  costs: (event) => costs(event.record),
  validationSummary: (event) => (event.validation ? `val NLL ${formatQuantity(event.validation.nll)}` : null),
  validationLog: (event) => {
    const best = event.best ? `, best NLL ${formatQuantity(event.best.nll)} @ ${event.best.iteration}` : '';
    return `| val J ${formatQuantity(event.validation!.objective)} NLL ${formatQuantity(event.validation!.nll)}${best}`;
  },
};

const AUTOENCODER_FORMAT: ProgressFormat<AutoencoderProgressEvent> = {
  costs: (event) => `MSE ${formatQuantity(event.record.loss)}`,
  validationSummary: (event) => (event.validation ? `val MSE ${formatQuantity(event.validation.loss)}` : null),
  validationLog: (event) => {
    const best = event.best ? `, best ${formatQuantity(event.best.loss)} @ ${event.best.iteration}` : '';
    return `| val MSE ${formatQuantity(event.validation!.loss)}${best}`;
  },
};

/**
 * Training progress on stderr: on a terminal, a bar redrawn in place (ETA, iteration, J, L, C, R of the current
 * batch, latest validation NLL); otherwise plain log lines every `logEvery` iterations and at every validation.
 */
export function createTrainingProgress(stream: ProgressStream, options: TrainingProgressOptions): TrainingProgress {
  return createProgress(stream, options, FLOW_FORMAT);
}

/** The same for an autoencoder's training: the reconstruction MSE of the batch and of the validation set. */
export function createAutoencoderProgress(stream: ProgressStream, options: TrainingProgressOptions): TrainingProgress<AutoencoderProgressEvent> {
  return createProgress(stream, options, AUTOENCODER_FORMAT);
}

function createProgress<E extends ProgressEventBase>(stream: ProgressStream, options: TrainingProgressOptions, format: ProgressFormat<E>): TrainingProgress<E> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let firstIteration: number | null = null;
  let lastDraw = -Infinity;
  let statusShown = false;
  let latestValidation: string | null = null;

  const eta = (event: E): string => {
    const done = event.iteration - (firstIteration ?? event.iteration) + 1;
    const perIteration = (now() - started) / done;
    return formatDuration(perIteration * (event.iterations - event.iteration));
  };

  const clearStatus = () => {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };

  const drawStatus = (event: E) => {
    const fraction = event.iteration / event.iterations;
    const filled = Math.round(fraction * BAR_WIDTH);
    const validation = latestValidation === null ? '' : `  ${latestValidation}`;
    // The most useful parts first: a narrow terminal cuts the end of the line.
    const line =
      `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ` +
      `${event.iteration}/${event.iterations}  ETA ${eta(event)}${validation}  ${format.costs(event)}`;
    const width = stream.columns ?? 120;
    stream.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 1) : line}`);
    statusShown = true;
  };

  const logLine = (event: E) => {
    const parts = [`iter ${event.iteration}/${event.iterations}`, format.costs(event), `lr ${formatQuantity(event.record.learningRate, 3)}`];
    if (event.validation) parts.push(format.validationLog(event));
    parts.push(`| ${formatDuration(now() - started)}, ETA ${eta(event)}`);
    stream.write(`${parts.join('  ')}\n`);
  };

  return {
    update(event) {
      firstIteration ??= event.iteration;
      latestValidation = format.validationSummary(event) ?? latestValidation;
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
