/**
 * Runs async tasks one at a time in arrival order, so a training step, a view refresh and a message from the page
 * never interleave on the same tensors. A failed task does not block the ones after it.
 */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Resolves on a fresh macrotask, letting queued messages run first; MessageChannel is not clamped like setTimeout. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
