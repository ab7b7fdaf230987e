import { describe, expect, it } from 'vitest';
import { FixedGrid } from './fixed-grid';

function nodes(grid: FixedGrid): number[] {
  const out: number[] = [];
  while (!grid.done) out.push(grid.next());
  return out;
}

describe('FixedGrid', () => {
  it('takes `steps` equal steps ending exactly at t1', () => {
    const grid = new FixedGrid(0, 1, { kind: 'fixed', steps: 4, maxStepSize: 0.25 }, undefined);
    expect(grid.totalSteps).toBe(4);
    expect(nodes(grid)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('runs backward when t1 < t0', () => {
    expect(nodes(new FixedGrid(1, 0, { kind: 'fixed', steps: 2, maxStepSize: 0.5 }, undefined))).toEqual([0.5, 0]);
  });

  it('takes ceil(|t1 − t0|/dt) equal steps when dt does not divide the span', () => {
    const grid = new FixedGrid(0, 1, { kind: 'fixed', steps: undefined, maxStepSize: 0.3 }, undefined);
    expect(grid.totalSteps).toBe(4);
    expect(nodes(grid)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('counts dt = 0.1 on [0, 1] as exactly 10 steps despite rounding', () => {
    expect(new FixedGrid(0, 1, { kind: 'fixed', steps: undefined, maxStepSize: 0.1 }, undefined).totalSteps).toBe(10);
    expect(new FixedGrid(0, 0.3, { kind: 'fixed', steps: undefined, maxStepSize: 0.1 }, undefined).totalSteps).toBe(3);
  });

  it('makes save times nodes, splitting each piece into steps no longer than the nominal one', () => {
    const grid = new FixedGrid(0, 1, { kind: 'fixed', steps: 4, maxStepSize: 0.25 }, [0, 0.5, 0.6, 1]);
    expect(nodes(grid)).toEqual([0.25, 0.5, 0.6, 0.8, 1]);
  });

  it('has no steps when t0 = t1', () => {
    const grid = new FixedGrid(2, 2, { kind: 'fixed', steps: 3, maxStepSize: 0 }, undefined);
    expect(grid.done).toBe(true);
    expect(grid.totalSteps).toBe(0);
  });
});
