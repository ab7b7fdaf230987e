// Our training step against the PyTorch peer (bench/peer/otflow_torch.py at the repository root) on the same configs, interleaved: for each
// config and round, our step in a fresh child process (so the wasm heap it reports is that config's own peak), then
// the peer. Prints a table (or --json): ms/iteration for both and their ratio, kernels/iteration, memory, and the
// sampling/density timings against the peer's sampling (same n and nt, the peer integrates with the trace).
//
// Usage: tsx bench/compare-peer.ts [--configs=toy,power,gas,miniboone] [--rounds=1] [--iterations=N]
//        [--peer-iterations=N] [--sample=N] [--peer-double] [--peer-threads=N] [--json] [--no-peer]
// Configs: toy (d2 m32 batch 4096 nt 8), the numerics §7 tabular settings power, gas, miniboone, and (memory at their
// published batch) hepmass, bsds300; the MNIST experiment's two phases at the authors' settings: mnist-ae (the
// 784 → 128 → 784 autoencoder's step at batch 800) and mnist (the potential on the 128-d code: m 128, batch 800,
// nt 8, alph 1,80,500). Data are standard normal (uniform pixels for the autoencoder); a step's time does not depend
// on the values. --peer-double runs the peer in float64, the authors' MNIST precision (ours is float32).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@otflow/backend';
import { Random } from '@otflow/random';
import { AutoencoderTrainer, MNIST_REFERENCE_RECIPE, Trainer, trainingSettings, type BatchSource, type TrainingSettings } from '@otflow/train';
// The runtime package is not a dependency of train; its Flow is imported from source (tsx compiles it).
import { Flow } from '@otflow/runtime';

interface BenchConfig {
  name: string;
  /** What a step trains: the flow's potential, or (mnist-ae) the MNIST autoencoder with a d-dimensional code. */
  phase: 'flow' | 'autoencoder';
  d: number;
  settings: TrainingSettings;
  /** Default timed iterations (ours, after one warm-up) and the peer's. */
  iterations: number;
  peerIterations: number;
  peerWarmup: number;
  /** Points for the sampling comparison, and how many times each sampling call is timed (the median is kept). */
  sample: number;
  sampleRepeats: number;
}

const TABULAR_DIMENSIONS: Record<string, number> = { power: 6, gas: 8, hepmass: 21, miniboone: 43, bsds300: 63 };

function benchConfig(name: string): BenchConfig {
  if (name === 'mnist' || name === 'mnist-ae') {
    const settings = { ...MNIST_REFERENCE_RECIPE.flow, iterations: 1e9, validateEvery: 1e9 };
    const phase = name === 'mnist' ? 'flow' : 'autoencoder';
    const iterations = phase === 'flow' ? 1 : 5;
    return { name, phase, d: 128, settings, iterations, peerIterations: iterations, peerWarmup: phase === 'flow' ? 0 : 1, sample: phase === 'flow' ? 800 : 0, sampleRepeats: 1 };
  }
  if (name === 'toy') {
    // The reference's quick default, as the toy setting: batch 4096, nt 8, alph 1,100,5.
    const settings = trainingSettings('8gaussians', { batchSize: 4096, alph: [1, 100, 5], iterations: 1e9, validateEvery: 1e9 });
    return { name, phase: 'flow', d: 2, settings, iterations: 5, peerIterations: 5, peerWarmup: 1, sample: 10000, sampleRepeats: 3 };
  }
  const d = TABULAR_DIMENSIONS[name];
  if (d === undefined) throw new Error(`Unknown config "${name}": choose toy, ${Object.keys(TABULAR_DIMENSIONS).join(', ')}.`);
  const settings = trainingSettings(name, { iterations: 1e9, validateEvery: 1e9, earlyStoppingPatience: 0 });
  return { name, phase: 'flow', d, settings, iterations: 1, peerIterations: 1, peerWarmup: 0, sample: 2000, sampleRepeats: 1 };
}

function describeConfig(config: BenchConfig): string {
  const { m, batchSize, nt } = config.settings;
  if (config.phase === 'autoencoder') return `${config.name} (784→${config.d}→784 b${batchSize})`;
  return `${config.name} (d${config.d} m${m} b${batchSize} nt${nt})`;
}

function gaussianSource(d: number, seed: number): BatchSource {
  let random = new Random(seed);
  return {
    d,
    next: (rows) => ({ data: random.fillNormal(new Float32Array(rows * d)), rows, cols: d }),
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round1 = (value: number) => Number(value.toFixed(1));

/** Size of the wasm backend's linear memory: it only grows, so after a run it is that run's peak. */
function wasmHeapMiB(): number | null {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8 ? round1(backend.wasm.HEAPU8.length / 2 ** 20) : null;
}

interface OurResult {
  msPerIteration: number;
  msMin: number;
  kernelsPerIteration: number;
  /** tf.profile's peak: it counts a buffer once per tensor viewing it, so it overstates memory shared by views. */
  profilePeakMiB: number;
  wasmHeapMiB: number | null;
  rssMiB: number;
  sample: { n: number; sampleMs: number; sampleWithDensityMs: number; logProbMs: number } | null;
}

/** The MNIST autoencoder's training step at the config's batch (the reference's trainAE), in this (child) process. */
async function runOurAutoencoder(config: BenchConfig, iterations: number): Promise<OurResult> {
  await setupTfjs();
  let random = new Random(1);
  const pixels: BatchSource = {
    d: 784,
    next: (rows) => ({ data: Float32Array.from(random.uniformArray(rows * 784)), rows, cols: 784 }),
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
  const trainer = new AutoencoderTrainer({
    config: MNIST_REFERENCE_RECIPE.autoencoder.config,
    settings: { ...MNIST_REFERENCE_RECIPE.autoencoder.settings, batchSize: config.settings.batchSize, validateEvery: 1e9 },
    data: pixels,
    validation: pixels.next(16),
    seed: 0,
  });
  trainer.step();
  const profile = await tf.profile(() => {
    trainer.step();
  });
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    trainer.step();
    times.push(performance.now() - start);
  }
  trainer.dispose();
  return {
    msPerIteration: round1(median(times)),
    msMin: round1(Math.min(...times)),
    kernelsPerIteration: profile.kernels.length,
    profilePeakMiB: round1(profile.peakBytes / 2 ** 20),
    wasmHeapMiB: wasmHeapMiB(),
    rssMiB: round1(process.memoryUsage().rss / 2 ** 20),
    sample: null,
  };
}

async function timeAsync(run: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return round1(median(times));
}

/** One config in this (child) process: training steps, then sampling and density with the runtime's Flow. */
async function runOurs(config: BenchConfig, iterations: number, sampleSize: number): Promise<OurResult> {
  if (config.phase === 'autoencoder') return runOurAutoencoder(config, iterations);
  await setupTfjs();
  const trainer = new Trainer({
    settings: config.settings,
    data: gaussianSource(config.d, 1),
    validation: gaussianSource(config.d, 2).next(16),
    seed: 0,
  });
  trainer.step();
  const profile = await tf.profile(() => {
    trainer.step();
  });
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    trainer.step();
    times.push(performance.now() - start);
  }
  const nt = config.settings.nt;
  const flow = new Flow(trainer.model.clone(), null, null, nt);
  const points = gaussianSource(config.d, 3).next(sampleSize).data;
  await flow.sample(Math.min(sampleSize, 100), { nt });
  const repeats = config.sampleRepeats;
  const sample = {
    n: sampleSize,
    sampleMs: await timeAsync(() => flow.sample(sampleSize, { nt }), repeats),
    sampleWithDensityMs: await timeAsync(() => flow.sampleAndLogProb(sampleSize, { nt }), repeats),
    logProbMs: await timeAsync(() => flow.logProb(points, { nt }), repeats),
  };
  flow.dispose();
  trainer.dispose();
  return {
    msPerIteration: round1(median(times)),
    msMin: round1(Math.min(...times)),
    kernelsPerIteration: profile.kernels.length,
    profilePeakMiB: round1(profile.peakBytes / 2 ** 20),
    wasmHeapMiB: wasmHeapMiB(),
    rssMiB: round1(process.memoryUsage().rss / 2 ** 20),
    sample,
  };
}

interface PeerResult {
  msPerIteration: number;
  msMin: number;
  threads: number;
  torch: string;
  dtype: string;
  sampleMs: number | null;
  peakRssMiB: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const PEER = resolve(here, '../../../bench/peer/otflow_torch.py');
const PYTHON = '/usr/bin/python3';

/** Why the peer cannot run here, or null when it can. */
function peerUnavailable(): string | null {
  if (!existsSync(PEER)) return `${PEER} does not exist`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} could not run: ${probe.error.message}`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch: ${probe.stderr.trim().split('\n').at(-1)}`;
  return null;
}

function runPeer(config: BenchConfig, iterations: number, sampleSize: number, options: { double: boolean; threads: number }): PeerResult {
  const { m, batchSize, nt, alph } = config.settings;
  const args = [PEER, '--d', `${config.d}`, '--m', `${m}`, '--batch', `${batchSize}`, '--nt', `${nt}`, '--alph', alph.join(',')];
  args.push('--iters', `${iterations}`, '--warmup', `${config.peerWarmup}`, '--sample', `${sampleSize}`, '--threads', `${options.threads}`);
  if (config.phase === 'autoencoder') args.push('--autoencoder');
  if (options.double) args.push('--double');
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`The peer failed (${run.status}): ${run.stderr.trim().split('\n').at(-1)}`);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
  return {
    msPerIteration: round1(out.train_ms_median),
    msMin: round1(out.train_ms_min),
    threads: out.threads,
    torch: out.torch,
    dtype: out.dtype,
    sampleMs: out.sample_ms_median === undefined ? null : round1(out.sample_ms_median),
    peakRssMiB: round1(out.peak_rss_mib),
  };
}

/** Runs our side of one config in a fresh process: this script with --worker. */
function spawnOurs(config: string, iterations: number, sampleSize: number): OurResult {
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [...process.execArgv, script, `--worker=${config}`, `--iterations=${iterations}`, `--sample=${sampleSize}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`Our run of ${config} failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
}

function readLoad(): string {
  return existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').trim() : loadavg().map((l) => l.toFixed(2)).join(' ');
}

function table(rows: Record<string, string | number>[]): string {
  const keys = Object.keys(rows[0]);
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(keys), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((row) => line(keys.map((key) => String(row[key]))))].join('\n');
}

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'] as [string, string];
  }),
);
const numberArg = (key: string): number | undefined => (args.has(key) ? Number(args.get(key)) : undefined);

const worker = args.get('worker');
if (worker !== undefined) {
  const config = benchConfig(worker);
  console.log(JSON.stringify(await runOurs(config, numberArg('iterations') ?? config.iterations, numberArg('sample') ?? config.sample)));
} else {
  const names = (args.get('configs') ?? 'toy,power,gas,miniboone').split(',');
  const configs = names.map(benchConfig);
  const rounds = numberArg('rounds') ?? 1;
  const skipReason = args.has('no-peer') ? 'skipped by --no-peer' : peerUnavailable();
  if (skipReason) console.error(`The PyTorch peer is skipped: ${skipReason}.`);
  const loadBefore = readLoad();
  const results = [];
  for (const config of configs) {
    const iterations = numberArg('iterations') ?? config.iterations;
    const peerIterations = numberArg('peer-iterations') ?? config.peerIterations;
    const sampleSize = numberArg('sample') ?? config.sample;
    const ours: OurResult[] = [];
    const peer: PeerResult[] = [];
    for (let round = 0; round < rounds; round++) {
      console.error(`${describeConfig(config)}: ours, round ${round + 1}/${rounds} (load ${readLoad()})`);
      ours.push(spawnOurs(config.name, iterations, sampleSize));
      if (!skipReason) {
        console.error(`${describeConfig(config)}: peer, round ${round + 1}/${rounds} (load ${readLoad()})`);
        peer.push(runPeer(config, peerIterations, sampleSize, { double: args.has('peer-double'), threads: numberArg('peer-threads') ?? 0 }));
      }
    }
    const ourMs = median(ours.map((r) => r.msPerIteration));
    const peerMs = peer.length > 0 ? median(peer.map((r) => r.msPerIteration)) : null;
    results.push({
      config: describeConfig(config),
      ours: { ...ours[ours.length - 1], msPerIteration: round1(ourMs), rounds: ours.map((r) => r.msPerIteration) },
      peer: peerMs === null ? null : { ...peer[peer.length - 1], msPerIteration: round1(peerMs), rounds: peer.map((r) => r.msPerIteration) },
      ratio: peerMs === null ? null : Number((ourMs / peerMs).toFixed(3)),
    });
  }
  const report = { loadBefore, loadAfter: readLoad(), peerSkipped: skipReason, results };
  if (args.has('json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`load before: ${report.loadBefore}\nload after:  ${report.loadAfter}\n`);
    console.log(
      table(
        results.map((r) => ({
          config: r.config,
          'ours ms/it': r.ours.msPerIteration,
          'peer ms/it': r.peer?.msPerIteration ?? '—',
          'ours/peer': r.ratio ?? '—',
          'kernels/it': r.ours.kernelsPerIteration,
          'wasm heap MiB': r.ours.wasmHeapMiB ?? '—',
          'rss MiB': r.ours.rssMiB,
          'profile peak MiB': r.ours.profilePeakMiB,
          'peer dtype, threads': r.peer ? `${r.peer.dtype}, ${r.peer.threads}` : '—',
          'peer peak rss MiB': r.peer?.peakRssMiB ?? '—',
        })),
      ),
    );
    console.log('');
    const sampled = results.filter((r) => r.ours.sample !== null);
    if (sampled.length > 0) console.log(
      table(
        sampled.map((r) => ({
          config: r.config,
          n: r.ours.sample!.n,
          'ours sample ms': r.ours.sample!.sampleMs,
          'ours sample+density ms': r.ours.sample!.sampleWithDensityMs,
          'ours logProb ms': r.ours.sample!.logProbMs,
          'peer sample (with trace) ms': r.peer?.sampleMs ?? '—',
        })),
      ),
    );
  }
}
