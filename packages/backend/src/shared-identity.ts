import { getKernel, Identity, registerKernel, unregisterKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Identity that shares the input's data (one more reference) instead of copying it, as the cpu backend's does and as
 * wasm's own Reshape does. tfjs runs Identity for every tf.clone, and the gradient tape clones every tensor it saves
 * for the backward pass: with wasm's copying Identity, each saved tensor is a full copy held until the backward pass
 * ends. Tensors are immutable (Variable.assign swaps the data), so sharing is safe.
 */
const sharedIdentity: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  (backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Registers {@link sharedIdentity} for the wasm backend in place of its copying kernel; idempotent. */
export function shareIdentityData(): void {
  if (getKernel(Identity, 'wasm')?.kernelFunc === sharedIdentity) return;
  unregisterKernel(Identity, 'wasm');
  registerKernel({ kernelName: Identity, backendName: 'wasm', kernelFunc: sharedIdentity });
}
