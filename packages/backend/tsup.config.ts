import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.package';

export default defineConfig([
  // Bundlers and browsers resolve tfjs-core's ESM gradient registrations themselves.
  { ...packageBuild, outDir: 'dist' },
  // Node cannot load that extensionless ESM, so the Node build carries it. node.ts: worker threads (Node only).
  {
    ...packageBuild,
    entry: ['src/index.ts', 'src/node.ts'],
    outDir: 'dist/node',
    platform: 'node',
    clean: false,
    noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
  },
]);
