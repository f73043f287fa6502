// Numbers for people: thousands separators, percentages, money in the workspace currency.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const small = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const fixed2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const DASH = '–';

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** A fraction as a percentage with 2 decimals, grouped: 0.2971078 -> "29.71%". */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return `${fixed2.format(value * 100)}%`;
}

/** A multiple (ROAS, efficiency) with 2 decimals: 35.2 -> "35.20x". */
export function formatMultiple(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return `${fixed2.format(value)}x`;
}

const symbols = new Map<string, string>();

function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol !== undefined) return symbol;
  symbol = currency + ' ';
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
    symbol = parts.find((part) => part.type === 'currency')?.value ?? symbol;
  } catch {
    // an unusual code: keep "XYZ "
  }
  symbols.set(currency, symbol);
  return symbol;
}

/** Money arrives as an exact decimal string ("1234.50"); only grouping is added. */
export function formatMoney(value: string | null | undefined, currency: string): string {
  if (value === null || value === undefined) return DASH;
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = fraction !== undefined ? `${grouped}.${fraction}` : grouped;
  return `${negative ? '-' : ''}${currencySymbol(currency)}${amount}`;
}

/** A computed amount (a ratio of money, a chart value) to cents: 32.5 -> "$32.50". */
export function formatMoneyNumber(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return formatMoney(value.toFixed(2), currency);
}

/** A chart axis amount, short: 1234 -> "$1.2K", -56 -> "-$56". */
export function formatMoneyShort(value: number, currency: string): string {
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  return `${value < 0 ? '-' : ''}${currencySymbol(currency)}${compact.format(Math.abs(value))}`;
}

/** A custom KPI value: up to 4 significant digits below 1, else 2 decimals, grouped. */
export function formatCustom(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (Math.abs(value) < 1 && value !== 0) return small.format(value);
  return decimal.format(value);
}

/** "2026-03-01T00:00:00-05:00" -> "Mar 1, 2026" (the local date the server wrote), or "Mar 1"
 * without the year. */
export function formatDay(iso: string, withYear = true): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return withYear ? `${names[month - 1]} ${day}, ${year}` : `${names[month - 1]} ${day}`;
}

/** "2026-03" -> "March 2026". */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  return `${names[number - 1]} ${year}`;
}

/** Text for HTML built by hand (chart tooltips): campaign names are data, not markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
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

const MODEL_LABELS: Record<string, string> = {
  last_touch: 'Last touch',
  first_touch: 'First touch',
  linear: 'Linear',
  time_decay: 'Time decay',
  position_based: 'Position based',
  j_curve: 'J-curve',
  inverse_j: 'Inverse J',
  custom_position: 'Custom position',
  any_touch: 'Any touch',
  direct: 'Direct',
};

/** An attribution model's name for people: "time_decay" -> "Time decay". */
export function formatModel(model: string): string {
  return MODEL_LABELS[model] ?? model.charAt(0).toUpperCase() + model.slice(1).replace(/_/g, ' ');
}
