import { setupTfjs, type BackendName } from '@otflow/backend';

// Tests run on the wasm backend; OTFLOW_BACKEND=cpu runs the same suite on the cpu fallback.
await setupTfjs({ backend: (process.env.OTFLOW_BACKEND as BackendName | undefined) ?? 'wasm' });
