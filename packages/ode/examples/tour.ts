// The README's examples, runnable: `pnpm --filter @otflow/ode example` (after building the package).
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@otflow/backend';
import { createStepper, odeint, OdeError } from '@otflow/ode';
import { odeint as odeintArray } from '@otflow/ode/array';

await setupTfjs(); // any tfjs backend works; otflow apps use the wasm one

// 1. Tensors: a batch of 3 points rotating about the origin, 32 RK4 steps.
{
  const rotation = tf.tensor2d([
    [0, -1],
    [1, 0],
  ]);
  const x0 = tf.tensor2d([
    [1, 0],
    [0, 1],
    [2, 2],
  ]);
  const { y, stats } = odeint((t, x) => tf.matMul(x, rotation), x0, { t0: 0, t1: Math.PI / 2, method: 'rk4', steps: 32 });
  console.log('quarter turn:', Array.from(y.dataSync(), (v) => +v.toFixed(4)), stats);
  tf.dispose([rotation, x0, y]);
}

// 2. Float64Array, adaptive Dormand–Prince (no tfjs needed with '@otflow/ode/array').
{
  const pendulum = (t: number, y: Float64Array, out: Float64Array) => {
    out[0] = y[1];
    out[1] = -Math.sin(y[0]);
    return out;
  };
  const { y, ts, ys, stats } = odeintArray(pendulum, Float64Array.of(1, 0), {
    t0: 0,
    t1: 10,
    rtol: 1e-8,
    atol: 1e-10,
    saveAt: { times: [0, 2.5, 5, 7.5, 10] },
  });
  console.log('pendulum angle at t=10:', y[0].toFixed(6), stats);
  console.log('saved angles:', ts!.map((t, i) => `${t}: ${ys![i][0].toFixed(4)}`).join(', '));
}

// 3. Backward in time with a record state (how OT-Flow samples: t from 1 to 0), and gradients.
{
  const a = tf.variable(tf.scalar(0.5));
  const state = { x: tf.tensor2d([[1, 2]]), logDet: tf.zeros([1, 1]) };
  const field = (t: number, s: typeof state) => ({ x: tf.mul(a, s.x), logDet: tf.mul(tf.onesLike(s.logDet), tf.mul(a, 2)) });
  const back = odeint(field, state, { t0: 1, t1: 0, method: 'rk4', steps: 8 });
  console.log('x(0) =', Array.from(back.y.x.dataSync()), 'expected', [Math.exp(-0.5), 2 * Math.exp(-0.5)]);
  const { value, grads } = tf.variableGrads(() => tf.sum(odeint(field, state, { t0: 0, t1: 1, method: 'rk4', steps: 8 }).y.x));
  console.log('d/da sum x(1) =', grads[a.name].dataSync()[0], 'expected', 3 * Math.exp(0.5));
  tf.dispose([a, state.x, state.logDet, back.y.x, back.y.logDet, value, grads[a.name]]);
}

// 4. Step by step, e.g. one animation frame per step.
{
  const y0 = tf.ones([4]);
  const stepper = createStepper((t, y) => tf.neg(y), y0, { t0: 0, t1: 2, rtol: 1e-6 });
  while (!stepper.done) {
    const { t, y } = stepper.step(); // y belongs to the stepper: valid until the next step()
    console.log(`frame t=${t.toFixed(3)} y[0]=${y.dataSync()[0].toFixed(5)}`);
  }
  stepper.dispose();
  y0.dispose();
}

// 5. Failures are explicit.
try {
  odeintArray((t, y, out) => ((out[0] = y[0] * y[0]), out), Float64Array.of(1), { t0: 0, t1: 2 });
} catch (error) {
  if (error instanceof OdeError) console.log(`${error.code}: ${error.message}`);
}
