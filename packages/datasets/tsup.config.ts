import { defineConfig } from 'tsup';

export default defineConfig({
  // `node` holds the file loaders; the main entry stays browser-safe.
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
