// The entry of a parallel Flow's worker threads: each sets up its own tfjs backend and integrates blocks of rows.
import { setupTfjs } from '@otflow/backend';
import { serveWorker } from '@otflow/backend/node';
import { parseModelFile } from '@otflow/model';
import { BlockIntegrator, flowSource, type FlowBlock, type FlowWorkerInit } from './flow-block';

serveWorker(async (init: FlowWorkerInit) => {
  await setupTfjs({ backend: init.backend });
  const { model } = parseModelFile(init.model);
  // Lives as long as the worker: the model's prepared weights and fields are made once.
  const integrator = new BlockIntegrator(flowSource(model).source, model.config.d);
  return (block: FlowBlock) => integrator.integrate(block);
});
