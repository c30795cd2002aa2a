/**
 * Group commit for a statement that can carry many items: an item is sent at once while fewer than `inFlight`
 * statements are out; otherwise it waits for the next statement, which carries every item queued by then (up to
 * `maxItems`). `send` answers each item of a statement in order.
 *
 * A statement that fails as a whole with a database error (one item's value refused, say) is sent again item by item,
 * so that each item gets its own answer and the others' are not lost. A lost connection fails every item of the
 * statement: whether it committed is unknown, and a retry by the caller is what decides.
 */
export class StatementBatcher<T, R> {
  private readonly queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private out = 0;

  constructor(
    private readonly send: (items: T[]) => Promise<R[]>,
    private readonly inFlight: number,
    private readonly maxItems = 64,
  ) {
    if (!(inFlight >= 1)) throw new Error('inFlight must be at least 1');
  }

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.out < this.inFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxItems);
      this.out++;
      // The answers go out once the slot is free again, so a caller that sends again as soon as it is answered
      // finds the slot open rather than queued behind its own finished statement.
      void this.answers(batch).then((answer) => {
        this.out--;
        this.next();
        answer();
      });
    }
  }

  /** Sends one batch and returns how to answer it (never rejects). */
  private async answers(batch: StatementBatcher<T, R>['queue']): Promise<() => void> {
    try {
      const results = await this.send(batch.map((b) => b.item));
      return () => batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1 || !isStatementError(err)) return () => batch.forEach((b) => b.reject(err));
      const alone = await Promise.allSettled(batch.map((b) => this.send([b.item])));
      return () =>
        alone.forEach((outcome, i) => (outcome.status === 'fulfilled' ? batch[i].resolve(outcome.value[0]) : batch[i].reject(outcome.reason)));
    }
  }
}

/**
 * An error the server raised for the statement itself (a SQLSTATE outside classes 08 and 57P): the connection is fine,
 * and the statement wrote nothing.
 */
function isStatementError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}
