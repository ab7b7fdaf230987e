// Run inside the packaging test's project: loads a model file with the installed @otflow/runtime and samples,
// through `import` (node use-runtime.mjs esm model.json) or `require` (… cjs …), and prints what it got as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [format, modelPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const load = (name) => (format === 'cjs' ? require(name) : import(name));
const { loadFlow } = await load('@otflow/runtime');
const { loadFlowFile } = await load('@otflow/runtime/node');

const flow = await loadFlow(readFileSync(modelPath, 'utf8'));
const samples = await flow.sample(1000, { seed: 1 });
const logProb = await flow.logProb(samples.data.subarray(0, 40));
const fromFile = await loadFlowFile(modelPath);
const again = await fromFile.sample(1000, { seed: 1 });
console.log(
  JSON.stringify({
    entry: format === 'cjs' ? require.resolve('@otflow/runtime') : import.meta.resolve('@otflow/runtime'),
    rows: samples.rows,
    cols: samples.cols,
    first: Array.from(samples.data.subarray(0, 2)),
    finite: samples.data.every(Number.isFinite) && logProb.every(Number.isFinite),
    fileAgrees: again.data.every((value, i) => value === samples.data[i]),
  }),
);
