import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { countTolerance, mean, quantile } from '../../test/statistics';
import { PINWHEEL_ARMS, pinwheel } from './pinwheel';

describe('pinwheel', () => {
  it('has five arms along angle −(2πk/5 + 0.25·e^r) with E‖x/2‖² = 1.1, shuffled', () => {
    const n = 10_000;
    const points = pinwheel(n, new Random(7));
    const squaredRadii = new Float64Array(n);
    const residuals = new Float64Array(n);
    const arms = new Array<number>(PINWHEEL_ARMS).fill(0);
    let armZeroInFirstTenth = 0;
    for (let i = 0; i < n; i++) {
      const x = points.data[2 * i] / 2;
      const y = points.data[2 * i + 1] / 2;
      const r = Math.hypot(x, y);
      squaredRadii[i] = r * r;
      // The point is f rotated by −a, and f is nearly (r, 0): its angle is ≈ −a, a = 2πk/5 + 0.25·e^r.
      const turned = -Math.atan2(y, x) - 0.25 * Math.exp(r);
      const armAngle = (2 * Math.PI) / PINWHEEL_ARMS;
      const arm = (((Math.round(turned / armAngle) % PINWHEEL_ARMS) + PINWHEEL_ARMS) % PINWHEEL_ARMS);
      const wrapped = Math.atan2(Math.sin(turned - arm * armAngle), Math.cos(turned - arm * armAngle));
      residuals[i] = Math.abs(wrapped);
      arms[arm]++;
      if (arm === 0 && i < n / 10) armZeroInFirstTenth++;
    }
    // E‖f‖² = E(0.3𝒩 + 1)² + E(0.1𝒩)² = 1.09 + 0.01.
    expect(mean(squaredRadii)).toBeCloseTo(1.1, 1);
    // The angle off the arm is ≈ atan(f₂/f₁) with f₂ ~ 0.1𝒩.
    expect(quantile(residuals, 0.95)).toBeLessThan(0.3);
    for (const count of arms) expect(Math.abs(count - n / 5)).toBeLessThan(countTolerance(n, 0.2));
    expect(Math.abs(armZeroInFirstTenth - n / 50)).toBeLessThan(countTolerance(n / 10, 0.2));
  });
});
