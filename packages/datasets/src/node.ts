// Node-only loaders: they read files. The main entry stays free of Node built-ins for browser bundles.
export { loadCsv } from './node/csv';
export type { CsvOptions } from './node/csv';
export { loadNpy, saveNpy } from './node/npy';
export { loadHdf5 } from './node/hdf5';
export type { LoadedMatrix } from './node/file-checks';
export type { NonFiniteOptions } from './node/finite-rows';
export { BENCHMARK_FILES, loadBenchmark } from './node/benchmarks';
export type { LoadBenchmarkOptions } from './node/benchmarks';
export { loadIdxImages, loadMnist, MNIST_FILES } from './node/mnist';
export type { MnistSplit } from './node/mnist';
