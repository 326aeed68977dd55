/**
 * Text pasted from a spreadsheet: rows split on newlines, cells on tabs.
 * Returns null for a single cell (the browser's own paste is right for that).
 * Trailing empty cells and one trailing newline (spreadsheets add one) are dropped.
 */
export function parseClipboard(text: string): string[][] | null {
  const normalised = text.replace(/\r\n?/g, "\n").replace(/\n$/, "");
  if (!/[\n\t]/.test(normalised)) return null;
  return normalised.split("\n").map((line) => {
    const cells = line.split("\t").map((c) => c.trim());
    while (cells.length > 1 && cells[cells.length - 1] === "") cells.pop();
    return cells;
  });
}

/** How many columns the paste fills: 1 unless some row has 2 or more cells. */
export function pasteWidth(rows: string[][]): number {
  return rows.reduce((w, r) => Math.max(w, r.length), 1);
}
