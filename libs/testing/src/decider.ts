/**
 * given(events).when(command).then(events) for any pure decider. Jest's `expect` does the comparing so that failures
 * show the usual diff.
 */

export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState: State | (() => State);
}

export type DetailsMatcher = Record<string, unknown> | ((details: Record<string, unknown>) => void);

export interface WhenClause<State, Event> {
  then(expected: readonly Event[]): void;
  thenNothing(): void;
  /** Asserts the error's stable `code`, then its `details`: an object is matched partially, a function asserts itself. */
  thenThrows(code: string, details?: DetailsMatcher): Error & { code: string; details: Record<string, unknown> };
  /** Applies the decided events and matches the resulting state partially, e.g. `{ status: 'drafting' }`. */
  thenState(expected: Partial<State> | Record<string, unknown>): void;
}

export interface GivenClause<State, Command, Event> {
  when(command: Command): WhenClause<State, Event>;
  /** The state the given events lead to. */
  state(): State;
}

export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  const initial = (): State =>
    typeof decider.initialState === 'function' ? (decider.initialState as () => State)() : decider.initialState;

  return function given(events: readonly Event[] = []): GivenClause<State, Command, Event> {
    const state = (): State => events.reduce<State>((s, e) => decider.evolve(s, e), initial());

    return {
      state,
      when(command: Command): WhenClause<State, Event> {
        const run = (): readonly Event[] => decider.decide(command, state());
        const runExpectingSuccess = (): readonly Event[] => {
          try {
            return run();
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            throw new Error(
              `expected the command to succeed, it threw${code ? ` ${String(code)}` : ''}: ${(error as Error).message}`,
              { cause: error },
            );
          }
        };

        return {
          then(expected) {
            const actual = runExpectingSuccess();
            expect(actual).toEqual(expected);
            // Decided events must also be replayable, or the next command would load a stream it cannot read.
            actual.reduce<State>((s, e) => decider.evolve(s, e), state());
          },
          thenNothing() {
            expect(runExpectingSuccess()).toEqual([]);
          },
          thenThrows(code, details) {
            let thrown: unknown;
            let produced: readonly Event[] | undefined;
            try {
              produced = run();
            } catch (error) {
              thrown = error;
            }
            if (thrown === undefined) {
              throw new Error(`expected ${code} to be thrown, the command produced ${JSON.stringify(produced)}`);
            }
            const error = thrown as Error & { code: string; details: Record<string, unknown> };
            expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.any(String) });
            if (typeof details === 'function') details(error.details);
            else if (details !== undefined) expect(error.details).toMatchObject(details);
            return error;
          },
          thenState(expected) {
            const after = runExpectingSuccess().reduce<State>((s, e) => decider.evolve(s, e), state());
            expect(after).toMatchObject(expected as Record<string, unknown>);
          },
        };
      },
    };
  };
}
