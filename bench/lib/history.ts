import { createHash } from 'node:crypto';
import {
  criteriaSetFor,
  decideDossier,
  evolveDossier,
  initialDossierState,
  packForDate,
  REQUIRED_SUBMISSION_DOCUMENTS,
  unitRegistry,
  vietnamDate,
  type DossierCommand,
  type DossierState,
  type MapVersion,
  type Role,
} from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';
import { deterministicEventId, dossierStream, eventMetadata } from '@app/workflow';
import { inParallel } from './api';

/**
 * Bump when the generated history changes shape (lifecycles, dates, sizes): figures from different versions are not
 * comparable, and the report prints it.
 */
export const HISTORY_GENERATOR_VERSION = 1;

export interface HistoryDossier {
  dossierId: string;
  commune: string;
  map: MapVersion;
  /** Where the lifecycle stopped; the lag measurement revises dossiers still in drafting. */
  status: string;
  /** The criteria of the pack it was registered under: a revision must name these, not today's pack's. */
  criteriaCodes: string[];
}

/** Deterministic v8-style UUID from a label, so the same scale always yields the same ids. */
function idOf(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A small deterministic PRNG (mulberry32): the history must not change between runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => vietnamDate(new Date(ms));

/**
 * The communes (xã; wards and towns have no NTM dossiers) dossiers are generated for: the March 2025 map's 7,704 for
 * older dossiers (registered 2021–2024) and the July 2025 map's 2,621 for dossiers registered since the reform —
 * 10,325 in all. A smaller `count` takes the same share of each, province by province in turn.
 */
export const FULL_SCALE_DOSSIERS = 10_325;

export function historyPlaces(count: number): { commune: string; province: string; map: MapVersion }[] {
  const roundRobin = (map: MapVersion) => {
    const lists = unitRegistry.provinces(map).map((p) => unitRegistry.communesOf(p.code, map).filter((c) => c.kind === 'commune'));
    const out: { commune: string; province: string; map: MapVersion }[] = [];
    const total = lists.reduce((n, l) => n + l.length, 0);
    for (let i = 0; out.length < total; i++) for (const l of lists) if (l[i]) out.push({ commune: l[i].code, province: l[i].provinceCode, map });
    return out;
  };
  const old = roundRobin('2025-03');
  const recent = roundRobin('2025-07');
  // Proportional prefixes when scaled down, so a small history still has both eras.
  const oldShare = Math.min(old.length, Math.round((count * old.length) / (old.length + recent.length)));
  return [...old.slice(0, oldShare), ...recent.slice(0, Math.max(0, count - oldShare))];
}

interface Step {
  type: DossierCommand['type'];
  data: Record<string, unknown>;
  at: number;
  actor: { id: string; role: Role; unit: string };
}

/**
 * One dossier's whole life through the pure decider: registration, 22–30 criteria revisions over two months,
 * consultation, conditions, verification (sometimes returned once), appraisal (sometimes with a supplement), a
 * council of 15–21 members voting (one changing a vote), the decision, then a monitoring review every year until the
 * present. Older dossiers mostly get that far; recent ones stop at every stage. Events come out with the metadata
 * the service would write, stamped at the business time of each step.
 */
export function generateDossier(place: { commune: string; province: string; map: MapVersion }, index: number, presentMs: number): { dossier: HistoryDossier; events: NewEvent[] } {
  const r = rng(index + 1);
  const dossierId = idOf(`bench-history:${HISTORY_GENERATOR_VERSION}:${index}`);
  const recent = place.map === '2025-07';
  const from = recent ? Date.parse('2025-07-02T02:00:00Z') : Date.parse('2021-06-01T02:00:00Z');
  const to = recent ? presentMs - 20 * DAY : Date.parse('2024-12-20T02:00:00Z');
  let t = from + Math.floor(r() * (to - from));
  const stops = recent ? ['drafting', 'drafting', 'under_verification', 'under_appraisal', 'recognised', 'recognised', 'withdrawn'] : ['recognised', 'recognised', 'recognised', 'recognised', 'recognised', 'recognised', 'recognised', 'withdrawn', 'rejected'];
  const stop = stops[Math.floor(r() * stops.length)];

  const officer = { id: `officer-${place.commune}`, role: 'commune_officer' as Role, unit: place.commune };
  const province = (role: Role, id = `${role}-${place.province}`) => ({ id, role, unit: place.province });
  const steps: Step[] = [];
  const later = (minDays: number, maxDays: number) => (t += Math.floor((minDays + r() * (maxDays - minDays)) * DAY));
  const today0 = dateOf(t);
  const pack = packForDate(today0);
  const codes = criteriaSetFor(pack, 'standard').criteria.map((c) => c.code);

  const registerAt = t;
  const revise = (n: number, unmetFrom: number) => {
    for (let i = 0; i < n; i++) {
      later(2, 6);
      const unmet = Math.max(0, unmetFrom - i);
      steps.push({
        type: 'RecordCriterionResults',
        data: { dossierId, results: Object.fromEntries(codes.map((code, k) => [code, { met: k >= unmet, indicators: { value: 60 + ((k * 7 + i) % 40) }, evidence: [`doc://${place.commune}/${code}/${i}`] }])) },
        at: t,
        actor: officer,
      });
    }
  };
  const revisions = 22 + Math.floor(r() * 9);
  revise(revisions, revisions - 2);
  if (!(stop === 'drafting')) {
    later(3, 10);
    const day = (offset: number) => dateOf(t + offset * DAY);
    steps.push({
      type: 'RecordPublicConsultation',
      data: {
        dossierId,
        period: { from: day(-40), to: day(-26) },
        announcements: [-40, -37, -34, -31, -28].map((d) => ({ postedOn: day(d), place: 'Nhà văn hóa thôn' })),
        writtenComments: [{ from: 'Ủy ban MTTQ xã', receivedOn: day(-27), summary: 'Nhất trí đề nghị công nhận' }],
        satisfactionSurvey: { surveyed: 500, satisfied: 470 + Math.floor(r() * 30) },
      },
      at: t,
      actor: officer,
    });
    later(1, 5);
    steps.push({ type: 'DeclareRecognitionConditions', data: { dossierId, hasConstructionDebt: false, isComplexSecurityArea: false, registeredInPlan: true }, at: t, actor: officer });
    const documents = REQUIRED_SUBMISSION_DOCUMENTS.map((kind) => ({ kind, ref: `doc://${place.commune}/${kind}` }));
    const verifier = province('verifying_officer');
    later(2, 8);
    steps.push({ type: 'SubmitForVerification', data: { dossierId, documents }, at: t, actor: officer });
    if (r() < 0.4) {
      later(5, 15);
      steps.push({ type: 'ReturnDossierForRevision', data: { dossierId, reasons: ['Bổ sung minh chứng tiêu chí môi trường'] }, at: t, actor: verifier });
      revise(3, 0);
      later(2, 6);
      steps.push({ type: 'SubmitForVerification', data: { dossierId, documents }, at: t, actor: officer });
    }
    if (stop !== 'under_verification' && stop !== 'withdrawn') {
      later(5, 20);
      steps.push({ type: 'VerifyDossier', data: { dossierId, findings: ['Hồ sơ đầy đủ, đúng quy định'] }, at: t, actor: verifier });
      later(1, 5);
      steps.push({ type: 'SubmitForAppraisal', data: { dossierId }, at: t, actor: verifier });
      const office = province('coordination_office');
      if (r() < 0.5) {
        later(3, 10);
        steps.push({ type: 'RequestSupplement', data: { dossierId, items: [{ kind: 'criterion-evidence', ref: codes[codes.length - 1], description: 'Biên bản kiểm tra thực địa' }] }, at: t, actor: office });
        later(5, 15);
        steps.push({ type: 'ProvideSupplement', data: { dossierId, documents: [{ kind: 'results-report', ref: `doc://${place.commune}/supplement` }] }, at: t, actor: officer });
      }
      const size = 19 + Math.floor(r() * 9);
      const members = Array.from({ length: size }, (_, i) => `council-${place.province}-${i}`);
      later(3, 10);
      steps.push({ type: 'ConveneAppraisalCouncil', data: { dossierId, chair: members[0], members }, at: t, actor: office });
      const voting = stop === 'under_appraisal' ? Math.floor(r() * size) : size;
      const rejects = stop === 'rejected';
      for (let i = 0; i < voting; i++) {
        t += Math.floor(r() * 6 * 3_600_000);
        const member = province(i === 0 ? 'council_chair' : 'council_member', members[i]);
        steps.push({ type: 'CastCouncilVote', data: { dossierId, vote: rejects && i === 3 ? 'reject' : 'approve', comment: 'Đạt' }, at: t, actor: member });
        if (i === 2) {
          t += 3_600_000;
          steps.push({ type: 'ChangeCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt, sau khi xem biên bản bổ sung', reason: 'Đã xem biên bản bổ sung' }, at: t, actor: member });
        }
      }
      if (stop !== 'under_appraisal') {
        later(1, 4);
        const chair = province('council_chair', members[0]);
        steps.push({ type: 'ConcludeAppraisal', data: { dossierId }, at: t, actor: chair });
        if (!rejects) {
          later(7, 30);
          const signer = { name: 'Chủ tịch UBND tỉnh', title: 'Chủ tịch UBND tỉnh' };
          steps.push({ type: 'RecordRecognitionDecision', data: { dossierId, decisionNo: `${index}/QĐ-UBND`, decisionDate: dateOf(t), signer }, at: t, actor: province('provincial_chairperson') });
          // Yearly monitoring reviews (Dec of every later year up to the present).
          for (let year = new Date(t).getUTCFullYear() + 1; Date.parse(`${year}-12-15T03:00:00Z`) < presentMs; year++) {
            const at = Date.parse(`${year}-12-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}T03:00:00Z`);
            steps.push({ type: 'RecordMonitoringReview', data: { dossierId, year, reviewedOn: dateOf(at), failingCriteria: r() < 0.1 ? [codes[1]] : [] }, at, actor: province('coordination_office') });
          }
        }
      }
    } else if (stop === 'withdrawn') {
      later(3, 20);
      steps.push({ type: 'WithdrawDossier', data: { dossierId, reason: 'Xã xin rút hồ sơ để hoàn thiện tiêu chí môi trường' }, at: t, actor: officer });
    }
  } else {
    steps.length = 3 + Math.floor(r() * (revisions - 3));
  }

  const commune = unitRegistry.findCommune(place.commune, place.map)!;
  const all: Step[] = [
    {
      type: 'RegisterDossier',
      data: {
        dossierId,
        communeCode: commune.code,
        provinceCode: commune.provinceCode,
        districtCode: commune.districtCode ?? null,
        level: 'standard',
        targetYear: Number(today0.slice(0, 4)) + 1,
        packId: pack.id,
        packVersion: pack.version,
        currentRecognitions: [],
      },
      at: registerAt,
      actor: officer,
    },
    ...steps,
  ];
  let state: DossierState = initialDossierState();
  const events: NewEvent[] = [];
  all.forEach((s, i) => {
    const command = { type: s.type, data: s.data, metadata: { now: iso(s.at), actor: s.actor, reason: 'bench history' } } as unknown as DossierCommand;
    const commandId = `bench-history:${index}:${i}`;
    const produced = decideDossier(command, state);
    produced.forEach((e, k) => {
      state = evolveDossier(state, e);
      events.push({
        id: deterministicEventId(commandId, k),
        type: e.type,
        data: e.data,
        metadata: eventMetadata({ principal: s.actor, now: iso(s.at), correlationId: `bench-history-${dossierId}`, commandId, reason: 'bench history' }),
      });
    });
  });
  return { dossier: { dossierId, commune: place.commune, map: place.map, status: state.status, criteriaCodes: codes }, events };
}

/**
 * Writes `count` dossiers through the store, each in appends of up to `chunk` events, `concurrency` dossiers at a
 * time. Returns the dossiers and how many events were written.
 */
export async function writeHistory(
  store: EventStore,
  count: number,
  options: { concurrency?: number; chunk?: number; presentMs?: number; onProgress?: (dossiers: number, events: number) => void } = {},
): Promise<{ dossiers: HistoryDossier[]; events: number }> {
  const places = historyPlaces(count);
  const present = options.presentMs ?? Date.now();
  const chunk = options.chunk ?? 25;
  let events = 0;
  let written = 0;
  const dossiers = await inParallel(places, options.concurrency ?? 4, async (place, i) => {
    const g = generateDossier(place, i, present);
    for (let k = 0; k < g.events.length; k += chunk) {
      await store.append(dossierStream(g.dossier.dossierId), g.events.slice(k, k + chunk), k === 0 ? 'no_stream' : k - 1);
    }
    events += g.events.length;
    if (++written % 250 === 0) options.onProgress?.(written, events);
    return g.dossier;
  });
  return { dossiers, events };
}
