/**
 * The weights of OT-Flow's objective J = α_L·L + α_C·C + α_R·R (numerics §5), written `alph = [α_L, α_C, α_R]` as in the
 * reference so that its published hyperparameters carry over.
 */
export type Alph = readonly [transport: number, likelihood: number, hjb: number];

/** Checks an `alph` triple and returns it frozen; the message names the bad entry. */
export function resolveAlph(alph: readonly number[]): Alph {
  if (!Array.isArray(alph) || alph.length !== 3) {
    throw new Error(`alph must be three numbers [α_L, α_C, α_R] such as [1, 30, 1], got ${JSON.stringify(alph)}.`);
  }
  const names = ['α_L (transport cost)', 'α_C (negative log-likelihood)', 'α_R (HJB penalty)'];
  alph.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`alph[${i}] = ${String(value)}: ${names[i]} must be a finite number ≥ 0.`);
    }
  });
  if (!(alph[0] > 0)) throw new Error('alph[0] = 0: α_L divides the velocity (numerics §4) and must be > 0.');
  return Object.freeze([alph[0], alph[1], alph[2]]) as Alph;
}
