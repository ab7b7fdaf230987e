import { setupTfjs } from '@otflow/backend';
import { Autoencoder, parseModelFile } from '@otflow/model';
import { DEFAULT_STEPS, Flow } from './flow';
import { ImageFlow } from './image-flow';
import { readSource, type LoadFlowOptions, type ModelSource } from './load-flow';

/**
 * Loads an image model file (version 2: a flow in an autoencoder's latent space, as written by `otflow train mnist`
 * or `otflow import-reference` of an MNIST checkpoint) as an {@link ImageFlow}. A plain flow file is rejected with a
 * message that says so.
 */
export async function loadImageFlow(source: ModelSource, options: LoadFlowOptions = {}): Promise<ImageFlow> {
  const { defaultSteps = DEFAULT_STEPS, ...setup } = options;
  await setupTfjs(setup);
  const { model, normalization, training, autoencoder, image } = parseModelFile(await readSource(source));
  if (autoencoder === null || image === null) {
    model.dispose();
    throw new Error(
      `This model file holds a flow on ${model.config.d}-dimensional points, not an image model (it has no autoencoder); ` +
        'load it with loadFlow, or train an image model with "otflow train mnist".',
    );
  }
  const flow = new Flow(model, normalization, training, defaultSteps);
  return new ImageFlow(flow, Autoencoder.fromWeights(autoencoder.config, autoencoder.weights), image);
}
