import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maxError, oscillator } from '../test/problems';
import { createStepper, OdeError, odeint } from './array';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every module the array entry loads, following relative imports (type-only imports load nothing). */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(join(SRC, file), 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)].map(
      (match) => match[1] ?? match[2],
    );
    graph.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith('./')) visit(`${specifier.slice(2)}.ts`);
  };
  visit(entry);
  return graph;
}

describe('@otflow/ode/array', () => {
  it('does not load tfjs-core, directly or through another module', () => {
    const graph = importGraph('array.ts');
    expect(graph.has('array-state.ts')).toBe(true);
    expect(graph.has('tensor-state.ts')).toBe(false);
    for (const [file, specifiers] of graph) {
      for (const specifier of specifiers) expect(`${file} → ${specifier}`).not.toMatch(/@tensorflow/);
    }
    // The check itself sees tfjs where it is imported.
    expect([...importGraph('index.ts').values()].flat()).toContain('@tensorflow/tfjs-core');
  });

  it('solves Float64Array states with the same odeint and stepper', () => {
    const { y } = odeint(oscillator.f, Float64Array.from(oscillator.y0), { t0: 0, t1: 2, rtol: 1e-8, atol: 1e-10 });
    expect(maxError(y, oscillator.exact(2))).toBeLessThan(1e-7);
    const stepper = createStepper(oscillator.f, Float64Array.from(oscillator.y0), { t0: 0, t1: 2, method: 'heun', steps: 2 });
    expect(stepper.step().t).toBe(1);
  });

  it('says which entry to use for a tensor state', () => {
    expect(() => odeint(oscillator.f, [1, 0] as never, { t0: 0, t1: 1 })).toThrow(OdeError);
    expect(() => odeint(oscillator.f, [1, 0] as never, { t0: 0, t1: 1 })).toThrow(
      'y0 must be a Float64Array (@otflow/ode/array integrates Float64Array states; import @otflow/ode for tensors), got Array.',
    );
  });
});
