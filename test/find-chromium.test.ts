import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from './find-chromium.mjs';

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** An executable stub at `path` under the temporary folder. */
function executable(path: string): string {
  const full = join(folder, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, '#!/bin/sh\n');
  chmodSync(full, 0o755);
  return full;
}

/** An environment that sees only the temporary folder: PATH and Playwright's cache both point into it. */
function isolatedEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: join(folder, 'bin'), PLAYWRIGHT_BROWSERS_PATH: join(folder, 'ms-playwright'), ...extra };
}

describe.runIf(process.platform !== 'win32')('findChromium', () => {
  it('finds nothing in an empty environment', () => {
    folder = mkdtempSync(join(tmpdir(), 'otflow-find-chromium-'));
    expect(findChromium(isolatedEnvironment())).toBeNull();
  });

  it('takes chromium-headless-shell from PATH when there is no chromium, and prefers chromium', () => {
    folder = mkdtempSync(join(tmpdir(), 'otflow-find-chromium-'));
    const shell = executable('bin/chromium-headless-shell');
    expect(findChromium(isolatedEnvironment())).toEqual({ path: shell, source: 'chromium-headless-shell on PATH' });
    const chromium = executable('bin/chromium');
    expect(findChromium(isolatedEnvironment())?.path).toBe(chromium);
  });

  it("finds google-chrome, then the newest browser in Playwright's cache", () => {
    folder = mkdtempSync(join(tmpdir(), 'otflow-find-chromium-'));
    executable('ms-playwright/chromium_headless_shell-1100/chrome-linux/headless_shell');
    const newest = executable('ms-playwright/chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell');
    if (process.platform === 'linux') expect(findChromium(isolatedEnvironment())?.path).toBe(newest);
    const chrome = executable('bin/google-chrome');
    expect(findChromium(isolatedEnvironment())?.path).toBe(chrome);
  });

  it('lets OTFLOW_CHROMIUM win, and rejects one that is not an executable', () => {
    folder = mkdtempSync(join(tmpdir(), 'otflow-find-chromium-'));
    executable('bin/chromium');
    const chosen = executable('elsewhere/my-chrome');
    expect(findChromium(isolatedEnvironment({ OTFLOW_CHROMIUM: chosen }))).toEqual({ path: chosen, source: 'OTFLOW_CHROMIUM' });
    expect(() => findChromium(isolatedEnvironment({ OTFLOW_CHROMIUM: join(folder, 'missing') }))).toThrow(
      /OTFLOW_CHROMIUM=.*missing is not an executable file/,
    );
  });
});
