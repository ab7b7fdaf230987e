import type { FixedPlan } from './options';

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly steps: number;
}

// |span|/dt within this relative distance of an integer counts as that integer, so dt = 0.1 on [0, 1] is 10 steps.
const DIVISIBILITY_TOLERANCE = 1e-9;

/**
 * The time nodes of a fixed-step solve. Requested save times become nodes: the interval between consecutive
 * nodes of [t0, save times…, t1] is split into the fewest equal steps no longer than the plan's step size, so a
 * solve steps exactly onto every save time and the last node is exactly t1.
 */
export class FixedGrid {
  readonly totalSteps: number;
  private readonly segments: Segment[];
  private segment = 0;
  private stepInSegment = 0;

  constructor(t0: number, t1: number, plan: FixedPlan, saveTimes: readonly number[] | undefined) {
    const interior = (saveTimes ?? []).filter((time) => time !== t0 && time !== t1);
    const bounds = [t0, ...interior, t1];
    this.segments = [];
    if (t0 !== t1) {
      for (let i = 1; i < bounds.length; i++) {
        const start = bounds[i - 1];
        const end = bounds[i];
        const steps = interior.length === 0 && plan.steps !== undefined ? plan.steps : stepsFor(Math.abs(end - start), plan.maxStepSize);
        this.segments.push({ start, end, steps });
      }
    }
    this.totalSteps = this.segments.reduce((total, segment) => total + segment.steps, 0);
  }

  get done(): boolean {
    return this.segment >= this.segments.length;
  }

  /** The next node. Nodes are computed from segment ends (no accumulated rounding); segment ends are exact. */
  next(): number {
    const { start, end, steps } = this.segments[this.segment];
    this.stepInSegment++;
    if (this.stepInSegment === steps) {
      this.segment++;
      this.stepInSegment = 0;
      return end;
    }
    return start + (end - start) * (this.stepInSegment / steps);
  }
}

function stepsFor(length: number, maxStepSize: number): number {
  return Math.max(1, Math.ceil(length / maxStepSize - DIVISIBILITY_TOLERANCE));
}
