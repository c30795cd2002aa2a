/** A government decision for one day, which wins over weekends and the statutory rules. */
export interface CalendarOverride {
  /** YYYY-MM-DD, Vietnam local date. */
  date: string;
  kind: 'day-off' | 'working-day';
  /** Why, and the decision it comes from, so that a deadline can be explained. */
  note: string;
}

export interface CalendarHoliday {
  date: string;
  name: string;
  /**
   * 'library': a date from date-holidays; 'rule': the Tết span, the second National Day and compensatory days;
   * 'override': a configured government decision.
   */
  source: 'library' | 'rule' | 'override';
}
