import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSubsetFont, literalCharacters, subsetCharacters, SUBSET_FONT } from '../scripts/subset-font';

describe('the figures’ font subset', () => {
  it('keeps whole blocks of the characters figures print, and every character of the strings in src/', () => {
    const kept = new Set(subsetCharacters());
    // Titles and labels (ρ(x), ∫ρ, f⁻¹(y), N(0, I): 1σ, ‖x − f⁻¹(f(x))‖, 10⁻³ ticks), accented data names.
    for (const character of ['ρ', '∫', '−', '⁻', '¹', '³', '₂', '×', '·', '‖', '…', 'σ', 'α', '≈', 'é', 'Ł', 'Ω', '∇']) {
      expect(kept.has(character), character).toBe(true);
    }
    for (const character of literalCharacters()) if (character >= ' ') expect(kept.has(character), character).toBe(true);
  });

  it('is what scripts/subset-font.ts makes from the full font (regenerate: pnpm --filter @otflow/cli subset-font)', async () => {
    const built = await buildSubsetFont();
    expect(built.equals(readFileSync(SUBSET_FONT)), 'assets/DejaVuSans-subset.ttf is stale: run pnpm --filter @otflow/cli subset-font').toBe(true);
    expect(built.length).toBeLessThan(200_000);
  });
});
