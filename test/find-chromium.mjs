// Finds a Chromium for the browser tests. Plain JavaScript without dependencies, so that .ci/run can ask it before
// anything is installed (`node test/find-chromium.mjs` prints the path, or exits 1 with the hint below).
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The variable that names a browser explicitly; it wins over everything else. */
export const CHROMIUM_VARIABLE = 'OTFLOW_CHROMIUM';

/** How to get a browser, in one line. */
export const CHROMIUM_HINT =
  `set ${CHROMIUM_VARIABLE}=/path/to/chromium, or install one: apt-get install chromium-headless-shell (Debian/Ubuntu), ` +
  'or npx playwright-core install chromium-headless-shell';

/** Flags for driving it headless in a container: no sandbox, GPU or background network traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Commands looked up on PATH, most specific first. */
const COMMANDS = ['chromium', 'chromium-headless-shell', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Executables inside a Playwright cache folder (chromium-<rev>, chromium_headless_shell-<rev>), across its layouts. */
const PLAYWRIGHT_EXECUTABLES = [
  'chrome-headless-shell-linux64/chrome-headless-shell',
  'chrome-linux/headless_shell',
  'chrome-linux64/chrome',
  'chrome-linux/chrome',
  'chrome-headless-shell-mac-arm64/chrome-headless-shell',
  'chrome-headless-shell-mac-x64/chrome-headless-shell',
  'chrome-mac/headless_shell',
  'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
  'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium',
  'chrome-headless-shell-win64/chrome-headless-shell.exe',
  'chrome-win/headless_shell.exe',
  'chrome-win64/chrome.exe',
  'chrome-win/chrome.exe',
];

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {NodeJS.ProcessEnv} env */
function playwrightCache(env) {
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0') return env.PLAYWRIGHT_BROWSERS_PATH;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'ms-playwright');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'ms-playwright');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ms-playwright');
}

/** @param {string} cache */
function fromPlaywrightCache(cache) {
  let folders;
  try {
    folders = readdirSync(cache).filter((name) => /^chromium(_headless_shell)?-\d+$/.test(name));
  } catch {
    return null;
  }
  // Newest revision first.
  folders.sort((a, b) => Number(b.split('-').pop()) - Number(a.split('-').pop()));
  for (const folder of folders) {
    for (const executable of PLAYWRIGHT_EXECUTABLES) {
      const path = join(cache, folder, executable);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

/**
 * A Chromium to drive, found in this order: $OTFLOW_CHROMIUM, a command on PATH (chromium, chromium-headless-shell,
 * chromium-browser, google-chrome, google-chrome-stable), Playwright's browser cache. Null when there is none; throws
 * when $OTFLOW_CHROMIUM names something that is not an executable (an explicit setting is never silently ignored).
 *
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ path: string, source: string } | null}
 */
export function findChromium(env = process.env) {
  const explicit = env[CHROMIUM_VARIABLE];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${CHROMIUM_VARIABLE}=${explicit} is not an executable file.`);
    return { path: explicit, source: CHROMIUM_VARIABLE };
  }
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const command of COMMANDS) {
    for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      for (const suffix of suffixes) {
        const path = join(folder, command + suffix);
        if (isExecutable(path)) return { path, source: `${command} on PATH` };
      }
    }
  }
  const cache = playwrightCache(env);
  const cached = fromPlaywrightCache(cache);
  return cached === null ? null : { path: cached, source: `Playwright's cache (${cache})` };
}

/**
 * The Chromium a browser test drives, or null after one line on stderr saying what is skipped and how to enable it.
 * On CI (CI set) a missing browser is an error instead: .ci/run installs one, so CI never skips silently.
 *
 * @param {string} what what the caller skips without a browser
 * @returns {string | null}
 */
export function chromiumForTests(what) {
  const found = findChromium();
  if (found) return found.path;
  if (process.env.CI) throw new Error(`No Chromium found on CI for ${what}: ${CHROMIUM_HINT}.`);
  process.stderr.write(`Skipping ${what}: no Chromium found; to run it, ${CHROMIUM_HINT}.\n`);
  return null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = findChromium();
  if (found) {
    console.log(found.path);
  } else {
    console.error(`No Chromium found: ${CHROMIUM_HINT}.`);
    process.exitCode = 1;
  }
}
