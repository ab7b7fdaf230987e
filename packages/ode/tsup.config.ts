import { packageConfig } from '../../tsup.package';

// `array` is the tfjs-free entry: it must not import tfjs-core (src/array.test.ts checks the import graph).
export default packageConfig({ entry: ['src/index.ts', 'src/array.ts'] });
