import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { oscillator } from '../test/problems';
import { OdeError } from './errors';
import { createStepper, odeint } from './index';

describe('createStepper', () => {
  it('takes the same steps as odeint, one per call (Float64Array, fixed)', () => {
    const y0 = Float64Array.from(oscillator.y0);
    const stepper = createStepper(oscillator.f, y0, { t0: 0, t1: 1, method: 'rk4', steps: 4 });
    expect(stepper.y).toBe(y0);
    const times: number[] = [];
    while (!stepper.done) times.push(stepper.step().t);
    expect(times).toEqual([0.25, 0.5, 0.75, 1]);
    const reference = odeint(oscillator.f, y0, { t0: 0, t1: 1, method: 'rk4', steps: 4 });
    expect(Array.from(stepper.y)).toEqual(Array.from(reference.y));
    expect(stepper.stats).toEqual(reference.stats);
    // Once done, step() hands back the final state without more work.
    expect(stepper.step()).toMatchObject({ t: 1, done: true });
    expect(stepper.stats.nfev).toBe(16);
    stepper.dispose();
    expect(() => stepper.step()).toThrow('This stepper was disposed; create a new one with createStepper.');
  });

  it('steps an adaptive tensor solve backward in time, freeing its tensors on dispose', () => {
    const y0 = tf.tensor2d([[...oscillator.y0]]);
    const rotate = tf.tensor2d([
      [0, -1],
      [1, 0],
    ]);
    const field = (_t: number, y: tf.Tensor2D) => tf.matMul(y, rotate);
    const before = tf.memory().numTensors;
    const stepper = createStepper(field, y0, { t0: 3, t1: 0, rtol: 1e-6 });
    let last = 3;
    let frames = 0;
    while (!stepper.done) {
      const { t, y } = stepper.step();
      expect(t).toBeLessThan(last);
      expect(y.shape).toEqual([1, 2]);
      last = t;
      frames++;
    }
    expect(stepper.t).toBe(0);
    expect(frames).toBe(stepper.stats.accepted);
    const reference = odeint(field, y0, { t0: 3, t1: 0, rtol: 1e-6 });
    expect(Array.from(stepper.y.dataSync())).toEqual(Array.from(reference.y.dataSync()));
    reference.y.dispose();
    stepper.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(y0.isDisposed).toBe(false);
    tf.dispose([y0, rotate]);
  });

  it('validates its options like odeint and refuses odeint-only ones', () => {
    const y0 = new Float64Array(2);
    expect(() => createStepper(oscillator.f, y0, { t0: 0, t1: 1, method: 'euler' })).toThrow(OdeError);
    expect(() => createStepper(oscillator.f, y0, { t0: 0, t1: 1, onProgress: () => {} } as never)).toThrow(
      /^Unknown option "onProgress" \(onProgress is an odeint option: a stepper hands you every step\)/,
    );
  });
});
