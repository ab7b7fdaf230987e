import { defineConfig } from 'tsup';

const common = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'] as const,
  dts: true,
  sourcemap: true,
  target: 'es2022',
};

export default defineConfig([
  // Bundlers and browsers resolve tfjs-core's ESM gradient registrations themselves.
  { ...common, outDir: 'dist', clean: true },
  // Node cannot load that extensionless ESM, so the Node build carries it.
  {
    ...common,
    outDir: 'dist/node',
    platform: 'node',
    noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
  },
]);
