// A worker for WorkerPool's tests: it sets up tfjs as otflow's workers do, then answers requests (or fails on purpose).
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '../src/setup';
import { serveWorker } from '../src/worker-service';

export interface TestWorkerInit {
  failSetup?: boolean;
}

export type TestRequest =
  | { kind: 'gradient'; x: number[] }
  | { kind: 'throw'; message: string }
  | { kind: 'exit'; code: number }
  | { kind: 'hang' }
  | { kind: 'backend' };

serveWorker(async (init: TestWorkerInit) => {
  if (init.failSetup) throw new Error('setup failed on purpose');
  await setupTfjs();
  return (request: TestRequest) => {
    switch (request.kind) {
      case 'gradient':
        // d/dx Σx³ = 3x²: needs tfjs-core's gradient registrations in this thread.
        return Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.pow(x, 3)))(tf.tensor1d(request.x))).dataSync());
      case 'throw':
        throw new RangeError(request.message);
      case 'exit':
        process.exit(request.code);
        break;
      case 'hang':
        for (;;);
      case 'backend':
        return tf.getBackend();
    }
  };
});
