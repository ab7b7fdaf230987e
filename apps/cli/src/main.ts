import { COMMANDS } from './commands';
import { runCli } from './cli/run-cli';

// Ctrl-C (or SIGTERM) asks a command that handles it to stop cleanly; a second one, or one during a command that
// does not handle it, quits at once with the conventional code.
const controller = new AbortController();
let stopsCleanly = false;
const onSignal = (signal: NodeJS.Signals) => {
  const code = signal === 'SIGINT' ? 130 : 143;
  if (!stopsCleanly || controller.signal.aborted) process.exit(code);
  controller.abort();
  process.stderr.write(`\nStopping cleanly (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once)…\n`);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A closed pipe (otflow sample | head) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), COMMANDS, {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  onCommand: (command) => {
    stopsCleanly = command.handlesInterrupt === true;
  },
});
