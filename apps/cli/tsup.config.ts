import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { otflow: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});
