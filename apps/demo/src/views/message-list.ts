export type MessageKind = 'info' | 'error';

/** Information messages disappear after this long; errors stay until dismissed, replaced or pushed out. */
const INFO_LIFETIME_MS = 12_000;
const MAX_MESSAGES = 4;

/**
 * The page's messages, in a list pinned to the bottom of the viewport: wherever the user has scrolled, what an
 * action caused shows up on screen. Each message has a close button; errors are announced as alerts. A message
 * with a `key` replaces the previous one with that key, and `dismiss(key)` removes it (an error that was fixed).
 */
export class MessageList {
  constructor(private readonly element: HTMLElement) {}

  show(text: string, kind: MessageKind = 'info', key?: string): void {
    if (key !== undefined) this.dismiss(key);
    const item = document.createElement('div');
    item.className = 'message';
    item.dataset.kind = kind;
    if (key !== undefined) item.dataset.key = key;
    if (kind === 'error') item.setAttribute('role', 'alert');
    const body = document.createElement('span');
    body.className = 'message-text';
    body.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'message-close';
    close.setAttribute('aria-label', 'Dismiss message');
    close.textContent = '×';
    close.addEventListener('click', () => item.remove());
    item.append(body, close);
    this.element.append(item);
    if (kind === 'info') setTimeout(() => item.remove(), INFO_LIFETIME_MS);
    while (this.element.children.length > MAX_MESSAGES) this.element.firstElementChild?.remove();
  }

  dismiss(key: string): void {
    this.element.querySelectorAll<HTMLElement>('.message').forEach((item) => {
      if (item.dataset.key === key) item.remove();
    });
  }
}
