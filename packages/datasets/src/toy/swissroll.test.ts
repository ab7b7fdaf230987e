import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans, covariance, integrate, quantile, row } from '../../test/statistics';
import { swissroll } from './swissroll';

describe('swissroll', () => {
  const n = 20_000;
  const points = swissroll(n, new Random(3));
  const scaled = { data: points.data.map((v) => 5 * v), rows: n, cols: 2 };
  const lo = 1.5 * Math.PI;
  const hi = 4.5 * Math.PI;
  const expectation = (f: (t: number) => number) => integrate(f, lo, hi) / (hi - lo);

  it('has the mean and covariance of (t cos t, t sin t) + 𝒩² with t = 1.5π(1 + 2U)', () => {
    const mx = expectation((t) => t * Math.cos(t));
    const my = expectation((t) => t * Math.sin(t));
    const cxx = expectation((t) => (t * Math.cos(t)) ** 2) - mx * mx + 1;
    const cyy = expectation((t) => (t * Math.sin(t)) ** 2) - my * my + 1;
    const cxy = expectation((t) => t * t * Math.cos(t) * Math.sin(t)) - mx * my;
    const mean = columnMeans(scaled);
    const c = covariance(scaled);
    expect(Math.abs(mean[0] - mx)).toBeLessThan(5 * Math.sqrt(cxx / n));
    expect(Math.abs(mean[1] - my)).toBeLessThan(5 * Math.sqrt(cyy / n));
    expect(c[0][0] / cxx).toBeCloseTo(1, 1);
    expect(c[1][1] / cyy).toBeCloseTo(1, 1);
    expect(Math.abs(c[0][1] - cxy)).toBeLessThan(0.05 * Math.sqrt(cxx * cyy));
  });

  it('lies on the spiral radius = angle (up to unit noise)', () => {
    const residuals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [x, y] = row(scaled, i);
      const radius = Math.hypot(x, y);
      const angle = Math.atan2(y, x);
      let best = Infinity;
      for (let k = -1; k <= 3; k++) best = Math.min(best, Math.abs(radius - (angle + 2 * Math.PI * k)));
      residuals[i] = best;
    }
    // |𝒩(0,1)| has its 90% quantile at 1.64.
    expect(quantile(residuals, 0.9)).toBeLessThan(2);
  });
});
