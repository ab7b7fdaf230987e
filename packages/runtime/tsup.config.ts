import { packageConfig } from '../../tsup.package';

export default packageConfig({ entry: ['src/index.ts', 'src/node.ts'] });
