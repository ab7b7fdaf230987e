import { packageConfig } from '../../tsup.package';

// gradient-worker is the entry of ParallelTrainer's worker threads, found beside the module that starts them through
// import.meta.url (shimmed in the CommonJS build).
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts', 'src/gradient-worker.ts'], shims: true });
