// Our training step against the PyTorch peer (bench/peer/otflow_torch.py at the repository root) on the same configs,
// scaled over threads: for each config and round, our step with each worker count in a fresh child process (so the
// wasm heap it reports is that run's own peak), then the peer at each thread count. Prints a scaling table (or --json):
// ms/iteration for both at every thread count, each side's speed-up over one thread, and our time against the peer's
// best; the 1-minute load average is printed next to every figure (the machine may be shared). Then sampling and
// density timings against the peer's sampling (same n and nt; the peer integrates with the trace).
//
// Usage: tsx bench/compare-peer.ts [--quick] [--configs=toy,power,gas,miniboone] [--workers=1,2] [--peer-threads=1,2]
//        [--rounds=1] [--iterations=N] [--peer-iterations=N] [--sample=N] [--peer-double] [--json] [--no-peer]
// --quick: toy and POWER in under 3 minutes (fewer steps; POWER with no warm-up step, both sides at their largest
// thread count only). Configs: toy (d2 m32 batch 4096 nt 8), the numerics §7 tabular settings power, gas,
// miniboone, and (memory at their published batch) hepmass, bsds300. Data are standard normal; the time of a step does
// not depend on the values. Worker counts and peer threads default to 1 … os.availableParallelism(). The MNIST
// experiment's two phases at the authors' settings: mnist-ae (the 784 → 128 → 784 autoencoder's step at batch 800, one
// thread on our side: the autoencoder trains on the calling thread) and mnist (the potential on the 128-d code: m 128,
// batch 800, nt 8, alph 1,80,500); uniform pixels for the autoencoder. --peer-double runs the peer in float64, the
// authors' MNIST precision (ours is float32).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@otflow/backend';
import { serializeModel } from '@otflow/model';
import { Random } from '@otflow/random';
// The runtime package is a devDependency of train: its node entry serves this benchmark only.
import { loadParallelFlow } from '@otflow/runtime/node';
import { AutoencoderTrainer, MNIST_REFERENCE_RECIPE, trainingSettings, type BatchSource, type TrainingSettings } from '@otflow/train';
import { ParallelTrainer } from '@otflow/train/node';

interface BenchConfig {
  name: string;
  /** What a step trains: the flow's potential, or (mnist-ae) the MNIST autoencoder with a d-dimensional code. */
  phase: 'flow' | 'autoencoder';
  d: number;
  settings: TrainingSettings;
  /** Timed iterations (ours, after `warmup` untimed ones) and the peer's. */
  iterations: number;
  warmup: number;
  peerIterations: number;
  peerWarmup: number;
  /** Points for the sampling comparison, and how many times each sampling call is timed (the median is kept). */
  sample: number;
  sampleRepeats: number;
}

const TABULAR_DIMENSIONS: Record<string, number> = { power: 6, gas: 8, hepmass: 21, miniboone: 43, bsds300: 63 };

function benchConfig(name: string, quick: boolean): BenchConfig {
  if (name === 'mnist' || name === 'mnist-ae') {
    const settings = { ...MNIST_REFERENCE_RECIPE.flow, iterations: 1e9, validateEvery: 1e9 };
    const phase = name === 'mnist' ? 'flow' : 'autoencoder';
    const iterations = phase === 'flow' ? 1 : 5;
    const warmup = phase === 'flow' && quick ? 0 : 1;
    return { name, phase, d: 128, settings, iterations, warmup, peerIterations: iterations, peerWarmup: phase === 'flow' ? 0 : 1, sample: phase === 'flow' ? 800 : 0, sampleRepeats: 1 };
  }
  if (name === 'toy') {
    // The reference's quick default, as the toy setting: batch 4096, nt 8, alph 1,100,5.
    const settings = trainingSettings('8gaussians', { batchSize: 4096, alph: [1, 100, 5], iterations: 1e9, validateEvery: 1e9 });
    return quick
      ? { name, phase: 'flow', d: 2, settings, iterations: 4, warmup: 1, peerIterations: 3, peerWarmup: 1, sample: 10000, sampleRepeats: 1 }
      : { name, phase: 'flow', d: 2, settings, iterations: 5, warmup: 1, peerIterations: 5, peerWarmup: 1, sample: 10000, sampleRepeats: 3 };
  }
  const d = TABULAR_DIMENSIONS[name];
  if (d === undefined) throw new Error(`Unknown config "${name}": choose toy, ${Object.keys(TABULAR_DIMENSIONS).join(', ')}, mnist-ae, mnist.`);
  const settings = trainingSettings(name, { iterations: 1e9, validateEvery: 1e9, earlyStoppingPatience: 0 });
  return { name, phase: 'flow', d, settings, iterations: 1, warmup: quick ? 0 : 1, peerIterations: 1, peerWarmup: 0, sample: 2000, sampleRepeats: 1 };
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
const round2 = (value: number) => Number(value.toFixed(2));

/** The 1-minute load average: the machine may be shared, so every figure carries it. */
function load1(): number {
  const text = existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8') : String(loadavg()[0]);
  return round2(Number(text.split(' ')[0]));
}

/** Size of the calling thread's wasm linear memory: it only grows, so after a run it is that run's peak. */
function wasmHeapMiB(): number | null {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8 ? round1(backend.wasm.HEAPU8.length / 2 ** 20) : null;
}

interface OurResult {
  workers: number;
  msPerIteration: number;
  msMin: number;
  /** Kernels per iteration on the calling thread (with one worker: all of them); null when not profiled. */
  kernelsPerIteration: number | null;
  /** The calling thread's wasm heap (each worker thread has its own). */
  wasmHeapMiB: number | null;
  /** The whole process: every thread's heap. */
  rssMiB: number;
  sample: { n: number; sampleMs: number; sampleWithDensityMs: number; logProbMs: number } | null;
  load: number;
}

/** The MNIST autoencoder's training step at the config's batch (the reference's trainAE), in this (child) process. */
async function runOurAutoencoder(config: BenchConfig, iterations: number, profile: boolean): Promise<OurResult> {
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
  for (let i = 0; i < config.warmup; i++) trainer.step();
  let kernelsPerIteration: number | null = null;
  if (profile) {
    const info = await tf.profile(() => {
      trainer.step();
    });
    kernelsPerIteration = info.kernels.length;
  }
  const load = load1();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    trainer.step();
    times.push(performance.now() - start);
  }
  trainer.dispose();
  return {
    workers: 1,
    msPerIteration: round1(median(times)),
    msMin: round1(Math.min(...times)),
    kernelsPerIteration,
    wasmHeapMiB: wasmHeapMiB(),
    rssMiB: round1(process.memoryUsage().rss / 2 ** 20),
    sample: null,
    load,
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

/** One config with `workers` threads in this (child) process: training steps, then sampling and density. */
async function runOurs(config: BenchConfig, workers: number, iterations: number, sampleSize: number, profile: boolean): Promise<OurResult> {
  if (config.phase === 'autoencoder') return runOurAutoencoder(config, iterations, profile);
  await setupTfjs();
  const trainer = await ParallelTrainer.create({
    settings: config.settings,
    data: gaussianSource(config.d, 1),
    validation: gaussianSource(config.d, 2).next(16),
    seed: 0,
    workers,
  });
  for (let i = 0; i < config.warmup; i++) await trainer.step();
  let kernelsPerIteration: number | null = null;
  if (profile) {
    const info = await tf.profile(async () => {
      await trainer.step();
    });
    kernelsPerIteration = info.kernels.length;
  }
  const load = load1();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await trainer.step();
    times.push(performance.now() - start);
  }
  const nt = config.settings.nt;
  const flow = await loadParallelFlow(serializeModel(trainer.model), { workers, defaultSteps: nt });
  await trainer.dispose();
  const points = gaussianSource(config.d, 3).next(sampleSize).data;
  await flow.sample(Math.min(sampleSize, 100 * workers), { nt });
  const repeats = config.sampleRepeats;
  const sample = {
    n: sampleSize,
    sampleMs: await timeAsync(() => flow.sample(sampleSize, { nt }), repeats),
    sampleWithDensityMs: await timeAsync(() => flow.sampleAndLogProb(sampleSize, { nt }), repeats),
    logProbMs: await timeAsync(() => flow.logProb(points, { nt }), repeats),
  };
  await flow.dispose();
  return {
    workers,
    msPerIteration: round1(median(times)),
    msMin: round1(Math.min(...times)),
    kernelsPerIteration,
    wasmHeapMiB: wasmHeapMiB(),
    rssMiB: round1(process.memoryUsage().rss / 2 ** 20),
    sample,
    load,
  };
}

interface PeerResult {
  threads: number;
  msPerIteration: number;
  msMin: number;
  torch: string;
  dtype: string;
  sampleMs: number | null;
  peakRssMiB: number;
  load: number;
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

function runPeer(config: BenchConfig, threads: number, iterations: number, sampleSize: number, double: boolean): PeerResult {
  const { m, batchSize, nt, alph } = config.settings;
  const args = [PEER, '--d', `${config.d}`, '--m', `${m}`, '--batch', `${batchSize}`, '--nt', `${nt}`, '--alph', alph.join(',')];
  args.push('--iters', `${iterations}`, '--warmup', `${config.peerWarmup}`, '--sample', `${sampleSize}`, '--threads', `${threads}`);
  if (config.phase === 'autoencoder') args.push('--autoencoder');
  if (double) args.push('--double');
  const load = load1();
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`The peer failed (${run.status}): ${run.stderr.trim().split('\n').at(-1)}`);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
  return {
    threads: out.threads,
    msPerIteration: round1(out.train_ms_median),
    msMin: round1(out.train_ms_min),
    torch: out.torch,
    dtype: out.dtype,
    sampleMs: out.sample_ms_median === undefined ? null : round1(out.sample_ms_median),
    peakRssMiB: round1(out.peak_rss_mib),
    load,
  };
}

/** One side's runs at one thread count: the last run, with the median time and every round's time and load. */
type Summarized<R> = R & { rounds: number[]; loads: number[] };

interface ConfigResult {
  config: string;
  ours: Summarized<OurResult>[];
  peer: Summarized<PeerResult>[];
  peerBest: { threads: number; msPerIteration: number } | null;
  ratios: { workers: number; toPeerBest: number | null }[];
}

/** Runs our side of one config in a fresh process: this script with --child. */
function spawnOurs(config: string, workers: number, iterations: number, sampleSize: number, options: { quick: boolean; profile: boolean }): OurResult {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, `--child=${config}`, `--workers=${workers}`, `--iterations=${iterations}`, `--sample=${sampleSize}`];
  if (options.quick) args.push('--quick');
  if (options.profile) args.push('--profile');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`Our run of ${config} failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
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
const listArg = (key: string, fallback: number[]): number[] => (args.has(key) ? (args.get(key) as string).split(',').map(Number) : fallback);
const quick = args.has('quick');

const child = args.get('child');
if (child !== undefined) {
  const config = benchConfig(child, quick);
  const result = await runOurs(config, numberArg('workers') ?? 1, numberArg('iterations') ?? config.iterations, numberArg('sample') ?? config.sample, args.has('profile'));
  console.log(JSON.stringify(result));
} else {
  const cores = availableParallelism();
  const everyCount = Array.from({ length: cores }, (_, i) => i + 1);
  const names = (args.get('configs') ?? (quick ? 'toy,power' : 'toy,power,gas,miniboone')).split(',');
  const configs = names.map((name) => benchConfig(name, quick));
  const workerCounts = listArg('workers', everyCount);
  const peerThreads = listArg('peer-threads', everyCount);
  const rounds = numberArg('rounds') ?? 1;
  const skipReason = args.has('no-peer') ? 'skipped by --no-peer' : peerUnavailable();
  if (skipReason) console.error(`The PyTorch peer is skipped: ${skipReason}.`);
  const results: ConfigResult[] = [];
  for (const config of configs) {
    const iterations = numberArg('iterations') ?? config.iterations;
    const peerIterations = numberArg('peer-iterations') ?? config.peerIterations;
    const sampleSize = numberArg('sample') ?? config.sample;
    // The quick run times the tabular step (the peer's takes a minute or more) at the largest thread count only.
    const largestOnly = quick && config.name !== 'toy';
    const peerCounts = largestOnly ? [Math.max(...peerThreads)] : peerThreads;
    // The autoencoder trains on the calling thread only.
    const ourCounts = config.phase === 'autoencoder' ? [1] : largestOnly ? [Math.max(...workerCounts)] : workerCounts;
    const ours = new Map<number, OurResult[]>(ourCounts.map((w) => [w, []]));
    const peer = new Map<number, PeerResult[]>(peerCounts.map((t) => [t, []]));
    for (let round = 0; round < rounds; round++) {
      for (const workers of ourCounts) {
        console.error(`${describeConfig(config)}: ours, ${workers} worker(s), round ${round + 1}/${rounds} (load ${load1()})`);
        // Kernels are counted once per config, on one thread (where the profile sees every kernel).
        const profile = !quick && workers === 1 && round === 0;
        ours.get(workers)!.push(spawnOurs(config.name, workers, iterations, sampleSize, { quick, profile }));
      }
      if (skipReason) continue;
      for (const threads of peerCounts) {
        console.error(`${describeConfig(config)}: peer, ${threads} thread(s), round ${round + 1}/${rounds} (load ${load1()})`);
        peer.get(threads)!.push(runPeer(config, threads, peerIterations, sampleSize, args.has('peer-double')));
      }
    }
    const summarize = <R extends { msPerIteration: number; load: number }>(list: R[]): Summarized<R> => ({
      ...list[list.length - 1],
      msPerIteration: round1(median(list.map((r) => r.msPerIteration))),
      rounds: list.map((r) => r.msPerIteration),
      loads: list.map((r) => r.load),
    });
    const ourRows = ourCounts.map((w) => summarize(ours.get(w)!));
    const peerRows = skipReason ? [] : peerCounts.map((t) => summarize(peer.get(t)!));
    const peerBest = peerRows.length > 0 ? peerRows.reduce((a, b) => (b.msPerIteration < a.msPerIteration ? b : a)) : null;
    results.push({
      config: describeConfig(config),
      ours: ourRows,
      peer: peerRows,
      peerBest: peerBest && { threads: peerBest.threads, msPerIteration: peerBest.msPerIteration },
      ratios: ourRows.map((r) => ({ workers: r.workers, toPeerBest: peerBest ? round2(r.msPerIteration / peerBest.msPerIteration) : null })),
    });
  }
  const report = { cores, quick, peerSkipped: skipReason, results };
  if (args.has('json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const loads = (list: number[]) => list.join('/');
    /** Our run and the peer's at each thread count either side timed. */
    const byThreads = (r: ConfigResult) =>
      [...new Set([...r.ours.map((o) => o.workers), ...r.peer.map((p) => p.threads)])]
        .sort((a, b) => a - b)
        .map((count) => ({ count, ours: r.ours.find((o) => o.workers === count), peer: r.peer.find((p) => p.threads === count) }));
    console.log(`Training step, ms per iteration (median over rounds; load: the 1-minute load average when each was timed, ${cores} cores)\n`);
    console.log(
      table(
        results.flatMap((r) => {
          const oursOne = r.ours.find((o) => o.workers === 1);
          const peerOne = r.peer.find((p) => p.threads === 1);
          return byThreads(r).map(({ count, ours, peer }) => ({
            config: r.config,
            threads: count,
            'ours ms/it': ours?.msPerIteration ?? '—',
            'ours speed-up': ours && oursOne ? `${round2(oursOne.msPerIteration / ours.msPerIteration)}×` : '—',
            'ours load': ours ? loads(ours.loads) : '—',
            'peer ms/it': peer?.msPerIteration ?? '—',
            'peer speed-up': peer && peerOne ? `${round2(peerOne.msPerIteration / peer.msPerIteration)}×` : '—',
            'peer load': peer ? loads(peer.loads) : '—',
            'ours / peer best': ours && r.peerBest ? `${round2(ours.msPerIteration / r.peerBest.msPerIteration)} (peer at ${r.peerBest.threads})` : '—',
          }));
        }),
      ),
    );
    console.log('\nMemory: ours (kernels per iteration on one thread, the calling thread\'s wasm heap, RSS of the process) and the peer\'s peak RSS\n');
    console.log(
      table(
        results.flatMap((r) =>
          byThreads(r).map(({ count, ours, peer }) => ({
            config: r.config,
            threads: count,
            'kernels/it': ours?.kernelsPerIteration ?? '—',
            'wasm heap MiB': ours?.wasmHeapMiB ?? '—',
            'rss MiB': ours?.rssMiB ?? '—',
            'peer dtype': peer?.dtype ?? '—',
            'peer peak rss MiB': peer?.peakRssMiB ?? '—',
          })),
        ),
      ),
    );
    console.log('\nSampling and density, ms (ours: Flow on N threads; the peer samples with the trace)\n');
    console.log(
      table(
        results.flatMap((r) =>
          byThreads(r).filter(({ ours }) => ours?.sample !== null).map(({ count, ours, peer }) => ({
            config: r.config,
            threads: count,
            n: ours?.sample?.n ?? '—',
            'ours sample': ours?.sample?.sampleMs ?? '—',
            'ours sample+density': ours?.sample?.sampleWithDensityMs ?? '—',
            'ours logProb': ours?.sample?.logProbMs ?? '—',
            'peer sample (with trace)': peer?.sampleMs ?? '—',
          })),
        ),
      ),
    );
  }
}
