import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server';

/** Serves the built app (dist/) with the cross-origin isolation headers: `pnpm serve [--port 4173] [--no-isolation]`. */
const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 4173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${args[portIndex + 1]}.`);
  process.exit(1);
}
const root = fileURLToPath(new URL('../dist', import.meta.url));
const { url } = await startStaticServer(root, { port, isolate: !args.includes('--no-isolation') });
console.log(`Serving ${root} at ${url} (Ctrl-C stops).`);
