/**
 * Runs `fn` at once, or — when a run is already in flight — once more after it, however many calls arrived meanwhile:
 * every call is followed by a run that started after it, and at most one run is in flight. Failures are swallowed
 * (the caller has a fallback, e.g. subscribers poll).
 */
export class CoalescedCall {
  private running = false;
  private again = false;

  constructor(private readonly fn: () => Promise<unknown>) {}

  call(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
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
