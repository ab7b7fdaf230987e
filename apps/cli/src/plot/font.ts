import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';

const FONT_FILE = 'DejaVuSans-subset.ttf';
/** A family name of our own, so that the vendored file is used even where the system has another DejaVu Sans. */
const FAMILY = 'otflow DejaVu Sans';
const SYSTEM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

let registered = false;

/**
 * The vendored font (apps/cli/assets/DejaVuSans-subset.ttf, DejaVu Sans reduced to what figures print; see
 * scripts/subset-font.ts): one folder up from src/plot/ when run from source, or from dist/ when bundled. Searching
 * upwards keeps both layouts working.
 */
function vendoredFontPath(): string | null {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++) {
    const candidate = join(folder, 'assets', FONT_FILE);
    if (existsSync(candidate)) return candidate;
    folder = dirname(folder);
  }
  return null;
}

/**
 * Registers DejaVu Sans once, from the subset shipped with the CLI (so figures render the same on every machine), or
 * from the system's copy. Characters outside the subset, or text without either font, fall back to the system's
 * default sans-serif font.
 */
export function registerFont(): void {
  if (registered) return;
  registered = true;
  for (const path of [vendoredFontPath(), SYSTEM_FONT]) {
    if (path !== null && existsSync(path) && GlobalFonts.registerFromPath(path, FAMILY) !== null) return;
  }
}

/** A CSS font shorthand for text of `size` logical pixels. */
export function font(size: number): string {
  return `${size}px "${FAMILY}", sans-serif`;
}
