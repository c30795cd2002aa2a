import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { criteriaSetFor, isCalendarDate, packForDate, unitRegistry, vietnamDate, type MapVersion, type MergerPolicy, type Province } from '@app/domain';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import { ReadModels, unitReach, type Scope } from '@app/projections';
import { CLOCK, Jurisdiction, RecordPlanCommand, RegulationOverrides, type Clock } from '@app/workflow';
import { CommandEndpoint } from '../http/command-endpoint';
import { AsOfDto, AuditQueryDto, DossierListDto, PlanDto, StatisticsDto, StatisticsExportDto } from './read.dto';
import { communeRows, exportRows, summaryRows } from './report-export';

/** What a principal reads: everything (auditors, administrators) or its unit's files on the map in force today. */
export function scopeOf(p: Principal, today: string): Scope {
  return p.role === 'auditor' || p.role === 'administrator' ? { kind: 'all' } : { kind: 'unit', unit: p.unit, at: today };
}

/** A province or district a principal may see statistics of: its own, or on the March 2025 map one it was made of or contains. */
function assertUnitVisible(p: Principal, unit: string, today: string): void {
  const scope = scopeOf(p, today);
  if (scope.kind === 'all') return;
  const reach = unitReach(scope.unit, today);
  const ok = reach.some((r) => {
    if (r.column === 'province_code') {
      if (r.codes.includes(unit)) return true;
      // A province officer may read the (pre-2025) districts of the province, or of the provinces it was made of.
      return unit.length === 3 && r.map === '2025-03' && r.codes.includes(unitRegistry.findDistrict(unit)?.provinceCode ?? '');
    }
    return r.column === 'district_code' && r.codes.includes(unit);
  });
  if (!ok) throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${p.unit} may not read unit ${unit}`, { unit: p.unit });
}

function asOfDate(value: string | undefined, today: string): string {
  const asOf = value ?? today;
  if (!isCalendarDate(asOf)) throw new ProblemException(400, 'REQUEST.INVALID', 'asOf must be a calendar date', { errors: [{ field: 'asOf', rules: ['a calendar date YYYY-MM-DD'] }] });
  if (asOf < '2009-04-16') throw new ProblemException(422, 'STATISTICS.BEFORE_PROGRAMME', 'no national criteria set applies before 16 April 2009', { field: 'asOf' });
  return asOf;
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ReadModelsController {
  constructor(
    private readonly reads: ReadModels,
    private readonly jurisdiction: Jurisdiction,
    private readonly bus: CommandBus,
    private readonly endpoint: CommandEndpoint,
    private readonly overrides: RegulationOverrides,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  @Get('dossiers')
  @ApiOperation({ summary: 'Dossier status: filter by unit, status, level, period; paged and sorted', description: 'Every role sees its own unit (with the files of the units it was made of in July 2025); auditors and administrators see all.' })
  dossiers(@Query() q: DossierListDto, @CurrentPrincipal() p: Principal) {
    return this.reads.dossiers(scopeOf(p, this.today()), q);
  }

  @Get('appraisal-queue')
  @ApiOperation({ summary: "The council's queue: dossiers awaiting appraisal in the member's province, with criteria, evidence, consultation, votes" })
  queue(@CurrentPrincipal() p: Principal) {
    return this.reads.appraisalQueue(scopeOf(p, this.today()));
  }

  @Get('audit-trail')
  @ApiOperation({ summary: 'Every event with actor, role, unit, business time (occurredAt) and record time (recordedAt), reason, revision, global position, hash and import source' })
  audit(@Query() q: AuditQueryDto, @CurrentPrincipal() p: Principal) {
    return this.reads.audit(scopeOf(p, this.today()), q);
  }

  @Get('communes/:code/standing')
  @ApiOperation({
    summary: "A commune's recognised level on a date, since when, by which decision or by its predecessors under the province's merger policy; latest criteria met; open dossiers",
  })
  async standing(@Param('code') code: string, @Query() q: AsOfDto, @CurrentPrincipal() p: Principal) {
    const asOf = asOfDate(q.asOf, this.today());
    const map = unitRegistry.mapInForceOn(asOf);
    const commune = unitRegistry.findCommune(code, map);
    if (!commune) throw new ProblemException(404, 'COMMUNE.NOT_FOUND', `no commune ${code} in the ${map} map`);
    this.jurisdiction.assertCovers(p, { communeCode: code, provinceCode: commune.provinceCode, districtCode: commune.districtCode ?? null, map: commune.map }, this.clock.now());
    const standing = await this.reads.communeStanding(code, asOf, this.policyOf(commune.provinceCode, map), this.criteriaSetOn(asOf, commune.provinceCode));
    return { name: commune.name, ...standing };
  }

  @Get('statistics/:unitCode')
  @ApiOperation({
    summary: 'A province (or pre-July-2025 district) report as provinces state it, on any date: communes per level (count, %), average criteria over the date’s set, communes below a floor, progress against the period’s and the year’s plans, per district before July 2025',
  })
  async statistics(@Param('unitCode') unitCode: string, @Query() q: StatisticsDto, @CurrentPrincipal() p: Principal) {
    const { communeList: _list, ...report } = await this.report(unitCode, q, p);
    return report;
  }

  @Get('statistics/:unitCode/communes')
  @ApiOperation({ summary: 'The communes behind the statistics, each with its standing, basis, decision and latest assessment' })
  async communes(@Param('unitCode') unitCode: string, @Query() q: StatisticsDto, @CurrentPrincipal() p: Principal) {
    const report = await this.report(unitCode, q, p);
    return { unitCode: report.unitCode, asOf: report.asOf, map: report.map, criteriaSet: report.criteriaSet, communes: report.communeList };
  }

  @Get('statistics/:unitCode/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The statistics table (table=summary) or the commune list (table=communes) as CSV or XLSX' })
  async export(@Param('unitCode') unitCode: string, @Query() q: StatisticsExportDto, @CurrentPrincipal() p: Principal, @Res() res: Response) {
    const report = await this.report(unitCode, q, p);
    const rows = q.table === 'communes' ? communeRows(report) : summaryRows(report);
    const body = await exportRows(rows, q.format, q.table === 'communes' ? 'Danh sách xã' : 'Thống kê');
    const name = `ntm-${unitCode}-${report.asOf}-${q.table}.${q.format}`;
    res
      .status(200)
      .type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="${name}"`)
      .send(body);
  }

  @Post('plans')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: "Record a unit's plan for a year (communes per level by the year's end, or newly recognised that year) or for a whole programme period; per level as communes or %, average criteria, a floor",
    description: 'Roles: coordination_office (own province), administrator.',
  })
  plan(@Body() b: PlanDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { unitCode, unitMap, year, period, targetsAre, reason: _reason, ...targets } = b;
    return this.endpoint.run(req, res, p, `RecordPlan ${unitCode} ${year ?? period}`, b, (ctx) =>
      this.bus.execute(new RecordPlanCommand({ unitCode, unitMap, year, period, targetsAre, targets }, ctx)), 200);
  }

  private async report(unitCode: string, q: StatisticsDto, p: Principal) {
    if (!/^\d{2,3}$/.test(unitCode)) {
      throw new ProblemException(400, 'REQUEST.INVALID', 'unitCode must be a province (2 digits) or district (3 digits) code', { errors: [{ field: 'unitCode', rules: ['2 or 3 digits'] }] });
    }
    const today = this.today();
    const asOf = asOfDate(q.asOf, today);
    assertUnitVisible(p, unitCode, today);
    const map = unitRegistry.mapInForceOn(asOf);
    const province: Province | undefined = unitCode.length === 2 ? unitRegistry.findProvince(unitCode, map) : undefined;
    const district = unitCode.length === 3 && map === '2025-03' ? unitRegistry.findDistrict(unitCode) : undefined;
    if (!province && !district) throw new ProblemException(404, 'STATISTICS.UNKNOWN_UNIT', `no province or district ${unitCode} in the ${map} map (in force on ${asOf})`, { unitCode, map });
    const provinceCode = province?.code ?? district!.provinceCode;
    return this.reads.statistics(unitCode, asOf, { below: q.below, policy: this.policyOf(provinceCode, map), criteriaSet: this.criteriaSetOn(asOf, provinceCode) });
  }

  /** The merger policy of the province a unit of `map` belongs to now (a March 2025 province: the one it went into). */
  private policyOf(provinceCode: string, map: MapVersion): MergerPolicy {
    return this.overrides.mergerPolicy(provinceCode, map);
  }

  /** The commune standard set in force on a date for a province: the one averages are taken over. */
  private criteriaSetOn(asOf: string, provinceCode: string) {
    const pack = packForDate(asOf, { province: provinceCode, settingsOf: this.overrides.settingsOf(provinceCode, unitRegistry.mapInForceOn(asOf)) });
    const set = criteriaSetFor(pack, 'standard', 'commune');
    return { code: set.code, total: set.criteria.length };
  }
}
