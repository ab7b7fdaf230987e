import { defineConfig, type Options } from 'tsup';

/** The build every @otflow package shares: ESM + CJS + declarations for each entry, source maps, ES2022. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
};

/** A package's tsup config: the shared build with its own entries (and any other override). */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({ ...packageBuild, ...overrides });
}
