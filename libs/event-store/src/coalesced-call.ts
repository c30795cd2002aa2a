/**
 * Runs `fn` at once, or — when a run is already in flight — once more after it, however many calls arrived meanwhile:
 * every call is followed by a run that started after it, and at most one run is in flight. With `minIntervalMs`, runs
 * also start at least that far apart: a call too soon after the last start waits for the interval, and every call made
 * meanwhile joins that run. Failures are swallowed (the caller has a fallback, e.g. subscribers poll).
 */
export class CoalescedCall {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private lastStart = -Infinity;

  constructor(
    private readonly fn: () => Promise<unknown>,
    private readonly minIntervalMs = 0,
  ) {}

  call(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // A run is scheduled and has not started: it starts after this call, so it covers it.
    if (this.timer) return;
    const wait = this.lastStart + this.minIntervalMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, wait);
      // A pending run must not hold a process open that is otherwise done.
      this.timer.unref();
      return;
    }
    this.start();
  }

  private start(): void {
    this.running = true;
    this.lastStart = Date.now();
    void this.fn()
      .catch(() => undefined)
      .then(() => {
        // In the same turn as clearing the flag: a call from here on starts or joins the next run.
        this.running = false;
        if (this.again) {
          this.again = false;
          this.call();
        }
      });
  }
}
