/** A rectangle in a figure's logical pixels: (x, y) is the top-left corner, y grows downwards. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** `rect` shrunk by `margins` on each side. */
export function inset(rect: Rect, margins: Margins): Rect {
  return {
    x: rect.x + margins.left,
    y: rect.y + margins.top,
    width: rect.width - margins.left - margins.right,
    height: rect.height - margins.top - margins.bottom,
  };
}

/**
 * `rows × columns` equal cells filling `area`, with `gap` logical pixels between neighbours: cells[row][column],
 * row 0 at the top.
 */
export function panelGrid(area: Rect, rows: number, columns: number, gap: { x: number; y: number } = { x: 0, y: 0 }): Rect[][] {
  const width = (area.width - gap.x * (columns - 1)) / columns;
  const height = (area.height - gap.y * (rows - 1)) / rows;
  return Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => ({
      x: area.x + column * (width + gap.x),
      y: area.y + row * (height + gap.y),
      width,
      height,
    })),
  );
}
