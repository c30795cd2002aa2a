import { randomUUID } from 'node:crypto';
import { criteriaSetFor, packForDate, REQUIRED_SUBMISSION_DOCUMENTS, unitRegistry, vietnamDate, type Role } from '@app/domain';
import { mintToken } from '@app/platform';

/** The services the bench starts accept tokens signed with this; it never leaves the bench's own processes. */
export const BENCH_JWT_SECRET = 'bench-secret-not-for-any-deployment';

export interface Place {
  commune: string;
  province: string;
}

/**
 * Every commune of the July 2025 map, taking one province after another in turn, so that any prefix of the list is
 * spread over the whole country rather than one province.
 */
export function communesAcrossProvinces(): Place[] {
  const byProvince = unitRegistry.provinces('2025-07').map((p) => unitRegistry.communesOf(p.code, '2025-07'));
  const out: Place[] = [];
  for (let i = 0; out.length < byProvince.reduce((n, l) => n + l.length, 0); i++) {
    for (const list of byProvince) if (list[i]) out.push({ commune: list[i].code, province: list[i].provinceCode });
  }
  return out;
}

export const today = () => vietnamDate(new Date());
/** A Vietnam calendar date `offset` days from today: the API stamps commands with its clock, so dates are relative. */
export const day = (offset: number) => vietnamDate(new Date(Date.now() + offset * 86_400_000));
export const criterionCodes = () => criteriaSetFor(packForDate(today()), 'standard').criteria.map((c) => c.code);

export function criteriaBody(codes: string[], revision: number): string {
  return JSON.stringify({
    results: codes.map((code, i) => ({ code, met: (i + revision) % 5 !== 0, indicators: { value: 70 + ((i * 7 + revision) % 30) }, evidence: [`doc://${code}/${revision}`] })),
  });
}

export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  token(role: Role, unit: string, id = `${role}-${unit}`): string {
    const key = `${role}|${unit}|${id}`;
    let t = this.tokens.get(key);
    if (!t) this.tokens.set(key, (t = mintToken({ id, role, unit }, this.secret, { expiresInSeconds: 4 * 3600 })));
    return t;
  }

  async command<T = Record<string, unknown>>(path: string, token: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async get<T = Record<string, unknown>>(path: string, token: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async register(place: Place): Promise<string> {
    const r = await this.command<{ dossierId: string }>('/dossiers', this.token('commune_officer', place.commune), {
      communeCode: place.commune,
      level: 'standard',
      targetYear: Number(today().slice(0, 4)) + 1,
      reason: 'Nghị quyết HĐND xã',
    });
    return r.dossierId;
  }

  /** A dossier taken through drafting, verification and convening of a council, ready for its members' votes. */
  async underAppraisal(place: Place, members: string[]): Promise<string> {
    const id = await this.register(place);
    const officer = this.token('commune_officer', place.commune);
    const path = (p: string) => `/dossiers/${id}${p}`;
    await this.command(path('/criterion-results'), officer, { results: criterionCodes().map((code) => ({ code, met: true })) });
    await this.command(path('/public-consultation'), officer, {
      period: { from: day(-30), to: day(-16) },
      announcements: [-30, -28, -26, -23, -20].map((d) => ({ postedOn: day(d), place: 'Nhà văn hóa thôn' })),
      writtenComments: [{ from: 'Ủy ban MTTQ xã', receivedOn: day(-18), summary: 'Nhất trí' }],
      satisfactionSurvey: { surveyed: 400, satisfied: 380 },
    });
    await this.command(path('/recognition-conditions'), officer, { hasConstructionDebt: false, isComplexSecurityArea: false });
    await this.command(path('/submission-for-verification'), officer, {
      documents: REQUIRED_SUBMISSION_DOCUMENTS.map((kind, i) => ({ kind, ref: `doc://${place.commune}/${i}` })),
    });
    const verifier = this.token('verifying_officer', place.province);
    await this.command(path('/verification'), verifier, { findings: ['Hồ sơ đầy đủ'] });
    await this.command(path('/submission-for-appraisal'), verifier, {});
    await this.command(path('/council'), this.token('coordination_office', place.province), { chair: members[0], members });
    return id;
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight; the first failure stops the rest. */
export async function inParallel<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (!failed && next < items.length) {
        const i = next++;
        try {
          out[i] = await fn(items[i], i);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    }),
  );
  return out;
}
