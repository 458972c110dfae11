/** Plain-text layout helpers for terminal output. Widths count UTF-16 code units (the report is ASCII apart from '…'). */

export const ELLIPSIS = '…';

export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? ELLIPSIS : text.slice(0, width - 1) + ELLIPSIS;
}

/**
 * Shrinks column widths (widest first, never below each column's minimum) until the row fits `total`.
 * Returns the new widths; they may still exceed `total` when the minimums do.
 */
export function fitColumns(widths: number[], minimums: number[], separator: number, total: number): number[] {
  const out = [...widths];
  const used = () => out.reduce((a, b) => a + b, 0) + separator * (out.length - 1);
  while (used() > total) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) {
      if (out[i]! > (minimums[i] ?? 0) && (widest < 0 || out[i]! > out[widest]!)) widest = i;
    }
    if (widest < 0) break;
    out[widest]!--;
  }
  return out;
}

/**
 * Word-wraps to `width`: `indent` before the first line, `hanging` (default: the same) before the others; words
 * longer than a line are broken.
 */
export function wrap(text: string, width: number, indent: string, hanging = indent): string[] {
  const room = Math.max(1, width - Math.max(indent.length, hanging.length));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > room) {
      if (line) lines.push(line);
      line = '';
      lines.push(rest.slice(0, room));
      rest = rest.slice(room);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= room) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? indent : hanging) + l);
}
