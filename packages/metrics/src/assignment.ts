/**
 * Minimum-cost perfect matching of a square cost matrix (row-major, size × size): the Hungarian method in its
 * shortest-augmenting-path form with dual potentials (Jonker–Volgenant style), O(size³) time, O(size) extra memory,
 * float64 throughout. Returns, for each row, the column it is matched to.
 */
export function solveAssignment(cost: Float64Array, size: number): Int32Array {
  if (cost.length !== size * size) {
    throw new Error(`cost must hold size × size = ${size * size} entries, got ${cost.length}.`);
  }
  // Index 0 is a virtual column: matchedRow[0] holds the row being inserted. Rows and columns are 1-based here.
  const rowPotential = new Float64Array(size + 1);
  const columnPotential = new Float64Array(size + 1);
  const matchedRow = new Int32Array(size + 1);
  const previousColumn = new Int32Array(size + 1);
  const slack = new Float64Array(size + 1);
  const visited = new Uint8Array(size + 1);
  for (let row = 1; row <= size; row++) {
    matchedRow[0] = row;
    let column = 0;
    slack.fill(Infinity);
    visited.fill(0);
    // Dijkstra on reduced costs from the new row until it reaches a free column.
    do {
      visited[column] = 1;
      const currentRow = matchedRow[column];
      const offset = (currentRow - 1) * size - 1;
      const currentPotential = rowPotential[currentRow];
      let delta = Infinity;
      let nextColumn = 0;
      for (let j = 1; j <= size; j++) {
        if (visited[j]) continue;
        const reduced = cost[offset + j] - currentPotential - columnPotential[j];
        if (reduced < slack[j]) {
          slack[j] = reduced;
          previousColumn[j] = column;
        }
        if (slack[j] < delta) {
          delta = slack[j];
          nextColumn = j;
        }
      }
      for (let j = 0; j <= size; j++) {
        if (visited[j]) {
          rowPotential[matchedRow[j]] += delta;
          columnPotential[j] -= delta;
        } else {
          slack[j] -= delta;
        }
      }
      column = nextColumn;
    } while (matchedRow[column] !== 0);
    // Flip the augmenting path.
    do {
      const previous = previousColumn[column];
      matchedRow[column] = matchedRow[previous];
      column = previous;
    } while (column !== 0);
  }
  const columnOfRow = new Int32Array(size);
  for (let j = 1; j <= size; j++) columnOfRow[matchedRow[j] - 1] = j - 1;
  return columnOfRow;
}
