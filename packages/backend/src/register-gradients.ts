// tfjs-core's Node entry registers no gradients; its ESM gradient registrations do. Importing them here is
// the only place in otflow that does so. The Node build of this package bundles that module (tfjs-core ships it
// as extensionless ESM that Node cannot load); its registries are tfjs globals, so the one engine sees them. The
// extension is written out because bundlers resolve this package's ESM strictly (webpack: fully specified requests).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
