import type { DemoSettings } from './settings';

export type RunRequestKind = 'configure' | 'load-model' | 'unload';

/** A request that replaces the worker's run, with the settings the page will hold once it succeeds. */
export interface RunRequest {
  id: number;
  kind: RunRequestKind;
  settings: DemoSettings;
}

/**
 * The page's run requests in the order sent. The worker answers each in that order (its `data`, `unloaded` or input
 * `error` event carries the id), so until the latest is answered the views still show an older run.
 */
export class RunRequests {
  private sent = 0;
  private answered = 0;
  private latestRequest: RunRequest | null = null;

  /** Records a new request; returns its id. */
  next(kind: RunRequestKind, settings: DemoSettings): number {
    this.sent += 1;
    this.latestRequest = { id: this.sent, kind, settings };
    return this.sent;
  }

  /** Records the worker's answer to request `id`; returns the request when it is the latest one, else null. */
  answer(id: number): RunRequest | null {
    this.answered = Math.max(this.answered, id);
    return this.latestRequest?.id === id ? this.latestRequest : null;
  }

  get latest(): RunRequest | null {
    return this.latestRequest;
  }

  /** Whether the latest request is still unanswered. */
  get pending(): boolean {
    return this.answered < this.sent;
  }
}
