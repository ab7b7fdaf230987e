import { Random } from '@otflow/random';
import { loadImageFlow, type ImageFlow } from '@otflow/runtime';
import { TaskQueue } from '../worker/task-queue';
import { errorMessage, startWasmBackend, WASM_PATHS } from '../worker/wasm-backend';
import type { DigitRef, DigitsEvent, DigitsRequest } from './digits-protocol';
import { unpackModelAsset, type LogDensityScale } from './model-asset';

/** The parts of a dedicated worker's global scope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: DigitsEvent, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<DigitsRequest>) => void) | null;
  crossOriginIsolated: boolean;
}

const scope = self as unknown as WorkerScope;
const emit = (event: DigitsEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);
const queue = new TaskQueue();
let flow: ImageFlow | null = null;

/** The Gaussian code of a digit: row `index` of the normal draws seeded by `seed` (as Flow.sample draws them). */
function codeOf(digit: DigitRef, d: number): Float32Array {
  const draws = new Random(digit.seed).fillNormal(new Float32Array((digit.index + 1) * d));
  return draws.subarray(digit.index * d);
}

async function load(url: string): Promise<void> {
  const started = performance.now();
  const report = await startWasmBackend(scope.crossOriginIsolated);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the digits model (${url}): HTTP ${response.status} ${response.statusText}.`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const asset = await unpackModelAsset(bytes);
  flow = await loadImageFlow(asset.model as Record<string, unknown>, { backend: 'wasm', wasmPaths: WASM_PATHS });
  const { width, height } = flow.image;
  const autoencoder = flow.autoencoderConfig;
  const description =
    `${width} × ${height} digits: a ${autoencoder.inputSize} → ${[...autoencoder.hidden, autoencoder.latentSize].join(' → ')} autoencoder ` +
    `and OT-Flow on its ${flow.latentSize}-d codes`;
  emit({ type: 'ready', report, modelBytes: bytes.length, loadMs: performance.now() - started, scales: asset.scales as LogDensityScale[], description });
}

async function handle(request: Exclude<DigitsRequest, { type: 'load' }>, model: ImageFlow): Promise<void> {
  const started = performance.now();
  const d = model.latentSize;
  switch (request.type) {
    case 'digits': {
      const codes = new Float32Array(request.digits.length * d);
      request.digits.forEach((digit, i) => codes.set(codeOf(digit, d), i * d));
      const { data, count } = await model.decode(codes);
      emit({ type: 'images', id: request.id, images: data, count, ms: performance.now() - started }, [data.buffer]);
      break;
    }
    case 'interpolate': {
      const [a, b] = [codeOf(request.a, d), codeOf(request.b, d)];
      const t = Math.min(1, Math.max(0, request.t));
      // The straight line between the Gaussian codes, as ImageFlow.interpolate walks it; the ends are exactly a and b.
      const code = a.map((value, j) => (1 - t) * value + t * b[j]);
      const { data, count } = await model.decode(code);
      emit({ type: 'images', id: request.id, images: data, count, ms: performance.now() - started }, [data.buffer]);
      break;
    }
    case 'score': {
      const [nll] = await model.latentNll(request.pixels);
      const { data } = model.reconstruct(request.pixels);
      emit({ type: 'score', id: request.id, logDensity: -nll, reconstruction: data, ms: performance.now() - started }, [data.buffer]);
      break;
    }
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  void queue
    .run(async () => {
      if (request.type === 'load') return load(request.url);
      if (flow === null) throw new Error('The digits model is not loaded yet.');
      return handle(request, flow);
    })
    .catch((error: unknown) => emit({ type: 'error', id: request.type === 'load' ? null : request.id, message: errorMessage(error) }));
};
