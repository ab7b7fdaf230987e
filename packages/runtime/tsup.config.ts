import { packageConfig } from '../../tsup.package';

// flow-worker is the entry of a parallel Flow's worker threads, found beside the module that starts them through
// import.meta.url (shimmed in the CommonJS build).
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts', 'src/flow-worker.ts'], shims: true });
