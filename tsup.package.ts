import { defineConfig, type Options } from 'tsup';

/**
 * The build every @otflow package shares: ESM + CJS + declarations for each entry, ES2022, unminified.
 *
 * Code splitting in both formats: a package's entries (e.g. `@otflow/ode` and `@otflow/ode/array`) share chunks, so a
 * class or table defined once is one object whichever entry it is reached through (`instanceof` holds across entries),
 * in CommonJS as in ESM. No source maps: the published dist is readable as it is, and the workspace itself runs the
 * TypeScript source (the `@otflow/source` condition), so maps would only double the tarballs.
 */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
};

/** A package's tsup config: the shared build with its own entries (and any other override). */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({ ...packageBuild, ...overrides });
}
