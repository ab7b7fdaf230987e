// numerics §11's hand-checkable potential (d=2, m=4, r=3, nTh=2) and its published values.

export const specConfig = { d: 2, m: 4, nTh: 2, r: 3 } as const;

function table(rows: number, cols: number, entry: (i: number, j: number) => number): number[] {
  const values: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values.push(entry(i, j));
  return values;
}

export const specWeights: Record<string, number[]> = {
  K0: table(4, 3, (i, j) => 0.5 * Math.sin(1 + i + 2 * j)),
  b0: table(1, 4, (_, i) => 0.1 * Math.cos(i)),
  K1: table(4, 4, (i, j) => 0.3 * Math.sin(0.7 * i - 1.3 * j + 0.2)),
  b1: table(1, 4, (_, i) => 0.05 * (i - 1.5)),
  w: table(1, 4, (_, i) => 1 + 0.1 * i),
  A: table(3, 3, (k, j) => 0.2 * Math.sin(k - j + 0.5)),
  b: [0.1, -0.2, 0.05],
  c: [0],
};

export const specPoints = [
  [0.5, -1.0, 0.3],
  [1.5, 0.2, 0.7],
  [0, 0, 0],
];

export const specValues = [7.146591204797, 7.019292681805, 6.45161909802];

export const specGradients = [
  [0.492774420425, -0.82124592095, 0.111997637713],
  [0.803357745441, -0.397478897966, -0.330794343606],
  [0.212639655634, -0.175416792784, -0.083100103464],
];

export const specTraces = [1.065329617476, 1.08318799777, 1.227434561176];
