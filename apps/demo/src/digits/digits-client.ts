import type { DigitRef, DigitsEvent, DigitsRequest } from './digits-protocol';
import { DIGITS_MODEL_ASSET } from './digits-protocol';

type Ready = Extract<DigitsEvent, { type: 'ready' }>;
type Images = Extract<DigitsEvent, { type: 'images' }>;
type Score = Extract<DigitsEvent, { type: 'score' }>;
/** A request without its id (the client numbers them). */
type Unnumbered<T> = T extends { id: number } ? Omit<T, 'id'> : never;

/**
 * The digits page's handle on its worker: starts it, loads the shipped model, and turns requests into promises.
 * Interpolation requests are coalesced: while one is computed, only the newest of those sent meanwhile waits, so a
 * dragged slider never queues up stale images.
 */
export class DigitsClient {
  readonly ready: Promise<Ready>;
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (event: DigitsEvent) => void; reject: (error: Error) => void }>();
  private interpolating = false;
  private pendingInterpolation: { a: DigitRef; b: DigitRef; t: number; resolve: (images: Images | null) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    this.worker = new Worker(new URL('./digits.worker.ts', import.meta.url), { type: 'module', name: 'otflow-digits' });
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (message: MessageEvent<DigitsEvent>) => {
        const event = message.data;
        if (event.type === 'ready') resolve(event);
        else if (event.type === 'error' && event.id === null) reject(new Error(event.message));
        else this.receive(event);
      };
      this.worker.onerror = (event) => reject(new Error(`The digits worker failed: ${event.message || 'could not load'}`));
    });
    const request: DigitsRequest = { type: 'load', url: new URL(DIGITS_MODEL_ASSET, document.baseURI).href };
    this.worker.postMessage(request);
  }

  digits(digits: DigitRef[]): Promise<Images> {
    return this.request({ type: 'digits', digits });
  }

  score(pixels: Float32Array): Promise<Score> {
    return this.request({ type: 'score', pixels });
  }

  /** The image at t between a and b; null when a newer interpolation replaced this one before it started. */
  interpolate(a: DigitRef, b: DigitRef, t: number): Promise<Images | null> {
    return new Promise((resolve, reject) => {
      this.pendingInterpolation?.resolve(null);
      this.pendingInterpolation = { a, b, t, resolve, reject };
      this.drainInterpolations();
    });
  }

  private drainInterpolations(): void {
    if (this.interpolating || this.pendingInterpolation === null) return;
    const { a, b, t, resolve, reject } = this.pendingInterpolation;
    this.pendingInterpolation = null;
    this.interpolating = true;
    this.request<Images>({ type: 'interpolate', a, b, t })
      .then(resolve, reject)
      .finally(() => {
        this.interpolating = false;
        this.drainInterpolations();
      });
  }

  private request<T extends DigitsEvent>(request: Unnumbered<DigitsRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: (event) => resolve(event as T), reject });
      this.worker.postMessage({ ...request, id } as DigitsRequest);
    });
  }

  private receive(event: DigitsEvent): void {
    if (event.type === 'ready') return;
    const waiting = this.waiting.get(event.id!);
    if (waiting === undefined) return;
    this.waiting.delete(event.id!);
    if (event.type === 'error') waiting.reject(new Error(event.message));
    else waiting.resolve(event);
  }
}
