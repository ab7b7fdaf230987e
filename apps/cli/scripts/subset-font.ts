/**
 * Writes assets/DejaVuSans-subset.ttf, the font the CLI's figures are drawn with: DejaVu Sans 2.37
 * (font-source/DejaVuSans.ttf, 760 KB, not published) cut down to the characters figures print. Run it after adding
 * a character to a string in src/ (test/font-subset.test.ts fails until then):
 *
 *   pnpm --filter @otflow/cli subset-font
 *
 * The subset keeps whole Unicode blocks, so data names and numbers in titles never miss a glyph: ASCII, Latin-1,
 * Latin Extended-A, Greek, general punctuation, super- and subscripts, arrows and mathematical operators, plus every
 * other character that appears in a string literal of the CLI's source (e.g. ℓ). Text outside the subset falls back
 * to the system's sans-serif font (src/plot/font.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import subsetFont from 'subset-font';
import ts from 'typescript';

const cliFolder = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_FONT = join(cliFolder, 'font-source', 'DejaVuSans.ttf');
export const SUBSET_FONT = join(cliFolder, 'assets', 'DejaVuSans-subset.ttf');

/** Inclusive code point ranges kept whole. */
const UNICODE_BLOCKS: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e], // ASCII
  [0x00a0, 0x00ff], // Latin-1 Supplement (±, ·, ×, ², ³, ¹, ½, §)
  [0x0100, 0x017f], // Latin Extended-A
  [0x0370, 0x03ff], // Greek (α, ρ, σ, μ, Σ, Φ, π)
  [0x2010, 0x205e], // General Punctuation (–, ’, …, ‖)
  [0x2070, 0x209f], // Superscripts and Subscripts (⁻¹, ₂, tick exponents)
  [0x2190, 0x21ff], // Arrows
  [0x2200, 0x22ff], // Mathematical Operators (−, ∫, ≈, ≤, ≥, ∇, √)
];

/** Name records kept besides harfbuzz's default 0–6: trademark, vendor, designer, URLs, licence text and URL. */
const KEPT_NAME_IDS = [7, 8, 9, 11, 12, 13, 14];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The characters in the string and template literals of the CLI's source (comments excluded). */
export function literalCharacters(): Set<string> {
  const characters = new Set<string>();
  const literalKinds = new Set([
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateHead,
    ts.SyntaxKind.TemplateMiddle,
    ts.SyntaxKind.TemplateTail,
  ]);
  for (const file of sourceFiles(join(cliFolder, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (literalKinds.has(node.kind)) for (const character of (node as ts.LiteralLikeNode).text) characters.add(character);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return characters;
}

/** Every character the subset keeps, as one string in code point order. */
export function subsetCharacters(): string {
  const codePoints = new Set<number>();
  for (const [first, last] of UNICODE_BLOCKS) for (let c = first; c <= last; c++) codePoints.add(c);
  for (const character of literalCharacters()) if (character.codePointAt(0)! >= 0x20) codePoints.add(character.codePointAt(0)!);
  return String.fromCodePoint(...[...codePoints].sort((a, b) => a - b));
}

/** The subset font's bytes (deterministic: the same source font and characters give the same file). */
export async function buildSubsetFont(): Promise<Buffer> {
  return subsetFont(readFileSync(SOURCE_FONT), subsetCharacters(), { targetFormat: 'sfnt', preserveNameIds: KEPT_NAME_IDS });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const font = await buildSubsetFont();
  writeFileSync(SUBSET_FONT, font);
  console.log(`${SUBSET_FONT}: ${font.length} bytes (from ${readFileSync(SOURCE_FONT).length}), ${subsetCharacters().length} characters.`);
}
