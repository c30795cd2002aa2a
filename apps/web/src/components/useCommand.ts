import { useMutation } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey, type CommandOptions } from '../api/client';
import { ApiError, fieldErrors, type Problem } from '../api/problem';
import type { CommandAnswer } from '../api/types';

export interface CommandState<V, R = CommandAnswer> {
  submit(values: V): void;
  pending: boolean;
  /** Messages per field path as the server named them. */
  errors: Record<string, string[]>;
  /** The refusal as a whole, for what belongs to no single field. */
  problem: Problem | null;
  done: R | null;
  reset(): void;
}

interface Options<R> {
  /** The revision the page decided on; omitted where concurrent commands do not conflict (council votes). */
  ifMatch?: number;
  onSuccess?: (answer: R) => void;
  /** Someone else changed the dossier first (412 / 409 with the current revision). */
  onStale?: (problem: Problem) => void;
  onProblem?: (problem: Problem) => void;
}

/**
 * One submission, one Idempotency-Key: a second click while the first is on its way sends nothing, and a retry after
 * a lost connection reuses the key, so the command is written once. A new key is drawn only after the server has
 * answered, because a refusal is stored under its key and a corrected form must be a new request.
 */
export function useCommand<V, R = CommandAnswer>(run: (values: V, o: CommandOptions) => Promise<R>, options: Options<R> = {}): CommandState<V, R> {
  const key = useRef<string | null>(null);
  const inFlight = useRef(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const mutation = useMutation<R, unknown, { values: V; key: string }>({
    mutationFn: ({ values, key: k }) => run(values, { idempotencyKey: k, ifMatch: options.ifMatch }),
  });

  const submit = useCallback(
    (values: V) => {
      if (inFlight.current) return;
      inFlight.current = true;
      key.current ??= newIdempotencyKey();
      setErrors({});
      setProblem(null);
      mutation.mutate(
        { values, key: key.current },
        {
          onSuccess: (answer) => {
            key.current = null;
            options.onSuccess?.(answer);
          },
          onError: (err) => {
            const p: Problem = err instanceof ApiError ? err.problem : { status: 0, code: 'NETWORK', detail: String(err) };
            if (p.status !== 0) key.current = null;
            setProblem(p);
            setErrors(fieldErrors(p));
            options.onProblem?.(p);
            if (err instanceof ApiError && err.isStale) options.onStale?.(p);
          },
          onSettled: () => {
            inFlight.current = false;
          },
        },
      );
    },
    [mutation, options],
  );

  return {
    submit,
    pending: mutation.isPending,
    errors,
    problem,
    done: mutation.data ?? null,
    reset: () => {
      mutation.reset();
      setErrors({});
      setProblem(null);
    },
  };
}
