export interface Interrupt {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, or null. */
  received(): NodeJS.Signals | null;
  dispose(): void;
}

/**
 * Turns the first SIGINT / SIGTERM into an abort that a long command checks between writes, so it stops after the
 * current one and still closes its stores and the embedded server (whose own signal hooks the platform removes). A
 * second signal gives up on that and exits at once.
 */
export function interruptOnSignals(onFirst?: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (received) process.exit(exitCodeFor(signal));
    received = signal;
    onFirst?.(signal);
    controller.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const s of signals) process.removeListener(s, handler);
    },
  };
}

/** The conventional exit status of a process stopped by `signal` (128 + its number). */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}
