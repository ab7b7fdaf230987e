export { Random } from './random';
export type { RandomState } from './random';
