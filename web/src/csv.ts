// CSV built in the browser, in the command line's format (src/payback/report/report_render.cc):
// a cell is quoted when it holds a comma, a quote or a line break; null is empty; numbers are
// written as its JSON library writes them.

/** A cell as CsvEscape writes it. */
export function csvCell(text: string): string {
  return /[,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A JSON number as nlohmann::json dumps it: the shortest round-trip digits, in exponent form
 * (two exponent digits at least) below 1e-4 and from 1e16 up, where JavaScript differs. */
export function jsonNumberText(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0 || Number.isInteger(value) || (magnitude >= 1e-4 && magnitude < 1e16)) return String(value);
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A JSON scalar as JsonScalarText writes it: null empty, strings as they are. */
export function scalarText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? jsonNumberText(value) : value;
}

/** Lines of cells, each line ended by a newline. */
export function csvText(lines: (string | number | null | undefined)[][]): string {
  return lines.map((cells) => cells.map((cell) => csvCell(scalarText(cell))).join(',') + '\n').join('');
}

/** Saves `text` as the file `name` (the browser's download). */
export function downloadCsv(name: string, text: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
