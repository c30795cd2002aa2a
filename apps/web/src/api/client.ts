import { download } from '../csv';
import { ApiError, problemOf } from './problem';
import type * as T from './types';

type Query = Record<string, string | number | boolean | undefined>;

let token: string | null = null;
let onUnauthorized: () => void = () => undefined;

/** The session sets these; every request carries the token in the Authorization header, never in the URL. */
export function useToken(value: string | null, whenRefused: () => void): void {
  token = value;
  onUnauthorized = whenRefused;
}

export function authHeader(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function withQuery(path: string, q: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  let res: Response;
  // A form goes as multipart/form-data with the boundary the browser chooses; anything else as JSON.
  const form = init.body instanceof FormData;
  try {
    res = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...authHeader(), ...(init.body !== undefined && !form ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : form ? (init.body as FormData) : JSON.stringify(init.body),
    });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: (err as Error).message });
  }
  if (res.status === 401 && token) onUnauthorized();
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res;
}

export async function get<R>(path: string, q?: Query): Promise<R> {
  return (await send('GET', withQuery(path, q))).json() as Promise<R>;
}

async function post<R>(path: string, body: unknown): Promise<R> {
  return (await send('POST', path, { body })).json() as Promise<R>;
}

/** A dossier and its ETag: the revision a command sends back as If-Match. */
export interface Versioned<R> {
  value: R;
  revision: number;
}

export interface CommandOptions {
  /** One key per submission: a retry or a double click with the same key writes once. */
  idempotencyKey: string;
  /** The revision the person was looking at; a stale one is refused with 412 rather than overwriting. */
  ifMatch?: number;
  reason?: string;
}

/** A command: Idempotency-Key always, If-Match when the page knows the revision it decided on. */
export async function command(path: string, body: Record<string, unknown>, o: CommandOptions): Promise<T.CommandAnswer> {
  const headers: Record<string, string> = { 'Idempotency-Key': o.idempotencyKey };
  if (o.ifMatch !== undefined) headers['If-Match'] = `"${o.ifMatch}"`;
  const res = await send('POST', path, { body: o.reason ? { ...body, reason: o.reason } : body, headers });
  return res.json() as Promise<T.CommandAnswer>;
}

/** The file name a download's Content-Disposition gives, else `fallback`. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(header) ?? /filename="?([^";]+)"?/i.exec(header);
  return m ? decodeURIComponent(m[1]) : fallback;
}

/** A file the API makes (an export needs the token, so a plain link would not do): fetched, then saved by the browser. */
export async function downloadFrom(path: string, q: Query, fallbackName: string): Promise<string> {
  const res = await send('GET', withQuery(path, q), { headers: { Accept: '*/*' } });
  const name = fileNameOf(res, fallbackName);
  download(name, await res.blob());
  return name;
}

export interface ImportUpload {
  file: File;
  dryRun: boolean;
  skipInvalid: boolean;
  kind?: T.ImportKind;
  reason?: string;
}

/**
 * POST /imports as multipart/form-data. A dry run needs no Idempotency-Key; a write sends the submission's. A refusal
 * for bad rows (422 IMPORT.INVALID_ROWS) carries the whole report: the caller reads it from the problem.
 */
export async function uploadHistory(u: ImportUpload, idempotencyKey?: string): Promise<T.ImportReport> {
  const form = new FormData();
  form.append('file', u.file, u.file.name);
  const q = { dryRun: u.dryRun || undefined, skipInvalid: u.skipInvalid || undefined, kind: u.kind, reason: u.reason };
  const res = await send('POST', withQuery('/imports', q), { body: form, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} });
  return res.json() as Promise<T.ImportReport>;
}

/** RFC 4122 v4 from getRandomValues, which (unlike randomUUID) also exists on plain-http intranet addresses. */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const api = {
  signInConfig: () => get<T.SignInConfig>('/auth/config'),
  demoToken: (b: { role: T.Role; unit: string; sub?: string; name?: string }) => post<T.TokenAnswer>('/auth/demo-token', b),
  oidcToken: (b: { code: string; codeVerifier: string; redirectUri: string }) => post<T.TokenAnswer>('/auth/oidc/token', b),
  me: () => get<T.Me>('/auth/me'),
  provinces: () => get<T.Province[]>('/units'),
  /** A province, a district (March 2025 map) or a commune, on the map given (default: July 2025). */
  unit: (code: string, map?: T.MapVersion) => get<T.UnitInfo>(`/units/${encodeURIComponent(code)}`, { map }),
  /** Every pack with its sets, levels and rules, settings as in force for the province (auditors: every province's packs). */
  regulations: (province?: string) => get<T.Regulations>('/regulations', { province }),

  dossiers: (q: T.DossierListQuery) => get<T.Page<T.DossierListItem>>('/dossiers', { ...q }),
  dossier: async (id: string): Promise<Versioned<T.Dossier>> => {
    const value = await get<T.Dossier>(`/dossiers/${id}`);
    return { value, revision: value.revision };
  },
  history: (id: string) => get<T.AuditEvent[]>(`/dossiers/${id}/history`),
  stateAt: (id: string, at: { revision?: number; at?: string }) => get<T.DossierAsOf>(`/dossiers/${id}/state`, at),
  chainVerification: (id: string) => get<T.ChainVerification>(`/dossiers/${id}/chain-verification`),
  auditTrail: (q: T.AuditQuery) => get<T.AuditEvent[]>('/audit-trail', { ...q }),
  appraisalQueue: () => get<T.AppraisalQueueItem[]>('/appraisal-queue'),
  deadlines: (q: T.DeadlineQuery) => get<T.DeadlineBoard>('/deadlines', { ...q }),
  statistics: (unit: string, q: { asOf?: string; below?: number } = {}) => get<T.Statistics>(`/statistics/${unit}`, q),
  statisticsCommunes: (unit: string, q: { asOf?: string; below?: number } = {}) => get<T.StatisticsCommunes>(`/statistics/${unit}/communes`, q),
  standing: (code: string, asOf?: string) => get<T.CommuneStanding>(`/communes/${code}/standing`, { asOf }),
  nextDeadline: (code: string, map?: T.MapVersion) => get<T.NextDeadline>(`/communes/${code}/next-deadline`, { map }),
};

/** Dossier commands by route; the body is the route's DTO (see /docs). */
export const commands = {
  register: (b: { communeCode: string; level: T.Level; targetYear: number }, o: CommandOptions) => command('/dossiers', b, o),
  criteria: (id: string, b: { results: ({ code: string } & T.CriterionResult)[] }, o: CommandOptions) => command(`/dossiers/${id}/criterion-results`, b, o),
  consultation: (id: string, b: Omit<T.Consultation, 'satisfactionSurvey'> & { satisfactionSurvey?: { surveyed: number; satisfied: number } }, o: CommandOptions) =>
    command(`/dossiers/${id}/public-consultation`, b, o),
  conditions: (id: string, b: { hasConstructionDebt: boolean; isComplexSecurityArea: boolean; registeredInPlan?: boolean }, o: CommandOptions) => command(`/dossiers/${id}/recognition-conditions`, b, o),
  submitForVerification: (id: string, b: { documents: T.DossierDocument[] }, o: CommandOptions) => command(`/dossiers/${id}/submission-for-verification`, b, o),
  verify: (id: string, b: { findings: string[] }, o: CommandOptions) => command(`/dossiers/${id}/verification`, b, o),
  returnForRevision: (id: string, b: { reasons: string[] }, o: CommandOptions) => command(`/dossiers/${id}/verification-return`, b, o),
  submitForAppraisal: (id: string, b: { documents?: T.DossierDocument[] }, o: CommandOptions) => command(`/dossiers/${id}/submission-for-appraisal`, b, o),
  requestSupplement: (id: string, b: { items: { kind: 'document' | 'criterion-evidence' | 'other'; ref?: string; description: string }[] }, o: CommandOptions) =>
    command(`/dossiers/${id}/supplement-request`, b, o),
  provideSupplement: (id: string, b: { documents: T.DossierDocument[]; note?: string }, o: CommandOptions) => command(`/dossiers/${id}/supplement`, b, o),
  convene: (id: string, b: { chair: string; members: string[] }, o: CommandOptions) => command(`/dossiers/${id}/council`, b, o),
  vote: (id: string, b: { vote: T.Vote; comment: string }, o: CommandOptions) => command(`/dossiers/${id}/votes`, b, o),
  changeVote: (id: string, b: { vote: T.Vote; comment: string; reason: string }, o: CommandOptions) => command(`/dossiers/${id}/vote-changes`, b, o),
  conclude: (id: string, o: CommandOptions) => command(`/dossiers/${id}/appraisal-conclusion`, {}, o),
  recognise: (id: string, b: { decisionNo: string; decisionDate: string; signer: { name: string; title: string } }, o: CommandOptions) => command(`/dossiers/${id}/recognition-decision`, b, o),
  reject: (id: string, b: { reasons: string[] }, o: CommandOptions) => command(`/dossiers/${id}/rejection-decision`, b, o),
  withdraw: (id: string, b: { reason: string }, o: CommandOptions) => command(`/dossiers/${id}/withdrawal`, b, o),
  monitoringReview: (id: string, b: { year: number; reviewedOn: string; failingCriteria: string[] }, o: CommandOptions) => command(`/dossiers/${id}/monitoring-reviews`, b, o),
  proposeRevocation: (id: string, b: { grounds: T.CitedGrounds; explanation: string }, o: CommandOptions) => command(`/dossiers/${id}/revocation-proposal`, b, o),
  dismissProposal: (id: string, b: { reason: string }, o: CommandOptions) => command(`/dossiers/${id}/revocation-proposal-dismissal`, b, o),
  revoke: (id: string, b: { decisionNo: string; decisionDate: string; signer: { name: string; title: string }; grounds: T.CitedGrounds }, o: CommandOptions) =>
    command(`/dossiers/${id}/revocation-decision`, b, o),
};
