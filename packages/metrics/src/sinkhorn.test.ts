import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { momentMatchedGaussian } from '../test/gaussian-points';
import { readPoints, type PointArray, type Points } from './point-set';
import { entropicTransport } from './sinkhorn';
import { wasserstein2 } from './wasserstein2';

const defaults = { relativeEpsilon: 0.005, maxIterations: 10_000, tolerance: 1e-5 };

async function points(array: PointArray): Promise<Points> {
  return readPoints(array, 'points');
}

describe('entropicTransport', () => {
  const random = new Random('sinkhorn');
  const x = momentMatchedGaussian(random, 150, [0, 0], [1, 1]);
  const y = momentMatchedGaussian(random, 120, [1, -0.5], [0.5, 1.5]);

  it('converges to a plan whose cost bounds the exact W₂² from above, closer as ε shrinks', async () => {
    const exact = (await wasserstein2(x, y, { method: 'exact' })).squared;
    const costs: number[] = [];
    for (const relativeEpsilon of [0.05, 0.01, 0.002]) {
      const transport = entropicTransport(await points(x), await points(y), { ...defaults, relativeEpsilon });
      expect(transport.converged).toBe(true);
      expect(transport.marginalError).toBeLessThanOrEqual(defaults.tolerance);
      costs.push(transport.cost);
    }
    expect(costs[0]).toBeGreaterThan(costs[1]);
    expect(costs[1]).toBeGreaterThan(costs[2]);
    expect(costs[2]).toBeGreaterThanOrEqual(exact);
    expect(costs[2] / exact - 1).toBeLessThan(0.01);
  });

  it('adds the shift of the means exactly: translating y adds ‖shift‖² and nothing else', async () => {
    const shift = [300, -40];
    const shifted = { ...y, data: Float64Array.from(y.data, (value, k) => value + shift[k % 2]) };
    const base = entropicTransport(await points(x), await points(y), defaults);
    const moved = entropicTransport(await points(x), await points(shifted), defaults);
    expect(moved.epsilon).toBeCloseTo(base.epsilon, 9);
    expect(moved.cost - base.cost).toBeCloseTo(300 ** 2 + 40 ** 2 + 2 * (300 * 1 + 40 * 0.5), 6);
  });

  it('stays finite at a tiny ε on widely spread points (the stabilization absorbs large scalings)', async () => {
    const wide = momentMatchedGaussian(random, 60, [0, 0], [100, 100]);
    const other = momentMatchedGaussian(random, 60, [0, 0], [80, 120]);
    const exact = (await wasserstein2(wide, other, { method: 'exact' })).squared;
    const transport = entropicTransport(await points(wide), await points(other), { ...defaults, relativeEpsilon: 1e-4 });
    expect(transport.converged).toBe(true);
    expect(transport.cost / exact - 1).toBeGreaterThanOrEqual(-1e-9);
    expect(transport.cost / exact - 1).toBeLessThan(1e-3);
  });

  it('reports running out of sweeps', async () => {
    const transport = entropicTransport(await points(x), await points(y), { ...defaults, maxIterations: 3 });
    expect(transport).toMatchObject({ iterations: 3, converged: false });
    expect(transport.marginalError).toBeGreaterThan(defaults.tolerance);
  });

  it('moves single points, or sets identical up to translation, at the cost of the shift alone', async () => {
    const single = await points({ data: [1, 2], rows: 1, cols: 2 });
    const other = await points({ data: [4, 6], rows: 1, cols: 2 });
    expect(entropicTransport(single, other, defaults)).toMatchObject({ cost: 25, epsilon: 0, converged: true });
  });
});
