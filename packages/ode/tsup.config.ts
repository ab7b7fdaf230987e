import { defineConfig } from 'tsup';

export default defineConfig({
  // `array` is the tfjs-free entry: it must not import tfjs-core (src/array.test.ts checks the import graph).
  entry: ['src/index.ts', 'src/array.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
