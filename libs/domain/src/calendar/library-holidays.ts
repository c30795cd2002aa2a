import Holidays from 'date-holidays';

/**
 * The statutory holidays of Labour Code 2019 art. 112 §1 as date-holidays computes them for Vietnam. The library's
 * 'vietnamese' calendar places new moons in UTC+7 from 1968 on, which is what moves Tết away from China's in years
 * such as 1985, 2007 and 2030; library-holidays.spec.ts pins those years so a library upgrade cannot silently lose it.
 */
export interface StatutoryAnchors {
  newYear: AnchorDay;
  /** The first day of the first lunar month (mùng 1 Tết). */
  tet: AnchorDay;
  /** The 10th day of the (non-leap) 3rd lunar month. */
  hungKings: AnchorDay;
  reunification: AnchorDay;
  labour: AnchorDay;
  nationalDay: AnchorDay;
}

export interface AnchorDay {
  date: string;
  name: string;
}

/** Keyed by the library's own rule text: names and dates may change between releases, the rules are its stable ids. */
const LIBRARY_RULES: Record<keyof StatutoryAnchors, string> = {
  newYear: '01-01',
  tet: 'vietnamese 1-0-1',
  hungKings: 'vietnamese 3-0-10',
  reunification: '04-30',
  labour: '05-01',
  nationalDay: '09-02',
};

let library: Holidays | undefined;
/** The anchors depend on nothing but the year, so one cache serves every calendar instance. */
const cache = new Map<number, StatutoryAnchors>();

export function statutoryAnchors(year: number): StatutoryAnchors {
  const cached = cache.get(year);
  if (cached) return cached;
  library ??= new Holidays('VN', { languages: ['vi'], types: ['public'] });
  const found = library.getHolidays(year, 'vi');
  const anchors = {} as StatutoryAnchors;
  for (const key of Object.keys(LIBRARY_RULES) as (keyof StatutoryAnchors)[]) {
    const holiday = found.find((h) => h.rule === LIBRARY_RULES[key] && h.type === 'public');
    const date = holiday?.date.slice(0, 10);
    // A missing or misplaced anchor would quietly turn a holiday into a working day and shorten every deadline.
    if (!holiday || !date?.startsWith(`${year}-`)) {
      throw new Error(`date-holidays gave no '${LIBRARY_RULES[key]}' holiday for Vietnam in ${year}`);
    }
    anchors[key] = { date, name: holiday.name };
  }
  cache.set(year, anchors);
  return anchors;
}
