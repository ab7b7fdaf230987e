import type { MeanCosts } from '@otflow/loss';

/** One optimizer step's batch costs (numerics §5 means over the training batch). */
export interface IterationRecord {
  iteration: number;
  objective: number;
  transportCost: number;
  nll: number;
  hjb: number;
  learningRate: number;
}

/** One validation's costs over the whole validation set. */
export interface ValidationRecord extends Omit<MeanCosts, 'count'> {
  iteration: number;
}
