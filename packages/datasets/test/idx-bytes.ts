/** An IDX file of unsigned bytes (or of another type byte, for error tests): header, then the data. */
export function idxBytes(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, dims.length]);
  dims.forEach((extent, i) => view.setUint32(4 + 4 * i, extent, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
