// The entry of a ParallelTrainer's worker threads: each sets up its own tfjs backend and computes its shard's gradient.
import { setupTfjs } from '@otflow/backend';
import { serveWorker } from '@otflow/backend/node';
import type { GradientRequest, GradientWorkerInit } from './gradient-messages';
import { GradientShard } from './gradient-shard';

serveWorker(async (init: GradientWorkerInit) => {
  await setupTfjs({ backend: init.backend });
  const shard = new GradientShard(init);
  return (request: GradientRequest) => shard.handle(request);
});
