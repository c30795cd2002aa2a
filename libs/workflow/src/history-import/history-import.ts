import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  PROGRAMME_PERIODS,
  RECOGNITION_LEVELS,
  communePredecessors,
  assertLevelFitsDistrict,
  criteriaSetFor,
  decideCommune,
  decideDossier,
  evolveCommuneEvents,
  evolveDossier,
  getPack,
  holdsRecognition,
  initialDossierState,
  levelRules,
  packForDate,
  provincialVariant,
  nationalPacks,
  unitRegistry,
  vietnamDate,
  type CommandMetadata,
  type CommuneEvent,
  type CommuneState,
  type DossierEvent,
  type DossierState,
  type MapVersion,
  type ProgrammePeriod,
  type RecognitionLevel,
  type RegulationPack,
} from '@app/domain';
import { EVENT_STORE, readWholeStream, type EventMetadata, type EventStore, type NewEvent, type RecordedEvent } from '@app/event-store';
import {
  IMPORT_KINDS,
  kindOfSheet as kindOfSheetName,
  type HistoryImporter,
  type ImportCounts,
  type ImportKind,
  type ImportOptions,
  type ImportProblem,
  type ImportReport,
  type ParsedImport,
  type ParsedRow,
  type RowSource,
} from '@app/import';
import { ProblemException, type Principal } from '@app/platform';
import { deterministicEventId } from '../event-ids';
import { Jurisdiction } from '../jurisdiction';
import { mayPlanFor } from '../plans/record-plan';
import { RegulationOverrides } from '../regulation-overrides';
import { communeStream, dossierSlotStream, dossierStream, planStream } from '../streams';
import { heldOn, unitOn, type UnitRef } from '../units/unit-standing';
import { placeOfUnit } from '../dossiers/dossier-commands';

/** Roles that may write history with past business dates. */
export const IMPORTER_ROLES = ['coordination_office', 'administrator'] as const;

/** A row turned into events for one stream, checked by the domain's own deciders, not yet written. */
interface Planned {
  kind: ImportKind;
  source: RowSource;
  key: string;
  stream: string;
  events: NewEvent[];
  /** Further streams the row writes (a recognition's slot). */
  also: { stream: string; events: NewEvent[] }[];
  alreadyPresent: boolean;
}

/** A recognition as the planner tracks it: from the store or from an earlier row of the file. */
interface HeldDossier {
  dossierId: string;
  unit: UnitRef;
  level: RecognitionLevel;
  state: DossierState;
  period: ProgrammePeriod;
}

class RowRefused extends Error {
  constructor(
    readonly column: string | null,
    readonly rule: string,
    readonly value?: string,
  ) {
    super(rule);
  }
}

const startOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+07:00`)).toISOString();

/**
 * A province's history brought in with the dates it happened: every row is checked as the domain checks a command
 * (the same deciders, on the state the store and the file's earlier rows give), the whole file first; only a file with
 * no bad row (or --skip-invalid) is written. Event ids come from each row's content, so importing the same facts
 * again writes nothing; business time is the fact's own date, record time the store's, and each event names its
 * file and row.
 */
@Injectable()
export class HistoryImport implements HistoryImporter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jurisdiction: Jurisdiction,
    private readonly overrides: RegulationOverrides,
  ) {}

  async run(parsed: ParsedImport, options: ImportOptions): Promise<ImportReport> {
    const principal: Principal = { id: options.actor.id, role: options.actor.role as Principal['role'], unit: options.actor.unit };
    if (!(IMPORTER_ROLES as readonly string[]).includes(principal.role)) {
      throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${principal.role} may not import history`, { role: principal.role, allowedRoles: IMPORTER_ROLES });
    }
    const actedAt = options.at ?? new Date().toISOString();
    const session = new PlanningSession(this.store, this.jurisdiction, this.overrides, principal, options, parsed, actedAt);
    const problems: ImportProblem[] = [...parsed.problems];
    const counts = emptyCounts();
    for (const p of parsed.problems) {
      const kind = kindOfSheet(p.sheet);
      if (kind && p.row !== null) counts[kind].invalid++;
    }
    const planned: Planned[] = [];
    // Business order: a revocation follows the recognition it revokes, a correction the assessment it corrects.
    const rows = [...parsed.rows].sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || IMPORT_KINDS.indexOf(a.kind) - IMPORT_KINDS.indexOf(b.kind) || a.source.row - b.source.row);
    for (const row of rows) {
      counts[row.kind].rows++;
      try {
        const p = await session.plan(row);
        planned.push(p);
        counts[row.kind].valid++;
        if (p.alreadyPresent) counts[row.kind].alreadyPresent++;
      } catch (err) {
        counts[row.kind].invalid++;
        problems.push(problemOf(row, err));
      }
    }
    for (const kind of IMPORT_KINDS) counts[kind].rows += parsed.problems.filter((p) => p.row !== null && kindOfSheet(p.sheet) === kind).length;
    problems.sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.row ?? 0) - (b.row ?? 0));

    const refused = problems.length > 0 && !options.skipInvalid;
    // Rows already present may still carry what an interrupted import left unwritten (a slot, a renewal).
    const toWrite = planned.filter((p) => !p.alreadyPresent || p.also.some((a) => a.events.length > 0));
    let written = { events: 0, streams: 0 };
    let outcome: ImportReport['outcome'];
    if (refused) outcome = 'refused';
    else if (options.dryRun) outcome = 'dry-run';
    else if (toWrite.length === 0) outcome = 'nothing-to-write';
    else {
      written = await this.write(toWrite, options);
      for (const p of toWrite) if (!p.alreadyPresent) counts[p.kind].written++;
      outcome = 'written';
      await this.recordImport(parsed, options, principal, counts, problems.length, actedAt);
    }
    return {
      importId: parsed.sha256,
      file: parsed.file,
      sha256: parsed.sha256,
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      outcome,
      totals: sum(Object.values(counts)),
      byKind: counts,
      events: { written: written.events, streams: written.streams },
      problems,
    };
  }

  /** One append per stream, in business order; a retry of a crashed import finds the ids written and writes the rest. */
  private async write(planned: Planned[], options: ImportOptions): Promise<{ events: number; streams: number }> {
    const byStream = new Map<string, NewEvent[]>();
    for (const p of planned) {
      for (const { stream, events } of [...p.also, { stream: p.stream, events: p.events }]) {
        if (events.length > 0) byStream.set(stream, [...(byStream.get(stream) ?? []), ...events]);
      }
    }
    let done = 0;
    let events = 0;
    const total = byStream.size;
    // Slots after the dossiers they name: a slot naming a dossier not yet written reads as a registration under way.
    const order = [...byStream.keys()].sort((a, b) => rank(a) - rank(b));
    for (const stream of order) {
      const wanted = byStream.get(stream)!;
      const existing = await readWholeStream(this.store, stream);
      const have = new Set(existing.map((e) => e.id));
      const missing = wanted.filter((e) => !have.has(e.id));
      if (missing.length > 0) {
        await this.store.append(stream, missing, existing.length ? existing[existing.length - 1]!.revision : 'no_stream');
        events += missing.length;
      }
      options.onProgress?.(++done, total);
    }
    return { events, streams: total };
  }

  private async recordImport(parsed: ParsedImport, options: ImportOptions, principal: Principal, counts: Record<ImportKind, ImportCounts>, problems: number, actedAt: string) {
    const stream = `import-${parsed.sha256.slice(0, 32)}`;
    const existing = await this.store.streamRevision(stream);
    const id = deterministicEventId(`import:${parsed.sha256}:${JSON.stringify(counts)}`, 0);
    const metadata: EventMetadata = {
      actor: { id: principal.id, role: principal.role, unit: principal.unit },
      correlationId: options.correlationId,
      commandId: `import:${parsed.sha256}`,
      reason: options.reason,
      occurredAt: actedAt,
      source: { kind: 'import', file: parsed.file, sha256: parsed.sha256 },
    };
    const event = { id, type: 'HistoryImported', data: { importId: parsed.sha256, file: parsed.file, bytes: parsed.bytes, counts, problems, skipInvalid: options.skipInvalid }, metadata };
    const have = existing === null ? [] : await this.store.readStream(stream);
    if (!have.some((e) => e.id === id)) await this.store.append(stream, [event], existing ?? 'no_stream');
  }
}

/** The planner's view: the store as read so far, plus the rows of the file already planned. */
class PlanningSession {
  private readonly dossiers = new Map<string, { state: DossierState; revision: number | null; ids: Set<string> }>();
  private readonly slots = new Map<string, HeldDossier[]>();
  private readonly communes = new Map<string, { state: CommuneState; events: CommuneEvent[]; ids: Set<string> }>();
  private readonly plans = new Map<string, Set<string>>();

  constructor(
    private readonly store: EventStore,
    private readonly jurisdiction: Jurisdiction,
    private readonly overrides: RegulationOverrides,
    private readonly principal: Principal,
    private readonly options: ImportOptions,
    private readonly parsed: ParsedImport,
    private readonly actedAt: string,
  ) {}

  async plan(row: ParsedRow): Promise<Planned> {
    switch (row.kind) {
      case 'recognitions':
        return this.recognition(row);
      case 'revocations':
        return this.revocation(row);
      case 'assessments':
        return this.assessment(row);
      case 'plans':
        return this.planRow(row);
      default: {
        const unhandled: never = row;
        throw new Error(`unhandled import row ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private metadata(key: string, source: RowSource, business: string): EventMetadata {
    return {
      actor: { id: this.principal.id, role: this.principal.role, unit: this.principal.unit },
      correlationId: this.options.correlationId,
      causationId: `import:${this.parsed.sha256}`,
      commandId: `import:${key}`,
      reason: this.options.reason,
      occurredAt: business,
      source: { kind: 'import', importId: this.parsed.sha256, file: source.file, sheet: source.sheet, row: source.row },
    };
  }

  private unit(code: string, date: string, column = 'unit_code'): UnitRef {
    if (date > vietnamDate(this.actedAt)) throw new RowRefused(column === 'unit_code' ? null : column, `the date ${date} is in the future`);
    const unit = unitOn(code, date);
    if (!unit) {
      const map = unitRegistry.mapInForceOn(date);
      throw new RowRefused(column, `no ${code.length === 3 ? 'district' : 'commune'} ${code} on the ${map} map, in force on ${date}`, code);
    }
    if (!this.jurisdiction.covers(this.principal, placeOfUnit(unit), this.actedAt)) {
      throw new RowRefused(column, `unit ${this.principal.unit} has no jurisdiction over ${unit.kind} ${unit.code} (${unit.name})`, code);
    }
    return unit;
  }

  private checkName(unit: UnitRef, name: string | undefined) {
    if (name && normalise(name) !== normalise(unit.name) && !normalise(unit.name).endsWith(normalise(name))) {
      throw new RowRefused('unit_name', `${unit.code} is ${unit.name} on the ${unit.map} map, not "${name}"`, name);
    }
  }

  private pack(unit: UnitRef, date: string, period: ProgrammePeriod | undefined, column: string): RegulationPack {
    const settingsOf = this.overrides.settingsOf(unit.provinceCode, unit.map);
    if (!period) return packForDate(date, { province: unit.provinceCode, settingsOf });
    const national = nationalPacks().filter((p) => p.period === period).pop();
    if (!national) throw new RowRefused('period', `no regulation pack for the period ${period}`, period);
    const pack = provincialVariant(national, unit.provinceCode);
    if (date < pack.validFrom) throw new RowRefused(column, `${date} is before ${pack.validFrom}, when the ${period} set took effect`, date);
    return pack;
  }

  private async slot(unit: UnitRef, level: RecognitionLevel): Promise<HeldDossier[]> {
    const key = `${unit.code}|${level}`;
    let held = this.slots.get(key);
    if (!held) {
      held = [];
      for (const e of await readWholeStream(this.store, dossierSlotStream(unit.code, level))) {
        const dossierId = (e.data as { dossierId: string }).dossierId;
        const d = await this.dossier(dossierId);
        if (d.state.status === 'unregistered') continue;
        const u = unitOn(d.state.dossier.communeCode, vietnamDate(d.state.dossier.registeredAt));
        held.push({ dossierId, unit: u ?? unit, level, state: d.state, period: getPack(d.state.dossier.packId, d.state.dossier.packVersion).period });
      }
      this.slots.set(key, held);
    }
    return held.filter((h) => h.state.status !== 'unregistered' && h.state.dossier.unitMap === unit.map && h.state.dossier.unitKind === unit.kind);
  }

  private async dossier(dossierId: string) {
    let d = this.dossiers.get(dossierId);
    if (!d) {
      const events = await readWholeStream(this.store, dossierStream(dossierId));
      const state = events.reduce((s, e) => evolveDossier(s, { type: e.type, data: e.data } as DossierEvent), initialDossierState());
      d = { state, revision: events.length ? events[events.length - 1]!.revision : null, ids: new Set(events.map((e) => e.id)) };
      this.dossiers.set(dossierId, d);
    }
    return d;
  }

  private async recognition(row: Extract<ParsedRow, { kind: 'recognitions' }>): Promise<Planned> {
    const v = row.values;
    const level = levelOf(v.level);
    const unit = this.unit(v.unitCode, v.decisionDate);
    this.checkName(unit, v.unitName);
    const pack = this.pack(unit, v.decisionDate, v.period, 'decision_date');
    try {
      levelRules(pack, level, unit.kind);
    } catch (err) {
      throw new RowRefused('level', `the ${pack.period} pack has no ${unit.kind} level "${level}"`, v.level);
    }
    if (unit.kind === 'district') {
      try {
        assertLevelFitsDistrict(unit.code, unitRegistry.findDistrict(unit.code)?.kind, level);
      } catch (err) {
        throw new RowRefused('level', (err as Error).message, v.level);
      }
    }
    const key = `rec|${unit.kind}|${unit.code}|${unit.map}|${level}|${v.decisionNo.trim()}|${v.decisionDate}`;
    const dossierId = deterministicEventId(`import-dossier:${key}`, 0);
    const existing = await this.dossier(dossierId);
    const business = startOfDay(v.decisionDate);
    const metadata = this.metadata(key, row.source, business);
    const eventId = deterministicEventId(`import:${key}`, 0);
    const held = await this.slot(unit, level);
    const slotEvent: NewEvent = { id: deterministicEventId(`import:${key}:slot`, 0), type: 'DossierSlotTaken', data: { dossierId, level }, metadata };
    if (existing.ids.has(eventId)) {
      // Written before; an import that stopped between streams may have left its slot or its renewals out: those are
      // planned again (once written, the slot names the dossier and the older recognitions read renewed).
      const also: Planned['also'] = [];
      if (!held.some((h) => h.dossierId === dossierId)) {
        also.push({ stream: dossierSlotStream(unit.code, level), events: [slotEvent] });
        this.slots.get(`${unit.code}|${level}`)!.push({ dossierId, unit, level, state: existing.state, period: pack.period });
      }
      also.push(...(await this.renewals(unit, level, dossierId, pack, v.decisionDate, key, metadata)));
      return { kind: 'recognitions', source: row.source, key, stream: dossierStream(dossierId), events: [], also, alreadyPresent: true };
    }
    const clash = held.find((h) => h.period === pack.period && heldOn(h.state, v.decisionDate));
    if (clash && holdsRecognition(clash.state)) {
      throw new RowRefused('decision_no', `${unit.kind} ${unit.code} already holds the ${level} recognition of ${pack.period} on ${v.decisionDate} (decision ${clash.state.recognition.decisionNo})`, v.decisionNo);
    }
    const events = decideDossier(
      {
        type: 'ImportRecognition',
        data: {
          dossierId,
          communeCode: unit.code,
          provinceCode: unit.provinceCode,
          districtCode: unit.districtCode,
          unitKind: unit.kind,
          unitMap: unit.map,
          level,
          packId: pack.id,
          packVersion: pack.version,
          decisionNo: v.decisionNo,
          decisionDate: v.decisionDate,
          signer: v.signerName ? { name: v.signerName, title: v.signerTitle ?? '' } : null,
          note: v.note ?? null,
          effectiveSettings: this.overrides.settingsOf(unit.provinceCode, unit.map)(pack),
          importedAt: this.actedAt,
        },
        metadata: commandMetadataOf(metadata),
      },
      existing.state,
    );
    const state = events.reduce(evolveDossier, existing.state);
    this.dossiers.set(dossierId, { state, revision: 0, ids: new Set([eventId]) });
    this.slots.get(`${unit.code}|${level}`)!.push({ dossierId, unit, level, state, period: pack.period });
    return {
      kind: 'recognitions',
      source: row.source,
      key,
      stream: dossierStream(dossierId),
      events: events.map((e, i) => ({ id: deterministicEventId(`import:${key}`, i), type: e.type, data: e.data, metadata })),
      also: [{ stream: dossierSlotStream(unit.code, level), events: [slotEvent] }, ...(await this.renewals(unit, level, dossierId, pack, v.decisionDate, key, metadata))],
      alreadyPresent: false,
    };
  }

  /**
   * The older recognitions a recognition row replaces (same unit and level, an earlier period, not later than it; for a
   * July 2025 commune its predecessors' too), each renewed in its own stream.
   */
  private async renewals(unit: UnitRef, level: RecognitionLevel, byDossierId: string, pack: RegulationPack, decisionDate: string, key: string, metadata: EventMetadata) {
    const period = PROGRAMME_PERIODS.indexOf(pack.period);
    const units: UnitRef[] = [unit];
    if (unit.kind === 'commune' && unit.map === '2025-07') {
      for (const p of communePredecessors(unitRegistry.findCommune(unit.code, '2025-07')?.predecessors)) {
        const old = unitOn(p.code, '2025-06-30');
        if (old) units.push(old);
      }
    }
    const out: { stream: string; events: NewEvent[] }[] = [];
    for (const u of units) {
      for (const h of await this.slot(u, level)) {
        if (h.dossierId === byDossierId || !holdsRecognition(h.state) || PROGRAMME_PERIODS.indexOf(h.period) >= period || h.state.recognition.decisionDate > decisionDate) continue;
        const d = await this.dossier(h.dossierId);
        const renewal = decideDossier(
          { type: 'RecordRenewal', data: { dossierId: h.dossierId, byDossierId, packId: pack.id, packVersion: pack.version, renewedOn: decisionDate }, metadata: commandMetadataOf(metadata) },
          d.state,
        );
        const state = renewal.reduce(evolveDossier, d.state);
        this.dossiers.set(h.dossierId, { ...d, state });
        h.state = state;
        out.push({ stream: dossierStream(h.dossierId), events: renewal.map((e, i) => ({ id: deterministicEventId(`import:${key}:renews:${h.dossierId}`, i), type: e.type, data: e.data, metadata })) });
      }
    }
    return out;
  }

  private async revocation(row: Extract<ParsedRow, { kind: 'revocations' }>): Promise<Planned> {
    const v = row.values;
    const level = levelOf(v.level);
    const unit = this.unit(v.unitCode, v.decisionDate);
    this.checkName(unit, v.unitName);
    const key = `rev|${unit.kind}|${unit.code}|${unit.map}|${level}|${v.decisionNo.trim()}|${v.decisionDate}`;
    const candidates = (await this.slot(unit, level)).filter((h) => !v.recognitionDecisionNo || ('recognition' in h.state && h.state.recognition.decisionNo === v.recognitionDecisionNo.trim()));
    // Already revoked by this very decision: an earlier import of the same row.
    const done = candidates.find((h) => h.state.status === 'revoked' && h.state.revocation.decisionNo === v.decisionNo.trim() && h.state.revocation.decisionDate === v.decisionDate);
    if (done) return { kind: 'revocations', source: row.source, key, stream: dossierStream(done.dossierId), events: [], also: [], alreadyPresent: true };
    const holder = candidates.find((h) => holdsRecognition(h.state) && h.state.recognition.decisionDate <= v.decisionDate);
    if (!holder) {
      const which = v.recognitionDecisionNo ? ` by decision ${v.recognitionDecisionNo}` : '';
      throw new RowRefused(v.recognitionDecisionNo ? 'recognition_decision_no' : 'unit_code', `${unit.kind} ${unit.code} held no ${level} recognition${which} on ${v.decisionDate} to revoke`, v.recognitionDecisionNo ?? v.unitCode);
    }
    const metadata = this.metadata(key, row.source, startOfDay(v.decisionDate));
    const d = await this.dossier(holder.dossierId);
    const events = decideDossier(
      {
        type: 'ImportRevocation',
        data: {
          dossierId: holder.dossierId,
          decisionNo: v.decisionNo,
          decisionDate: v.decisionDate,
          signer: v.signerName ? { name: v.signerName, title: v.signerTitle ?? '' } : null,
          groundsText: v.grounds ?? null,
          failingCriteria: v.failingCriteria ?? [],
        },
        metadata: commandMetadataOf(metadata),
      },
      d.state,
    );
    const state = events.reduce(evolveDossier, d.state);
    this.dossiers.set(holder.dossierId, { ...d, state });
    holder.state = state;
    return {
      kind: 'revocations',
      source: row.source,
      key,
      stream: dossierStream(holder.dossierId),
      events: events.map((e, i) => ({ id: deterministicEventId(`import:${key}`, i), type: e.type, data: e.data, metadata })),
      also: [],
      alreadyPresent: false,
    };
  }

  private async commune(code: string) {
    let c = this.communes.get(code);
    if (!c) {
      const events = await readWholeStream(this.store, communeStream(code));
      const typed = events.map((e) => ({ type: e.type, data: e.data }) as CommuneEvent);
      c = { state: evolveCommuneEvents(typed), events: typed, ids: new Set(events.map((e) => e.id)) };
      this.communes.set(code, c);
    }
    return c;
  }

  private async assessment(row: Extract<ParsedRow, { kind: 'assessments' }>): Promise<Planned> {
    const v = row.values;
    const assessedOn = v.assessedOn ?? `${v.year}-12-31`;
    const unit = this.unit(v.unitCode, assessedOn);
    if (unit.kind !== 'commune') throw new RowRefused('unit_code', 'yearly criteria are recorded for communes', v.unitCode);
    this.checkName(unit, v.unitName);
    const level = v.level ? levelOf(v.level) : 'standard';
    const pack = this.pack(unit, assessedOn, v.period, 'assessed_on');
    let set;
    try {
      set = criteriaSetFor(pack, level, 'commune');
    } catch {
      throw new RowRefused('level', `the ${pack.period} pack has no commune level "${level}"`, v.level);
    }
    const perCriterion = v.criteria !== undefined && Object.keys(v.criteria).length > 0;
    if (!perCriterion && v.metCount === undefined) throw new RowRefused('met_count', 'give the number of criteria met, or each criterion');
    const content = perCriterion ? JSON.stringify(v.criteria) : `${v.metCount}/${v.total ?? ''}/${(v.unmetCriteria ?? []).join(',')}`;
    const key = `asm|${unit.code}|${unit.map}|${v.year}|${level}|${set.code}|${assessedOn}|${content}`;
    const eventId = deterministicEventId(`import:${key}`, 0);
    const c = await this.commune(unit.code);
    const stream = communeStream(unit.code);
    if (c.ids.has(eventId)) return { kind: 'assessments', source: row.source, key, stream, events: [], also: [], alreadyPresent: true };
    const metadata = this.metadata(key, row.source, startOfDay(assessedOn));
    const command = perCriterion
      ? {
          type: 'AssessCommuneCriteria' as const,
          data: { communeCode: unit.code, unitMap: unit.map, year: v.year, level, packId: pack.id, packVersion: pack.version, results: Object.fromEntries(Object.entries(v.criteria!).map(([code, met]) => [code, { met }])), assessedOn },
          metadata: commandMetadataOf(metadata),
        }
      : {
          type: 'CountCommuneCriteria' as const,
          data: { communeCode: unit.code, unitMap: unit.map, year: v.year, level, packId: pack.id, packVersion: pack.version, metCount: v.metCount!, total: v.total, unmet: v.unmetCriteria ?? null, assessedOn },
          metadata: commandMetadataOf(metadata),
        };
    if (perCriterion && v.metCount !== undefined) {
      const met = Object.values(v.criteria!).filter(Boolean).length;
      if (met !== v.metCount) throw new RowRefused('met_count', `says ${v.metCount} met, but the criteria columns mark ${met} met`, String(v.metCount));
    }
    const events = decideCommune(command, c.state);
    c.events.push(...events);
    c.state = evolveCommuneEvents(c.events);
    c.ids.add(eventId);
    return {
      kind: 'assessments',
      source: row.source,
      key,
      stream,
      events: events.map((e, i) => ({ id: deterministicEventId(`import:${key}`, i), type: e.type, data: e.data, metadata })),
      also: [],
      alreadyPresent: false,
    };
  }

  private async planRow(row: Extract<ParsedRow, { kind: 'plans' }>): Promise<Planned> {
    const v = row.values;
    const year = v.scope === 'year' ? v.year : undefined;
    if (v.scope === 'year' && year === undefined) throw new RowRefused('year', 'a year plan names its year');
    if (v.scope === 'period' && !v.period) throw new RowRefused('period', 'a period plan names its period, e.g. 2021-2025');
    const start = year !== undefined ? `${year}-01-01` : `${v.period!.slice(0, 4)}-01-01`;
    if (year !== undefined && v.period && (year < Number(v.period.slice(0, 4)) || year > Number(v.period.slice(5)))) {
      throw new RowRefused('year', `${year} is not in the period ${v.period}`, String(year));
    }
    const map: MapVersion = unitRegistry.mapInForceOn(start);
    const known = v.unitCode.length === 2 ? unitRegistry.findProvince(v.unitCode, map) : map === '2025-03' ? unitRegistry.findDistrict(v.unitCode) : undefined;
    if (!known) throw new RowRefused('unit_code', `no province or district ${v.unitCode} on the ${map} map, in force on ${start}`, v.unitCode);
    if (!mayPlanFor(this.principal, v.unitCode, map)) throw new RowRefused('unit_code', `unit ${this.principal.unit} may not plan for ${v.unitCode}`, v.unitCode);
    const targets = {
      standard: v.standardCommunes, standardPercent: v.standardPercent, advanced: v.advancedCommunes, advancedPercent: v.advancedPercent,
      model: v.modelCommunes, modelPercent: v.modelPercent, averageCriteria: v.averageCriteria, floorCriteria: v.floorCriteria,
    };
    for (const level of ['standard', 'advanced', 'model'] as const) {
      if (targets[level] !== undefined && targets[`${level}Percent`] !== undefined) throw new RowRefused(`${level}_percent`, `give ${level} as communes or as a percentage, not both`);
    }
    const given = Object.fromEntries(Object.entries(targets).filter(([, x]) => x !== undefined));
    if (Object.keys(given).length === 0) throw new RowRefused(null, 'a plan row names at least one target');
    const key = `plan|${v.unitCode}|${map}|${year ?? v.period}|${JSON.stringify(given)}`;
    const stream = planStream(v.unitCode, year ?? v.period!, map);
    const eventId = deterministicEventId(`import:${key}`, 0);
    let ids = this.plans.get(stream);
    if (!ids) this.plans.set(stream, (ids = new Set((await readWholeStream(this.store, stream)).map((e) => e.id))));
    if (ids.has(eventId)) return { kind: 'plans', source: row.source, key, stream, events: [], also: [], alreadyPresent: true };
    ids.add(eventId);
    const metadata = this.metadata(key, row.source, startOfDay(start));
    const event: NewEvent =
      year !== undefined
        ? { id: eventId, type: 'PlanRecorded', data: { unitCode: v.unitCode, unitMap: map, year, targetsAre: 'additions', targets: given }, metadata }
        : { id: eventId, type: 'PeriodPlanRecorded', data: { unitCode: v.unitCode, unitMap: map, period: v.period, targets: given }, metadata };
    return { kind: 'plans', source: row.source, key, stream, events: [event], also: [], alreadyPresent: false };
  }
}

function levelOf(level: string): RecognitionLevel {
  if (!(RECOGNITION_LEVELS as readonly string[]).includes(level)) throw new RowRefused('level', `unknown level "${level}"`, level);
  return level as RecognitionLevel;
}

function dateOf(row: ParsedRow): string {
  switch (row.kind) {
    case 'recognitions':
    case 'revocations':
      return row.values.decisionDate;
    case 'assessments':
      return row.values.assessedOn ?? `${row.values.year}-12-31`;
    case 'plans':
      return row.values.year !== undefined ? `${row.values.year}-01-01` : `${row.values.period?.slice(0, 4) ?? '0000'}-01-01`;
    default:
      return '';
  }
}

function problemOf(row: ParsedRow, err: unknown): ImportProblem {
  const at = { file: row.source.file, sheet: row.source.sheet, row: row.source.row };
  if (err instanceof RowRefused) return { ...at, column: err.column, rule: err.rule, ...(err.value !== undefined ? { value: err.value } : {}) };
  if (err instanceof DomainError) {
    const problems = (err.details as { problems?: { field: string; rule: string }[] }).problems;
    const first = problems?.[0];
    return { ...at, column: first ? columnOf(first.field) : null, rule: `${err.code}: ${err.message}` };
  }
  if (err instanceof ProblemException) return { ...at, column: null, rule: `${err.code}: ${err.message}` };
  throw err;
}

/** A command field named in a domain refusal, as the file's column. */
function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^metadata\./, '');
}

function kindOfSheet(sheet: string | null): ImportKind | null {
  const kind = sheet === null ? null : kindOfSheetName(sheet);
  return kind === 'instructions' ? null : kind;
}

function emptyCounts(): Record<ImportKind, ImportCounts> {
  return Object.fromEntries(IMPORT_KINDS.map((k) => [k, { rows: 0, valid: 0, invalid: 0, alreadyPresent: 0, written: 0 }])) as Record<ImportKind, ImportCounts>;
}

function sum(all: ImportCounts[]): ImportCounts {
  return all.reduce((a, b) => ({ rows: a.rows + b.rows, valid: a.valid + b.valid, invalid: a.invalid + b.invalid, alreadyPresent: a.alreadyPresent + b.alreadyPresent, written: a.written + b.written }));
}

function rank(stream: string): number {
  return stream.startsWith('dossierslot-') ? 1 : 0;
}

function normalise(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/^(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+/u, '').trim();
}

/** The command metadata a decider sees for an imported row: its business time and the importer. */
function commandMetadataOf(m: EventMetadata): CommandMetadata {
  return { now: m.occurredAt, actor: { id: m.actor.id, role: m.actor.role as CommandMetadata['actor']['role'], unit: m.actor.unit }, reason: m.reason };
}
