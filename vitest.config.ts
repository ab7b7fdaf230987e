import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Packages see each other's TypeScript source through the `@otflow/source` export condition, so tests need no
// prebuild. tfjs-core's gradient registrations are extensionless ESM that Node cannot load: Vite transforms them.
export default defineConfig({
  resolve: { conditions: ['@otflow/source'] },
  ssr: { resolve: { conditions: ['@otflow/source', ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    setupFiles: ['./test/setup-backend.ts'],
    pool: 'forks',
    // The JSON report is what .ci/run counts passed and failed tests from.
    reporters: ['default', 'json'],
    outputFile: { json: '.test-report.json' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    server: {
      deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(register_all_gradients|gradients|ops|kernel_names|.*_util)/] },
    },
  },
});
