/** Rows [start, start + rows) of a batch. */
export interface Shard {
  start: number;
  rows: number;
}

/**
 * `rows` split into at most `count` contiguous shards whose sizes differ by at most one, larger ones first; never an
 * empty shard (fewer rows than `count` give one-row shards). The split depends only on `rows` and `count`.
 */
export function splitRows(rows: number, count: number): Shard[] {
  const shards = Math.min(rows, count);
  const base = Math.floor(rows / shards);
  const larger = rows % shards;
  const result: Shard[] = [];
  let start = 0;
  for (let k = 0; k < shards; k++) {
    const size = base + (k < larger ? 1 : 0);
    result.push({ start, rows: size });
    start += size;
  }
  return result;
}
