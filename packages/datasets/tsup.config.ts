import { packageConfig } from '../../tsup.package';

// `node` holds the file loaders; the main entry stays browser-safe.
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts'] });
