/** Every date the console shows is dd/MM/yyyy, in Vietnam's time zone, whatever the browser's locale or zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function vnParts(instant: string | Date): Record<string, string> {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return Object.fromEntries(partsFormat.formatToParts(d).map((p) => [p.type, p.value]));
}

/** A calendar date (YYYY-MM-DD) as it is; an instant as the Vietnam day it falls on. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = CALENDAR_DATE.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  if (Number.isNaN(Date.parse(value))) return value;
  const p = vnParts(value);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  if (Number.isNaN(Date.parse(value))) return value;
  const p = vnParts(value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today in Vietnam, as YYYY-MM-DD. */
export function todayVn(now: Date = new Date()): string {
  const p = vnParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** dd/MM/yyyy typed by a person → YYYY-MM-DD, or null when it is no real date (31/02/2026). */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The end of a Vietnam calendar day as an instant: "as it stood on that day". */
export function endOfVnDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+07:00`)).toISOString();
}

export function startOfVnDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+07:00`)).toISOString();
}

export function formatPercent(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  return `${new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value)}%`;
}

export function formatNumber(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}
