import { modelFileToJSON, parseModelFile, Potential, serializeModel, VelocityNetwork } from '@otflow/model';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingConfig, WorkerEvent } from '../src/protocol';
import { TrainingSession } from '../src/worker/training-session';

const SMALL: TrainingConfig = {
  data: { kind: 'toy', name: '8gaussians' },
  m: 8,
  nTh: 2,
  nt: 2,
  alphaC: 30,
  alphaR: 1,
  learningRate: 0.05,
  batchSize: 64,
  seed: 1,
};

/** A session whose events are collected, with a helper to wait for the next event of a type. */
function startSession() {
  const events: WorkerEvent[] = [];
  const waiters: { type: WorkerEvent['type']; after: number; resolve: (event: WorkerEvent) => void }[] = [];
  const session = new TrainingSession((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.type === event.type) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const next = <T extends WorkerEvent['type']>(type: T) =>
    new Promise<Extract<WorkerEvent, { type: T }>>((resolve) => waiters.push({ type, after: events.length, resolve: resolve as never }));
  return { session, events, next };
}

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('TrainingSession', () => {
  it('configures a run, steps it, and reports data, progress and views', async () => {
    const { session, events, next } = startSession();
    const firstViews = next('views');
    session.handle({ type: 'configure', run: 1, config: SMALL });
    const views = await firstViews;
    expect(events.map((e) => e.type)).toEqual(['data', 'progress', 'views']);
    expect(events[0]).toMatchObject({ run: 1, label: '8gaussians' });
    expect(views.iteration).toBe(0);
    expect(views.density.nx * views.density.ny).toBe(views.density.logValues.length);
    expect(views.density.logValues.every(Number.isFinite)).toBe(true);
    expect(views.samples.length).toBe(2 * 1500);
    expect(views.trajectories.times).toHaveLength(SMALL.nt + 1);
    expect(views.trajectories.times[0]).toBe(0);
    expect(views.trajectories.times[SMALL.nt]).toBeCloseTo(1, 12);

    const stepped = next('views');
    session.handle({ type: 'step' });
    expect((await stepped).iteration).toBe(1);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress[0]).toMatchObject({ reset: true, iteration: 0, records: [] });
    expect(progress[1]).toMatchObject({ reset: false, iteration: 1, playing: false });
    expect(progress[1].type === 'progress' && progress[1].records[0].iteration).toBe(1);

    const probe = next('log-density');
    session.handle({ type: 'log-density', id: 7, x: 0.5, y: -0.5 });
    const reply = await probe;
    expect(reply).toMatchObject({ id: 7, x: 0.5, y: -0.5 });
    expect(Number.isFinite(reply.logDensity)).toBe(true);
  });

  it('plays until paused, and frees its tensors between runs', async () => {
    const { session, events, next } = startSession();
    const ready = next('views');
    session.handle({ type: 'configure', run: 2, config: SMALL });
    await ready;
    const tensorsBefore = tf.memory().numTensors;
    session.handle({ type: 'play' });
    while (!events.some((e) => e.type === 'progress' && e.iteration >= 3)) await next('progress');
    const paused = next('progress');
    session.handle({ type: 'pause' });
    expect((await paused).playing).toBe(false);
    const iterations = events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? e.iteration : 0));
    expect(Math.max(...iterations)).toBeGreaterThanOrEqual(3);

    // A new run (same architecture) replaces the old one: the tensor count returns to what one run holds.
    const newData = next('data');
    session.handle({ type: 'configure', run: 3, config: { ...SMALL, seed: 2 } });
    await newData;
    await next('views');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('exports a model file that parses back to the trained weights', async () => {
    const { session, next } = startSession();
    const ready = next('views');
    session.handle({ type: 'configure', run: 4, config: { ...SMALL, data: { kind: 'drawn', strokes: [[-1, 0, 1, 0]] } } });
    await ready;
    const file = next('model-file');
    session.handle({ type: 'export-model', id: 3 });
    const exported = await file;
    expect(exported.fileName).toBe('otflow-drawn-0.json');
    const parsed = parseModelFile(exported.text);
    cleanup = () => parsed.model.dispose();
    expect(parsed.model.config).toMatchObject({ d: 2, m: 8, nTh: 2 });
    expect(parsed.training).toMatchObject({ dataset: 'drawn', alph: [1, 30, 1], nt: 2, iterations: 0, seed: 1 });
  });

  it("loads a model file: its architecture, its toy dataset, and its weights' density", async () => {
    const potential = new Potential({ d: 2, m: 12, nTh: 3, seed: 5 });
    const text = modelFileToJSON(serializeModel(potential, { training: { dataset: 'moons' } }));
    potential.dispose();
    const { session, events, next } = startSession();
    const loaded = next('model-loaded');
    const views = next('views');
    session.handle({ type: 'load-model', run: 5, text, label: 'moons.json', config: SMALL });
    expect(await loaded).toMatchObject({ label: 'moons.json', m: 12, nTh: 3 });
    await views;
    expect(events.find((e) => e.type === 'data')).toMatchObject({ run: 5, label: 'moons' });
    expect(events.map((e) => e.type).indexOf('data')).toBeLessThan(events.map((e) => e.type).indexOf('model-loaded'));
  });

  it('opens a velocity-network file and keeps training and exporting that kind', async () => {
    const network = new VelocityNetwork({ d: 2, m: 6, nTh: 2, seed: 2 });
    const text = modelFileToJSON(serializeModel(network, { training: { dataset: 'circles' } }));
    network.dispose();
    const { session, next } = startSession();
    const loaded = next('model-loaded');
    const views = next('views');
    session.handle({ type: 'load-model', run: 6, text, label: 'circles.json', config: SMALL });
    expect(await loaded).toMatchObject({ m: 6, nTh: 2 });
    await views;
    const file = next('model-file');
    session.handle({ type: 'export-model', id: 4 });
    const parsed = parseModelFile((await file).text);
    cleanup = () => parsed.model.dispose();
    expect(parsed.model.kind).toBe('velocity');
    expect(parsed.model.config).toEqual({ d: 2, m: 6, nTh: 2 });
  });

  it('rejects a bad or non-2-D model file as an input error of its request, and the previous run goes on', async () => {
    const { session, events, next } = startSession();
    const ready = next('views');
    session.handle({ type: 'configure', run: 6, config: SMALL });
    await ready;
    let error = next('error');
    session.handle({ type: 'load-model', run: 7, text: '{"format": "otflow-model"', label: 'broken.json', config: SMALL });
    expect(await error).toMatchObject({ kind: 'input', run: 7, message: expect.stringMatching(/^broken.json is not a usable model file: /) });
    const stepped = next('views');
    session.handle({ type: 'step' });
    expect((await stepped).iteration).toBe(1);
    expect(events.filter((e) => e.type === 'data')).toHaveLength(1);

    const potential = new Potential({ d: 3, m: 4, nTh: 2 });
    const text = modelFileToJSON(serializeModel(potential));
    potential.dispose();
    error = next('error');
    session.handle({ type: 'load-model', run: 8, text, label: 'three.json', config: SMALL });
    expect((await error).message).toBe('three.json is a model of 3-dimensional data; the demo draws 2-D models only (use the CLI for it).');
  });

  it('unloads its run: frees the tensors, and has nothing to step, play, probe or export until the next run', async () => {
    const tensorsWithout = tf.memory().numTensors;
    const { session, events, next } = startSession();
    const ready = next('views');
    session.handle({ type: 'configure', run: 1, config: SMALL });
    await ready;
    session.handle({ type: 'play' });
    const unloaded = next('unloaded');
    session.handle({ type: 'unload', run: 2 });
    expect(await unloaded).toEqual({ type: 'unloaded', run: 2 });
    expect(tf.memory().numTensors).toBe(tensorsWithout);

    const eventCount = events.length;
    session.handle({ type: 'step' });
    session.handle({ type: 'play' });
    const probe = next('log-density');
    session.handle({ type: 'log-density', id: 1, x: 0, y: 0 });
    expect((await probe).logDensity).toBeNaN();
    expect(events.slice(eventCount).map((e) => e.type)).toEqual(['log-density']);
    const error = next('error');
    session.handle({ type: 'export-model', id: 2 });
    expect(await error).toMatchObject({ kind: 'internal', message: 'There is no model to download yet.' });
  });
});
