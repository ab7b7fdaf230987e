// Node-only helpers (they use node:fs); the main entry stays browser-safe.
export { writeFileAtomic } from './write-file-atomic';
export { saveModelFile, loadModelFile } from './model-file-io';
