// Numbers for people: thousands separators, percentages, money in the workspace currency.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const small = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

export const DASH = '–';

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return `${(value * 100).toFixed(2)}%`;
}

/** Money arrives as an exact decimal string ("1234.50"); only grouping is added. */
export function formatMoney(value: string | null | undefined, currency: string): string {
  if (value === null || value === undefined) return DASH;
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = fraction !== undefined ? `${grouped}.${fraction}` : grouped;
  let symbol = currency + ' ';
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
    symbol = parts.find((part) => part.type === 'currency')?.value ?? symbol;
  } catch {
    // an unusual code: keep "XYZ "
  }
  return `${negative ? '-' : ''}${symbol}${amount}`;
}

/** A custom KPI value: up to 4 significant digits below 1, else 2 decimals, grouped. */
export function formatCustom(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (Math.abs(value) < 1 && value !== 0) return small.format(value);
  return decimal.format(value);
}

/** "2026-03-01T00:00:00-05:00" -> "Mar 1, 2026" (the local date the server wrote). */
export function formatDay(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[month - 1]} ${day}, ${year}`;
}

export function moneyNumber(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A conversion window for people: "7 days", "36 hours", "90 minutes". */
export function formatWindow(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
}
