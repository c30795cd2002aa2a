const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Dates are compared as strings throughout the packs, which is only sound for zero-padded YYYY-MM-DD; a timestamp
 * ("2026-02-14T10:00") would sort after its own day and fall outside a range that ends that day.
 */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
