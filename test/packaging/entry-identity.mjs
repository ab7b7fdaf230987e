// Run inside the packaging test's project: for every package with several entry points, loads each entry through
// `import` (node entry-identity.mjs esm model.json) or `require` (… cjs …) and checks that what two entries share is
// one object, and that objects made through one entry are instances of the other's classes. Prints JSON: the checks,
// and which names each subpath entry shares with its package's main entry.
import { createRequire } from 'node:module';

const [format, modelPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const load = (name) => (format === 'cjs' ? require(name) : import(name));
const resolve = (name) => (format === 'cjs' ? require.resolve(name) : import.meta.resolve(name));

/** Names two entries both export but that are different things by design: the array entry's own solver. */
const DIFFERENT_BY_DESIGN = { '@otflow/ode/array': ['odeint', 'createStepper'] };
const ENTRIES = [
  ['@otflow/ode', '@otflow/ode/array'],
  ['@otflow/model', '@otflow/model/node'],
  ['@otflow/datasets', '@otflow/datasets/node'],
  ['@otflow/runtime', '@otflow/runtime/node'],
];

await (await load('@otflow/backend')).setupTfjs();
const checks = [];
const check = (name, ok) => checks.push({ name, ok: Boolean(ok) });
const shared = {};

for (const [main, sub] of ENTRIES) {
  const [a, b] = [await load(main), await load(sub)];
  shared[sub] = Object.keys(b).filter((name) => name in a && name !== 'default' && !(DIFFERENT_BY_DESIGN[sub] ?? []).includes(name));
  for (const name of shared[sub]) check(`${sub} ${name} is ${main} ${name}`, a[name] === b[name]);
}

const { loadModelFile } = await load('@otflow/model/node');
const { Potential } = await load('@otflow/model');
const { model } = await loadModelFile(modelPath);
check('@otflow/model/node loadModelFile gives a @otflow/model Potential', model instanceof Potential);
const { loadFlowFile } = await load('@otflow/runtime/node');
const { Flow } = await load('@otflow/runtime');
check('@otflow/runtime/node loadFlowFile gives a @otflow/runtime Flow', (await loadFlowFile(modelPath)) instanceof Flow);
// Node (import and require alike) gets the backend's Node build, which carries tfjs's gradient registrations.
check(`@otflow/backend resolves to its Node build (${resolve('@otflow/backend')})`, /\/dist\/node\/index\.c?js$/.test(String(resolve('@otflow/backend'))));

console.log(JSON.stringify({ checks, shared }));
