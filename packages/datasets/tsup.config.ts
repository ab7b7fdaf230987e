import { packageConfig } from '../../tsup.package';

// `node` holds the file loaders; the main entry stays browser-safe.
// `digits` embeds the built-in digits (1.6 MB); only apps that import it carry them.
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts', 'src/digits.ts'] });
