import packageJson from '../package.json';

/** The CLI's version, from its package.json (bundled at build time). */
export const OTFLOW_VERSION: string = packageJson.version;
