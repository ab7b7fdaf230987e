/**
 * End to end: builds the app if its dist/ is missing or older than its sources, serves it with the cross-origin
 * isolation headers, and drives an installed Chromium through playwright-core (no browser download; the repository's
 * test/find-chromium.mjs says where it looks). Screenshots and measurements go to apps/demo/.tmp/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModelFile } from '@otflow/model';
import { loadImageFlow } from '@otflow/runtime';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumForTests } from '../../../test/find-chromium.mjs';
import { startStaticServer, type StaticServer } from '../scripts/static-server';
import { unpackModelAsset } from '../src/digits/model-asset';

const CHROMIUM = chromiumForTests('the demo in headless Chromium (apps/demo/test/demo.e2e.test.ts)');
const appDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(appDir, 'dist');
const outputDir = join(appDir, '.tmp', 'e2e');
/** Optimizer steps the main run trains for before its loss is compared. */
const TRAINING_ITERATIONS = 10;
const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

/** Builds dist/ unless it is newer than everything it is built from (root `pnpm test` builds it first). */
async function ensureBuild(): Promise<void> {
  const sources = ['src', 'public', 'index.html', 'digits.html', 'vite.config.ts'].map((name) => join(appDir, name));
  const index = join(distDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestModification))) return;
  await build({ root: appDir, configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn' });
}

function bundleSizes(): Record<string, number> {
  const assets = join(distDir, 'assets');
  return Object.fromEntries(readdirSync(assets).map((name) => [name, statSync(join(assets, name)).size]));
}

/** How many distinct colours a canvas shows (a blank or one-colour canvas has one or two). */
async function distinctColours(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const element = canvas as HTMLCanvasElement;
    const context = element.getContext('2d')!;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
}

async function iteration(page: Page): Promise<number> {
  return Number(await page.getAttribute('#iteration', 'data-iteration'));
}

async function chartValues(page: Page, series: string): Promise<{ first: number; latest: number; count: number }> {
  return page.$eval(`.chart[data-series="${series}"]`, (chart) => {
    const data = (chart as HTMLElement).dataset;
    return { first: Number(data.first), latest: Number(data.latest), count: Number(data.count) };
  });
}

/** Waits until the views show the model as it is now (after a pause, the worker refreshes them once more). */
async function waitForCurrentViews(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.body.dataset.viewsIteration === document.getElementById('iteration')?.dataset.iteration,
    null,
    { timeout: 30_000 },
  );
}

/** What the page says about its data once the views show the latest request: the label, the title, the pad. */
async function dataState(page: Page) {
  await page.waitForSelector('#views[aria-busy="false"]', { timeout: 30_000 });
  return page.evaluate(() => ({
    choice: (document.getElementById('data-select') as HTMLSelectElement).value,
    label: document.getElementById('data-label')?.textContent ?? '',
    densityTitle: document.getElementById('density-data')?.textContent ?? '',
    padShown: !(document.getElementById('draw-panel') as HTMLElement).hidden,
    padStrokes: Number((document.getElementById('draw-pad') as HTMLElement).dataset.strokes),
  }));
}

/** Waits for a message matching `pattern` and checks that it is on screen, wherever the page is scrolled. */
async function expectMessageOnScreen(page: Page, pattern: RegExp): Promise<string> {
  const message = page.locator('.message', { hasText: pattern }).last();
  await message.waitFor({ state: 'visible', timeout: 30_000 });
  const placed = await message.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { box: box.toJSON() as DOMRect, width: innerWidth, height: innerHeight, text: element.textContent ?? '' };
  });
  expect(placed.box.top).toBeGreaterThanOrEqual(0);
  expect(placed.box.left).toBeGreaterThanOrEqual(0);
  expect(placed.box.bottom).toBeLessThanOrEqual(placed.height);
  expect(placed.box.right).toBeLessThanOrEqual(placed.width);
  return placed.text;
}

/**
 * Checks every loss chart's text as drawn: the axis titles are there, and no label is clipped by the SVG's bounds
 * or overlaps another. Returns the number of tick labels per chart.
 */
async function expectChartTextInside(page: Page): Promise<Record<string, number>> {
  const charts = await page.$$eval('.chart', (elements) =>
    elements.map((chart) => {
      const svg = chart.querySelector('svg')!;
      const frame = svg.getBoundingClientRect();
      const texts = Array.from(svg.querySelectorAll('text')).map((text) => {
        const box = text.getBoundingClientRect();
        return { text: text.textContent ?? '', tick: text.classList.contains('tick'), left: box.left, top: box.top, right: box.right, bottom: box.bottom };
      });
      return { series: (chart as HTMLElement).dataset.series ?? '', frame: { left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom }, texts };
    }),
  );
  const ticks: Record<string, number> = {};
  for (const { series, frame, texts } of charts) {
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining([series, 'iteration']));
    for (const text of texts) {
      const where = `${series}: "${text.text}"`;
      expect(text.left, where).toBeGreaterThanOrEqual(frame.left);
      expect(text.right, where).toBeLessThanOrEqual(frame.right);
      expect(text.top, where).toBeGreaterThanOrEqual(frame.top);
      expect(text.bottom, where).toBeLessThanOrEqual(frame.bottom);
    }
    texts.forEach((a, i) =>
      texts.slice(i + 1).forEach((b) => {
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        expect(overlap, `${series}: "${a.text}" overlaps "${b.text}"`).toBe(false);
      }),
    );
    ticks[series] = texts.filter((t) => t.tick).length;
  }
  return ticks;
}

/** Presses `key` on the focused element and answers the file chooser it opens with `file`. */
async function chooseFileByKeyboard(page: Page, key: 'Enter' | 'Space', file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press(key)]);
  await chooser.setFiles(file);
}

async function openApp(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#backend-status[data-state="ready"]', { timeout: 30_000 });
  return page;
}

// Without Chromium a developer's run skips this file (with one line saying how to enable it); on CI it fails instead.
describe.skipIf(CHROMIUM === null)('the demo in headless Chromium', () => {
  let server: StaticServer;
  let context: BrowserContext;
  let userDataDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuild();
    mkdirSync(outputDir, { recursive: true });
    server = await startStaticServer(distDir);
    userDataDir = mkdtempSync(join(tmpdir(), 'otflow-demo-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM!,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
    });
    context.on('page', (page) => {
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('trains, draws, probes, round-trips its URL state, and logs no errors', async () => {
    // 1. Before training: the untrained model's views.
    const page = await openApp(context, server.url);
    // File choosers are intercepted from the start: turning interception on takes a round trip to the browser that a
    // key press right after can overtake (the chooser then opens natively and is cancelled).
    page.on('filechooser', () => undefined);
    const backend = await page.textContent('#backend-status');
    await page.waitForFunction(() => document.body.dataset.viewsIteration === '0', null, { timeout: 30_000 });
    expect(await distinctColours(page, '#density-canvas')).toBeGreaterThan(30);
    await page.screenshot({ path: join(outputDir, 'before-training.png'), fullPage: true });

    // 2. Train, then pause: the objective went down and the heat map is not blank.
    await page.click('#play');
    await page.waitForFunction(
      (target) => Number(document.getElementById('iteration')?.dataset.iteration) >= target,
      TRAINING_ITERATIONS,
      { timeout: 60_000 },
    );
    await page.click('#play');
    await page.waitForSelector('#play[data-playing="false"]');
    await waitForCurrentViews(page);
    const trained = await iteration(page);
    const objective = await chartValues(page, 'J');
    expect(objective.count).toBe(trained);
    expect(objective.latest).toBeLessThan(0.8 * objective.first);
    expect(await distinctColours(page, '#density-canvas')).toBeGreaterThan(30);
    const rate = await page.$eval('#rate', (element) => ({
      training: Number((element as HTMLElement).dataset.trainingRate),
      wall: Number((element as HTMLElement).dataset.wallRate),
    }));
    expect(rate.training).toBeGreaterThan(0);
    // The loss charts: axis titles, two or more value labels and some iteration labels, none clipped or overlapping.
    const ticks = await expectChartTextInside(page);
    for (const series of ['J', 'L', 'C', 'R']) expect(ticks[series], series).toBeGreaterThanOrEqual(3);

    // 3. Hover and click: the exact log-density at a point.
    await page.locator('#density-canvas').scrollIntoViewIfNeeded();
    const box = (await page.locator('#density-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 - 10);
    await page.waitForFunction(() => document.getElementById('hover-readout')?.dataset.logDensity !== undefined);
    const logDensity = Number(await page.getAttribute('#hover-readout', 'data-log-density'));
    expect(Number.isFinite(logDensity)).toBe(true);
    expect(await page.textContent('#hover-readout')).toMatch(/^log ρ\(-?\d+\.\d\d, -?\d+\.\d\d\) = -?\d+\.\d{4}/);
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
    await page.screenshot({ path: join(outputDir, 'after-training.png'), fullPage: true });

    // 4. A 390 px phone: nothing wider than the screen, the views right after the training controls, charts intact,
    // and a setting's error, made far down the page, on screen and naming the field as its label does.
    await page.setViewportSize(PHONE);
    await page.waitForFunction((width) => document.querySelector('.chart svg')!.getBoundingClientRect().width < width, PHONE.width);
    const phone = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      controlsBottom: document.getElementById('play')!.getBoundingClientRect().bottom + scrollY,
      viewsTop: document.getElementById('density-canvas')!.getBoundingClientRect().top + scrollY,
    }));
    expect(phone.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(phone.viewsTop).toBeGreaterThan(phone.controlsBottom);
    expect(phone.viewsTop).toBeLessThan(PHONE.height);
    await expectChartTextInside(page);
    await page.screenshot({ path: join(outputDir, 'phone.png'), fullPage: true });
    await page.fill('input[name="batchSize"]', '5');
    await page.press('input[name="batchSize"]', 'Tab');
    expect(await expectMessageOnScreen(page, /batch size/)).toMatch(/^“batch size” must be between 16 and 16384, got 5\. Still using 1024\./);
    expect(await page.getAttribute('input[name="batchSize"]', 'aria-invalid')).toBe('true');
    await page.setViewportSize(DESKTOP);

    // 5. URL state: change settings in the form; a new page opened at the URL shows the same setup. Choosing data
    // resets the form, which takes the batch size's error away; a fixed field takes its own error away.
    await page.selectOption('#data-select', 'moons');
    expect(await page.locator('.message', { hasText: 'batch size' }).count()).toBe(0);
    await page.fill('input[name="learningRate"]', '5');
    await page.press('input[name="learningRate"]', 'Tab');
    expect(await expectMessageOnScreen(page, /learning rate/)).toMatch(/^“learning rate” must be between 0\.000001 and 1, got 5\. Still using [\d.]+\./);
    await page.fill('input[name="m"]', '16');
    await page.press('input[name="m"]', 'Tab');
    await page.fill('input[name="learningRate"]', '0.02');
    await page.press('input[name="learningRate"]', 'Tab');
    expect(await page.locator('.message', { hasText: 'learning rate' }).count()).toBe(0);
    await page.fill('input[name="seed"]', '7');
    await page.press('input[name="seed"]', 'Tab');
    await page.locator('#time-slider').fill('0.4');
    await page.waitForFunction(() => location.search.includes('seed=7') && location.search.includes('t=0.4'));
    const sharedUrl = page.url();
    expect(new URL(sharedUrl).searchParams.get('data')).toBe('moons');
    expect(await dataState(page)).toEqual({ choice: 'moons', label: 'Training on moons.', densityTitle: 'of moons', padShown: false, padStrokes: 0 });
    const formValues = (target: Page) =>
      target.evaluate(() => ({
        data: (document.getElementById('data-select') as HTMLSelectElement).value,
        inputs: Array.from(document.querySelectorAll<HTMLInputElement>('#settings-form input')).map((i) => [i.name, i.value]),
        time: (document.getElementById('time-slider') as HTMLInputElement).value,
      }));
    const shared = await openApp(context, sharedUrl);
    expect(await formValues(shared)).toEqual(await formValues(page));
    expect(await formValues(shared)).toMatchObject({ data: 'moons', time: '0.4' });
    await shared.waitForFunction(() => document.body.dataset.urlState !== undefined);
    expect(shared.url()).toBe(sharedUrl);
    await shared.close();

    // 6. An empty pad: no model (nothing of other data on show), and Play says why instead of training.
    await page.selectOption('#data-select', 'drawn');
    const emptyPad = { choice: 'drawn', label: expect.stringMatching(/^The pad is empty: draw on it/), densityTitle: '', padShown: true, padStrokes: 0 };
    expect(await dataState(page)).toEqual(emptyPad);
    expect(await page.isDisabled('#download')).toBe(true);
    await page.click('#play');
    expect(await expectMessageOnScreen(page, /Nothing to train/)).toMatch(/^Nothing to train\. The pad is empty/);
    await page.click('#step');
    await page.waitForTimeout(1000);
    expect(await page.getAttribute('#play', 'data-playing')).toBe('false');
    expect(await iteration(page)).toBe(0);
    expect((await chartValues(page, 'J')).count).toBe(0);

    // 7. Drawing a distribution starts training on it.
    const pad = page.locator('#draw-pad');
    await pad.waitFor({ state: 'visible' });
    await pad.scrollIntoViewIfNeeded();
    const padBox = (await pad.boundingBox())!;
    const centre = { x: padBox.x + padBox.width / 2 + 10, y: padBox.y + padBox.height / 2 - 10 };
    await page.mouse.move(centre.x - 60, centre.y - 40);
    await page.mouse.down();
    for (let k = 1; k <= 24; k++) {
      const angle = (k / 24) * 1.5 * Math.PI;
      await page.mouse.move(centre.x - 60 * Math.cos(angle), centre.y - 40 * Math.sin(angle));
    }
    await page.mouse.up();
    await page.mouse.move(centre.x + 50, centre.y + 40);
    await page.mouse.down();
    await page.mouse.move(centre.x + 80, centre.y + 70, { steps: 8 });
    await page.mouse.up();
    await page.waitForSelector('#play[data-playing="true"]', { timeout: 30_000 });
    // The label names the drawing once the worker has started on both strokes; later progress is of that run.
    await page.waitForFunction(() => document.getElementById('data-label')?.textContent === 'Training on your drawing (2 strokes).');
    await page.waitForFunction(() => Number(document.getElementById('iteration')?.dataset.iteration) >= 3, null, { timeout: 60_000 });
    // The URL is written 250 ms after the last change (browsers throttle history updates): wait for it.
    await page.waitForFunction(() => new URLSearchParams(location.search).get('strokes')?.includes('.'));
    expect(new URL(page.url()).searchParams.get('strokes')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The loss chart redraws on its own schedule, after the iteration counter: wait for it rather than race it.
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.chart[data-series="J"]')?.dataset.count) >= 3, null, {
      timeout: 30_000,
    });
    expect((await chartValues(page, 'J')).count).toBeGreaterThanOrEqual(3);
    const drawing = { choice: 'drawn', label: 'Training on your drawing (2 strokes).', densityTitle: 'of your drawing (2 strokes)', padShown: true, padStrokes: 2 };
    expect(await dataState(page)).toEqual(drawing);

    // 8. Switching data while training: the label, the density's title and the pad follow, and training goes on.
    await page.selectOption('#data-select', 'moons');
    expect(await dataState(page)).toEqual({ choice: 'moons', label: 'Training on moons.', densityTitle: 'of moons', padShown: false, padStrokes: 2 });
    await page.selectOption('#data-select', 'drawn');
    expect(await dataState(page)).toEqual(drawing);
    expect(await page.getAttribute('#play', 'data-playing')).toBe('true');
    await page.click('#play');
    await page.waitForSelector('#play[data-playing="false"]');
    await waitForCurrentViews(page);
    await page.screenshot({ path: join(outputDir, 'drawn.png'), fullPage: true });
    await page.click('#draw-clear');
    expect(await dataState(page)).toEqual(emptyPad);

    // 9. A CSV file, chosen with the keyboard alone: Tab from the data choice reaches the file input, Space opens it.
    await page.selectOption('#data-select', 'csv');
    expect(await dataState(page)).toMatchObject({ choice: 'csv', label: 'No CSV file yet: choose one to train on.', densityTitle: '' });
    await page.focus('#data-select');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('csv-file');
    await page.screenshot({ path: join(outputDir, 'csv-file-focused.png') });
    const csvFile = join(outputDir, 'ring.csv');
    const ring = Array.from({ length: 200 }, (_, k) => {
      const angle = (2 * Math.PI * k) / 200;
      return `${(2 * Math.cos(angle) + 0.2 * Math.sin(7 * k)).toFixed(4)},${(2 * Math.sin(angle) + 0.2 * Math.cos(5 * k)).toFixed(4)}`;
    });
    writeFileSync(csvFile, `x,y\n${ring.join('\n')}\n`);
    await chooseFileByKeyboard(page, 'Space', csvFile);
    await expectMessageOnScreen(page, /^Read 200 points from ring\.csv/);
    expect(await dataState(page)).toEqual({
      choice: 'csv',
      label: 'Training on ring.csv (200 points), standardized.',
      densityTitle: 'of ring.csv (200 points)',
      padShown: false,
      padStrokes: 0,
    });

    // 10. A shipped pretrained model samples without training, and brings its data choice along.
    await page.selectOption('#pretrained', '8gaussians');
    await page.click('#load-pretrained');
    await page.waitForFunction(() => document.getElementById('data-label')?.textContent?.includes('8gaussians'), null, { timeout: 30_000 });
    await waitForCurrentViews(page);
    expect(await iteration(page)).toBe(0);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('model') === '8gaussians', null, { timeout: 5_000 });
    const pretrained = { choice: '8gaussians', label: 'Training on 8gaussians.', densityTitle: 'of 8gaussians', padShown: false, padStrokes: 0 };
    expect(await dataState(page)).toEqual(pretrained);
    await page.screenshot({ path: join(outputDir, 'pretrained.png'), fullPage: true });

    // 11. Download the model (the CLI's file format) and open files with the keyboard: Tab reaches the model file
    // input, Enter opens a broken file (its error is on screen, the model stays), Space the download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const downloaded = join(outputDir, download.suggestedFilename());
    await download.saveAs(downloaded);
    const file = parseModelFile(readFileSync(downloaded, 'utf8'));
    file.model.dispose();
    expect(file.model.config).toMatchObject({ d: 2, m: 32, nTh: 2 });
    expect(file.training).toMatchObject({ dataset: '8gaussians', createdBy: 'otflow demo' });
    await page.focus('#load-pretrained');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('model-file');
    const broken = join(outputDir, 'broken-model.json');
    writeFileSync(broken, '{"format": "otflow-model"');
    await chooseFileByKeyboard(page, 'Enter', broken);
    expect(await expectMessageOnScreen(page, /broken-model\.json/)).toMatch(/^broken-model\.json is not a usable model file: /);
    expect(await dataState(page)).toEqual(pretrained);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('model-file');
    await chooseFileByKeyboard(page, 'Space', downloaded);
    await expectMessageOnScreen(page, new RegExp(`^Loaded ${download.suggestedFilename().replace(/[.-]/g, '\\$&')}`));

    expect(consoleErrors).toEqual([]);
    const report = { backend, trainedIterations: trained, objective, iterationsPerSecond: rate, bundleBytes: bundleSizes() };
    writeFileSync(join(outputDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`demo e2e: ${JSON.stringify(report)}`);
  }, 180_000);

  it('digits page: generates, interpolates, scores a drawing, fits a phone, and logs no errors', async () => {
    const errorsBefore = consoleErrors.length;
    const failedRequests: string[] = [];
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
    });
    const opened = Date.now();
    await page.goto(`${server.url}digits.html`);
    expect(await page.getAttribute('#digits', 'aria-busy')).toBe('true');
    await page.waitForSelector('#backend-status[data-state="ready"]', { timeout: 60_000 });
    await page.waitForSelector('#digit-grid[data-seed="0"]', { timeout: 60_000 });
    const loadSeconds = (Date.now() - opened) / 1000;
    const workerLoadMs = Number(await page.getAttribute('#backend-status', 'data-load-ms'));
    expect(await page.getAttribute('#digits', 'aria-busy')).toBe('false');

    // 1. Sixteen generated digits: MNIST-like pixel statistics, and the very images Node samples from the asset.
    const grid = await page.$$eval('#digit-grid canvas', (canvases) =>
      canvases.map((canvas) => {
        const element = canvas as HTMLCanvasElement;
        const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
        const block = element.width / 28;
        return Array.from({ length: 784 }, (_, k) => data[4 * ((Math.floor(k / 28) * block + 1) * element.width + (k % 28) * block + 1)] / 255);
      }),
    );
    expect(grid).toHaveLength(16);
    const gridDecodeMs = Number(await page.getAttribute('#digit-grid', 'data-ms'));
    for (const pixels of grid) {
      const mean = pixels.reduce((a, b) => a + b, 0) / pixels.length;
      expect(mean).toBeGreaterThan(0.04);
      expect(mean).toBeLessThan(0.35);
      expect(Math.max(...pixels)).toBeGreaterThan(0.6);
      // The border is background, as in MNIST.
      expect(pixels[0] + pixels[27] + pixels[756] + pixels[783]).toBeLessThan(0.4);
    }
    const asset = await unpackModelAsset(new Uint8Array(readFileSync(join(distDir, 'models', 'digits.otflow.bin'))));
    const flow = await loadImageFlow(asset.model as Record<string, unknown>);
    const expected = await flow.sample(16, { seed: 0 });
    flow.dispose();
    let worst = 0;
    grid.forEach((pixels, i) => pixels.forEach((value, k) => (worst = Math.max(worst, Math.abs(value - expected.data[i * 784 + k])))));
    expect(worst).toBeLessThan(3 / 255);
    await page.screenshot({ path: join(outputDir, 'digits-desktop.png'), fullPage: true });

    // 2. Interpolation: pick two grid digits as the ends; the slider's ends reproduce them, its middle is neither.
    const canvasPixels = (selector: string) =>
      page.$eval(selector, (canvas) => {
        const element = canvas as HTMLCanvasElement;
        return Array.from(element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data);
      });
    const meanDifference = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0) / a.length;
    await page.check('input[name="pick-end"][value="a"]');
    await page.click('#digit-grid .digit-cell[data-index="3"]');
    await page.check('input[name="pick-end"][value="b"]');
    await page.click('#digit-grid .digit-cell[data-index="9"]');
    await page.waitForFunction(() => location.search.includes('a=0-3') && location.search.includes('b=0-9'));
    const slideTo = async (t: string) => {
      await page.locator('#t-slider').fill(t);
      await page.waitForFunction((value) => {
        const between = document.getElementById('between')!.dataset;
        return between.t === value && between.ends === '0-3 0-9';
      }, String(Number(t)), { timeout: 30_000 });
    };
    await slideTo('0');
    const endA = await canvasPixels('#end-a');
    const endB = await canvasPixels('#end-b');
    expect(meanDifference(endA, endB)).toBeGreaterThan(5);
    expect(meanDifference(await canvasPixels('#between'), endA)).toBeLessThan(0.5);
    await slideTo('1');
    expect(meanDifference(await canvasPixels('#between'), endB)).toBeLessThan(0.5);
    await slideTo('0.5');
    const middle = await canvasPixels('#between');
    expect(meanDifference(middle, endA)).toBeGreaterThan(2);
    expect(meanDifference(middle, endB)).toBeGreaterThan(2);
    // The slider moves with the keyboard too.
    await page.focus('#t-slider');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('between')!.dataset.t === '0.51');
    expect(await page.textContent('#t-value')).toBe('t = 0.51');
    // Re-rolling an end changes that end only.
    await page.click('#reroll-b');
    await page.waitForFunction(() => document.getElementById('between')!.dataset.ends === '0-3 1-9');
    expect(meanDifference(await canvasPixels('#end-a'), endA)).toBe(0);
    expect(meanDifference(await canvasPixels('#end-b'), endB)).toBeGreaterThan(5);

    // 3. Draw a zero on the pad: a finite log-density, in the range of real digits and above noise.
    const pad = page.locator('#digit-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y - 0.35 * box.height);
    await page.mouse.down();
    for (let k = 1; k <= 40; k++) {
      const angle = (2 * Math.PI * k) / 40;
      await page.mouse.move(centre.x + 0.22 * box.width * Math.sin(angle), centre.y - 0.35 * box.height * Math.cos(angle));
    }
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('score')!.dataset.logDensity !== undefined, null, { timeout: 30_000 });
    const drawn = Number(await page.getAttribute('#score', 'data-log-density'));
    expect(Number.isFinite(drawn)).toBe(true);
    expect(await page.textContent('#score')).toMatch(/^log-density of your drawing: −?\d+\.\d nats$/);
    expect(await distinctColours(page, '#drawn-pixels')).toBeGreaterThan(5);
    expect(await distinctColours(page, '#reconstruction')).toBeGreaterThan(5);
    expect(await page.locator('#score-scale .scale-mark').count()).toBe(3);
    await page.screenshot({ path: join(outputDir, 'digits-drawn.png'), fullPage: true });
    await page.click('#pad-noise');
    await page.waitForFunction((previous) => {
      const value = document.getElementById('score')!.dataset.logDensity;
      return value !== undefined && value !== previous;
    }, String(drawn), { timeout: 30_000 });
    const noise = Number(await page.getAttribute('#score', 'data-log-density'));
    expect(drawn).toBeGreaterThan(noise + 10);
    const [realDigits, noiseScale] = asset.scales;
    expect(drawn).toBeGreaterThan(noiseScale.p90);
    expect(realDigits.median).toBeGreaterThan(noiseScale.median);
    await page.click('#pad-clear');
    await page.waitForFunction(() => document.getElementById('score')!.dataset.logDensity === undefined);

    // 4. A 390 px phone: nothing wider than the screen.
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(outputDir, 'digits-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);

    // 5. The pages link to each other; a link to the digits page reproduces its state.
    const sharedUrl = page.url();
    const shared = await context.newPage();
    await shared.goto(sharedUrl);
    await shared.waitForSelector('#backend-status[data-state="ready"]', { timeout: 60_000 });
    expect(await shared.inputValue('#t-slider')).toBe('0.51');
    await shared.waitForFunction(() => document.getElementById('between')!.dataset.ends === '0-3 1-9', null, { timeout: 30_000 });
    await shared.click('.page-tabs a:not([aria-current])');
    await shared.waitForSelector('#backend-status[data-state="ready"]', { timeout: 30_000 });
    expect(await shared.getAttribute('.page-tabs a[aria-current="page"]', 'href')).toBe('./index.html');
    await shared.close();

    // 6. The digits page ships no training code and no data sets.
    const assets = readdirSync(join(distDir, 'assets'));
    const digitsScripts = assets.filter((name) => /^digits(\.worker)?-.*\.js$/.test(name));
    expect(digitsScripts).toHaveLength(2);
    for (const name of digitsScripts) {
      const code = readFileSync(join(distDir, 'assets', name), 'utf8');
      for (const marker of ['learningRateDropFactor must be', 'earlyStoppingPatience', 'pinwheel', 'the built-in digits']) expect(code, `${name}: ${marker}`).not.toContain(marker);
    }

    await page.close();
    expect(failedRequests).toEqual([]);
    expect(consoleErrors.slice(errorsBefore)).toEqual([]);
    const report = {
      modelAssetBytes: statSync(join(distDir, 'models', 'digits.otflow.bin')).size,
      pageLoadToGridSeconds: loadSeconds,
      workerLoadMs,
      gridDecodeMs,
      drawnLogDensity: drawn,
      noiseLogDensity: noise,
      scales: asset.scales,
      digitsBundleBytes: Object.fromEntries(digitsScripts.map((name) => [name, statSync(join(distDir, 'assets', name)).size])),
    };
    writeFileSync(join(outputDir, 'digits-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`digits e2e: ${JSON.stringify(report)}`);
  }, 180_000);
});
