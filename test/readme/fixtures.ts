// The files the READMEs' examples read, made once and copied into every block's folder: data files (see
// fixture-data.ts), the reference swissroll model, a small checkpoint in the OT-Flow authors' MNIST format, and small
// models and a checkpoint written by the otflow CLI under the names the READMEs use. The models train for a few
// steps: the examples need files of the right kind and dimension, not good models.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../readme-blocks';
import { describeProcess, processSlots, runProcess, type ProcessResult } from './child-process';
import { FIXTURES, OTFLOW_CLI, SCRATCH_ROOT, blockEnvironment } from './scratch-folder';
import { runModule } from './typescript-blocks';

/** Training settings that take a fraction of a second per model. */
const TINY_TRAINING = ['--m', '8', '--nt', '2', '--nt-val', '2', '--batch', '64', '--val-size', '128'];
const TIMEOUT_MS = 60_000;

/** The CLI README's quick `otflow train mnist` (seconds; the digits recipe's full length takes tens of minutes). */
const QUICK_MNIST = ['--ae-iters', '50', '--iters', '10', '--batch', '64'];

function otflow(args: readonly string[], cwd: string, onStart?: (pid: number) => void): Promise<ProcessResult> {
  return processSlots.run(() => runProcess(process.execPath, [OTFLOW_CLI, ...args], { cwd, env: blockEnvironment(cwd), timeoutMs: TIMEOUT_MS, onStart }));
}

async function mustSucceed(label: string, run: Promise<ProcessResult>): Promise<void> {
  const result = await run;
  if (result.code !== 0) throw new Error(describeProcess(`README fixture: ${label}`, result, TIMEOUT_MS));
}

/**
 * 8g.ckpt.json, the checkpoint an interrupted `otflow train … --out 8g.json` leaves: a run stopped with SIGINT
 * (Ctrl-C) as soon as its first checkpoint exists. Resuming it finishes the remaining few tiny steps. The run
 * happens beside the fixtures, not among them: a checkpoint records its run's output paths (absolute), so the
 * resumed run writes its model there.
 */
async function interruptedTraining(): Promise<void> {
  const folder = join(SCRATCH_ROOT, 'interrupted');
  mkdirSync(folder);
  const checkpoint = join(folder, '8g.ckpt.json');
  let pid: number | undefined;
  const run = otflow(['train', '--data', '8gaussians', ...TINY_TRAINING, '--iters', '60', '--checkpoint-every', '5', '--out', '8g.json'], folder, (started) => (pid = started));
  const poll = setInterval(() => {
    if (pid !== undefined && existsSync(checkpoint)) {
      process.kill(pid, 'SIGINT');
      clearInterval(poll);
    }
  }, 20);
  const result = await run.finally(() => clearInterval(poll));
  if (result.code !== 130 || !existsSync(checkpoint)) {
    throw new Error(describeProcess('README fixture: an interrupted training (expected exit code 130 and 8g.ckpt.json)', result, TIMEOUT_MS));
  }
  copyFileSync(checkpoint, join(FIXTURES, '8g.ckpt.json'));
}

/** Fills FIXTURES; rejects with the failing step's output. */
export async function prepareFixtures(): Promise<void> {
  copyFileSync(join(REPOSITORY_ROOT, 'test', 'fixtures', 'reference-swissroll.json'), join(FIXTURES, 'reference-swissroll.json'));
  copyFileSync(join(FIXTURES, 'reference-swissroll.json'), join(FIXTURES, 'state_dict.json'));
  // The authors' pretrained MNIST checkpoint is not available offline: a file in its exact format (torch's legacy
  // serialization, their module names and args) with d = 4, m = 6, written by test/fixtures/torch/generate.py.
  copyFileSync(join(REPOSITORY_ROOT, 'test', 'fixtures', 'torch', 'mnist-legacy.pth'), join(FIXTURES, 'mnist_checkpt.pth'));
  const data = readFileSync(join(REPOSITORY_ROOT, 'test', 'readme', 'fixture-data.ts'), 'utf8');
  await mustSucceed('fixture-data.ts', processSlots.run(() => runModule(data, { cwd: FIXTURES, env: blockEnvironment(FIXTURES), timeoutMs: TIMEOUT_MS })));
  await Promise.all([
    mustSucceed('model.json', otflow(['import-reference', 'reference-swissroll.json', '--out', 'model.json'], FIXTURES)),
    mustSucceed('8g.json', otflow(['train', '--data', '8gaussians', ...TINY_TRAINING, '--iters', '4', '--out', '8g.json'], FIXTURES)),
    mustSucceed('mine.json', otflow(['train', '--data', 'measurements.csv', ...TINY_TRAINING, '--iters', '2', '--out', 'mine.json'], FIXTURES)),
    mustSucceed('power.json', otflow(['train', '--data', 'power', '--data-dir', 'maf/data', ...TINY_TRAINING, '--iters', '2', '--out', 'power.json'], FIXTURES)),
    mustSucceed('digits.json', otflow(['train', 'mnist', ...QUICK_MNIST, '--out', 'digits.json'], FIXTURES)),
    interruptedTraining(),
  ]);
  // The demo's download of an 8gaussians model (apps/demo/README.md) is an ordinary model file.
  copyFileSync(join(FIXTURES, '8g.json'), join(FIXTURES, 'otflow-8gaussians-500.json'));
}
