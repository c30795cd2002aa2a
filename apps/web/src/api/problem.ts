/** An RFC 7807 refusal from the API, with the members the console acts on. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; rules: string[] }[];
  currentStatus?: string;
  currentRevision?: number | null;
  unmet?: unknown[];
  [member: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** Someone else changed the dossier since this page read it: the person must reload before deciding again. */
  get isStale(): boolean {
    return this.problem.code === 'DOSSIER.STALE_REVISION' || this.problem.code === 'EVENT_STORE.WRONG_EXPECTED_REVISION' || (this.status === 409 && this.problem.currentRevision !== undefined);
  }
}

/** Domain refusals that concern one field of the form without naming it in the problem. */
const FIELD_OF_CODE: Record<string, string> = {
  'DOSSIER.INVALID_TARGET_YEAR': 'targetYear',
  'DOSSIER.UNKNOWN_CRITERION': 'results',
  'DOSSIER.UNKNOWN_COMMUNE': 'communeCode',
  'DOSSIER.OPEN_DOSSIER_EXISTS': 'level',
  'DOSSIER.PREREQUISITE_LEVEL_MISSING': 'level',
  'DOSSIER.REASON_REQUIRED': 'reason',
};

/**
 * Field errors by field path, as the API names them: request validation (`errors[].field`, e.g. `period.from`),
 * the decider's input checks (`problems[].field`), and the few rule codes that belong to one field.
 */
export function fieldErrors(problem: Problem): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  // The decider writes `announcements[4].postedOn`, request validation `announcements.4.postedOn`: one spelling here.
  const path = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');
  for (const e of problem.errors ?? []) (out[path(e.field)] ??= []).push(...e.rules);
  const problems = Array.isArray(problem.problems) ? (problem.problems as { field?: unknown; rule?: unknown }[]) : [];
  for (const p of problems) if (typeof p.field === 'string') (out[path(p.field)] ??= []).push(String(p.rule ?? ''));
  const field = FIELD_OF_CODE[problem.code];
  if (field && !out[field]) out[field] = [problem.detail];
  return out;
}

/** A network failure or an answer that is not problem+json still reaches the person as a problem. */
export async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (typeof body.code === 'string') return { ...body, status: res.status, code: body.code, detail: String(body.detail ?? res.statusText) };
  } catch {
    // not JSON: fall through
  }
  return { status: res.status, code: `HTTP.${res.status}`, detail: text.slice(0, 300) || res.statusText };
}
