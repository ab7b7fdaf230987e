import { Random } from '@otflow/random';
import { byId } from '../by-id';
import { showBackend } from '../views/backend-chip';
import { MessageList } from '../views/message-list';
import { DigitsClient } from './digits-client';
import type { DigitRef } from './digits-protocol';
import { clearDigit, drawDigit } from './digit-image';
import { DigitPad } from './digit-pad';
import { decodeDigitsState, encodeDigitsState, GRID_SIZE, type DigitsState } from './digits-url-state';
import type { LogDensityScale } from './model-asset';

const PIXELS = 28 * 28;

function signed(value: number, digits: number): string {
  return value.toFixed(digits).replace('-', '−');
}

function formatNats(value: number): string {
  return `${signed(value, 1)} nats`;
}

/**
 * The digits page: a grid of generated digits, a slider between two of them in the flow's Gaussian space, and a
 * pad whose drawing the flow scores. The worker does the numerics; the page keeps its state in the URL.
 */
export class DigitsPage {
  private readonly client = new DigitsClient();
  private readonly messages = new MessageList(byId('messages'));
  private state: DigitsState;
  private scales: LogDensityScale[] = [];
  private scoreRequest = 0;
  private noiseSeed = 1;
  private readonly pad: DigitPad;
  private readonly slider = byId<HTMLInputElement>('t-slider');
  private readonly seedInput = byId<HTMLInputElement>('grid-seed');

  constructor() {
    const { state, problems } = decodeDigitsState(location.search);
    this.state = state;
    for (const problem of problems) this.messages.show(problem, 'error', 'url');
    for (const id of ['end-a', 'end-b', 'between', 'drawn-pixels', 'reconstruction']) clearDigit(byId<HTMLCanvasElement>(id));
    this.buildGrid();
    this.pad = new DigitPad(byId<HTMLCanvasElement>('digit-pad'), (pixels) => void this.score(pixels));
    byId<HTMLCanvasElement>('digit-pad').dataset.disabled = 'true';
    this.bindControls();
    this.client.ready.then(
      (ready) => {
        showBackend(byId('backend-status'), ready.report);
        byId('backend-status').textContent += ` · model ${Math.round(ready.modelBytes / 1024)} KB, ready in ${(ready.loadMs / 1000).toFixed(1)} s`;
        byId('backend-status').dataset.loadMs = String(Math.round(ready.loadMs));
        byId('grid-note').textContent = `${ready.description}. Each digit is a normal draw of the seed, carried back through the flow and decoded.`;
        this.scales = ready.scales;
        this.showReference();
        document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('#digits button, #digits input').forEach((control) => (control.disabled = false));
        byId<HTMLCanvasElement>('digit-pad').dataset.disabled = 'false';
        byId('digits').setAttribute('aria-busy', 'false');
        void this.refreshAll();
      },
      (error: Error) => {
        const status = byId('backend-status');
        status.dataset.state = 'failed';
        status.textContent = 'the digits model did not load';
        this.messages.show(error.message, 'error');
      },
    );
  }

  private buildGrid(): void {
    const grid = byId('digit-grid');
    for (let index = 0; index < GRID_SIZE; index++) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'digit-cell';
      button.dataset.index = String(index);
      button.disabled = true;
      button.setAttribute('aria-label', `Generated digit ${index + 1}: use it as an end of the interpolation`);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 56;
      clearDigit(canvas);
      button.append(canvas);
      button.addEventListener('click', () => this.pick(index));
      grid.append(button);
    }
  }

  private bindControls(): void {
    this.seedInput.value = String(this.state.seed);
    this.slider.value = String(this.state.t);
    this.seedInput.addEventListener('change', () => {
      const seed = Number(this.seedInput.value);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
        this.seedInput.setAttribute('aria-invalid', 'true');
        this.messages.show(`“seed” must be an integer from 0 to ${2 ** 31 - 1}, got ${this.seedInput.value}. Still using ${this.state.seed}.`, 'error', 'seed');
        return;
      }
      this.seedInput.removeAttribute('aria-invalid');
      this.messages.dismiss('seed');
      this.update({ seed });
      void this.showGrid();
    });
    byId('generate').addEventListener('click', () => {
      this.update({ seed: this.state.seed + 1 });
      this.seedInput.value = String(this.state.seed);
      void this.showGrid();
    });
    for (const end of ['a', 'b'] as const) {
      byId(`reroll-${end}`).addEventListener('click', () => {
        const current = this.state[end];
        this.update({ [end]: { seed: current.seed + 1, index: current.index } });
        void this.showEnds();
      });
    }
    this.slider.addEventListener('input', () => {
      this.update({ t: Number(this.slider.value) });
      void this.showBetween();
    });
    byId('pad-clear').addEventListener('click', () => this.pad.clear());
    byId('pad-noise').addEventListener('click', () => {
      const random = new Random(this.noiseSeed++);
      this.pad.fillWithNoise(() => random.uniform());
    });
  }

  private update(change: Partial<DigitsState>): void {
    this.state = { ...this.state, ...change };
    history.replaceState(null, '', `?${encodeDigitsState(this.state)}`);
    document.body.dataset.urlState = encodeDigitsState(this.state);
  }

  private pick(index: number): void {
    const end = (document.querySelector<HTMLInputElement>('input[name="pick-end"]:checked')?.value ?? 'a') as 'a' | 'b';
    this.update({ [end]: { seed: this.state.seed, index } });
    this.messages.show(`Digit ${index + 1} of seed ${this.state.seed} is now end ${end.toUpperCase()}.`, 'info', 'pick');
    void this.showEnds();
  }

  private async refreshAll(): Promise<void> {
    await Promise.all([this.showGrid(), this.showEnds()]);
  }

  /** Runs a worker request, showing its error in the messages instead of throwing. */
  private async guarded(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.messages.show(`${what} failed: ${(error as Error).message}`, 'error');
    }
  }

  private showGrid(): Promise<void> {
    const seed = this.state.seed;
    return this.guarded('Generating digits', async () => {
      const grid = byId('digit-grid');
      grid.setAttribute('aria-busy', 'true');
      const refs: DigitRef[] = Array.from({ length: GRID_SIZE }, (_, index) => ({ seed, index }));
      const { images, ms } = await this.client.digits(refs);
      if (seed !== this.state.seed) return;
      grid.querySelectorAll('canvas').forEach((canvas, i) => drawDigit(canvas, images, i * PIXELS));
      grid.dataset.seed = String(seed);
      grid.dataset.ms = String(Math.round(ms));
      grid.setAttribute('aria-busy', 'false');
    });
  }

  private showEnds(): Promise<void> {
    const { a, b } = this.state;
    return this.guarded('Decoding the two ends', async () => {
      const { images } = await this.client.digits([a, b]);
      if (a !== this.state.a || b !== this.state.b) return;
      drawDigit(byId<HTMLCanvasElement>('end-a'), images, 0);
      drawDigit(byId<HTMLCanvasElement>('end-b'), images, PIXELS);
      await this.showBetween();
    });
  }

  private showBetween(): Promise<void> {
    const { a, b, t } = this.state;
    byId('t-value').textContent = `t = ${t.toFixed(2)}`;
    return this.guarded('Interpolating', async () => {
      const answer = await this.client.interpolate(a, b, t);
      if (answer === null) return;
      const canvas = byId<HTMLCanvasElement>('between');
      drawDigit(canvas, answer.images);
      canvas.dataset.t = String(t);
      canvas.dataset.ends = `${a.seed}-${a.index} ${b.seed}-${b.index}`;
    });
  }

  private async score(pixels: Float32Array | null): Promise<void> {
    const request = ++this.scoreRequest;
    const readout = byId('score');
    const drawn = byId<HTMLCanvasElement>('drawn-pixels');
    const reconstruction = byId<HTMLCanvasElement>('reconstruction');
    delete readout.dataset.logDensity;
    if (pixels === null) {
      clearDigit(drawn);
      clearDigit(reconstruction);
      readout.textContent = 'Draw a digit: the flow scores how likely it is.';
      this.showScale(null);
      return;
    }
    drawDigit(drawn, pixels);
    readout.textContent = 'Scoring…';
    await this.guarded('Scoring the drawing', async () => {
      const { logDensity, reconstruction: image } = await this.client.score(pixels);
      if (request !== this.scoreRequest) return;
      drawDigit(reconstruction, image);
      readout.dataset.logDensity = String(logDensity);
      readout.textContent = `log-density of your drawing: ${formatNats(logDensity)}`;
      this.showScale(logDensity);
    });
  }

  private showReference(): void {
    byId('score-reference').textContent = this.scales.length
      ? `For comparison (medians, 10–90 % in brackets): ${this.scales
          .map((scale) => `${scale.label} ${formatNats(scale.median)} (${signed(scale.p10, 0)} … ${signed(scale.p90, 0)})`)
          .join('; ')}. Log-density of the standardized 32-d code, as the flow models it.`
      : '';
    this.showScale(null);
  }

  /**
   * A bar from the lowest to the highest reference median, on a log-scaled axis of the distance below the top
   * (references can be thousands of nats apart): each reference's median, and the drawing's value when there is one.
   */
  private showScale(value: number | null): void {
    const bar = byId('score-scale');
    bar.replaceChildren();
    if (this.scales.length < 2) return;
    const top = Math.max(...this.scales.map((scale) => scale.p90), value ?? -Infinity) + 1;
    const depth = (x: number) => Math.log1p(Math.max(0, top - x));
    const deepest = Math.max(...this.scales.map((scale) => depth(scale.p10)), value === null ? 0 : depth(value));
    const place = (x: number) => `${(100 * (1 - depth(x) / deepest)).toFixed(1)}%`;
    const mark = (x: number, label: string, kind: string) => {
      const marker = document.createElement('span');
      marker.className = `scale-mark ${kind}`;
      marker.style.left = place(x);
      marker.textContent = label;
      bar.append(marker);
    };
    this.scales.forEach((scale, i) => mark(scale.median, scale.name, `reference reference-${i}`));
    if (value !== null) mark(value, 'yours', 'yours');
  }
}
