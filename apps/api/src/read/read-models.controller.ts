import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unitRegistry, vietnamDate } from '@app/domain';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import { ReadModels, type Scope } from '@app/projections';
import { Jurisdiction, RecordPlanCommand } from '@app/workflow';
import { CommandEndpoint } from '../http/command-endpoint';
import { AsOfDto, AuditQueryDto, DossierListDto, PlanDto, StatisticsDto } from './read.dto';

export function scopeOf(p: Principal): Scope {
  return p.role === 'auditor' || p.role === 'administrator' ? { kind: 'all' } : { kind: 'unit', unit: p.unit };
}

function assertUnitVisible(p: Principal, unit: string): void {
  const scope = scopeOf(p);
  if (scope.kind === 'all' || unit === scope.unit) return;
  // A province officer may read the (pre-2025) districts of the province.
  if (scope.unit.length === 2 && unit.length === 3 && unitRegistry.findDistrict(unit)?.provinceCode === scope.unit) return;
  throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${p.unit} may not read unit ${unit}`, { unit: p.unit });
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
  ) {}

  @Get('dossiers')
  @ApiOperation({ summary: 'Dossier status: filter by unit, status, level, period; paged and sorted', description: 'Every role sees its own unit; auditors and administrators see all.' })
  dossiers(@Query() q: DossierListDto, @CurrentPrincipal() p: Principal) {
    return this.reads.dossiers(scopeOf(p), q);
  }

  @Get('appraisal-queue')
  @ApiOperation({ summary: "The council's queue: dossiers awaiting appraisal in the member's province, with criteria, evidence, consultation, votes" })
  queue(@CurrentPrincipal() p: Principal) {
    return this.reads.appraisalQueue(scopeOf(p));
  }

  @Get('audit-trail')
  @ApiOperation({ summary: 'Every event with actor, role, unit, time, reason, revision, global position and hash; by dossier or unit, actor and time range' })
  audit(@Query() q: AuditQueryDto, @CurrentPrincipal() p: Principal) {
    return this.reads.audit(scopeOf(p), q);
  }

  @Get('communes/:code/standing')
  @ApiOperation({ summary: "A commune's recognised level, since when, by which decision; latest criteria met; open dossiers — now or as of a date" })
  async standing(@Param('code') code: string, @Query() q: AsOfDto, @CurrentPrincipal() p: Principal) {
    const asOf = q.asOf ?? vietnamDate(new Date());
    const standing = await this.reads.communeStanding(code, asOf);
    const commune = unitRegistry.findCommune(code, standing.map);
    if (!commune) throw new ProblemException(404, 'COMMUNE.NOT_FOUND', `no commune ${code} in the ${standing.map} map`);
    this.jurisdiction.assertCovers(p, { communeCode: code, provinceCode: commune.provinceCode, districtCode: commune.districtCode ?? null, map: commune.map });
    return { name: commune.name, ...standing };
  }

  @Get('statistics/:unitCode')
  @ApiOperation({ summary: 'Province (or pre-2025 district) statistics as reports state them, against the plan; now or as of a date' })
  statistics(@Param('unitCode') unitCode: string, @Query() q: StatisticsDto, @CurrentPrincipal() p: Principal) {
    if (!/^\d{2,3}$/.test(unitCode)) throw new ProblemException(400, 'REQUEST.INVALID', 'unitCode must be a province (2 digits) or district (3 digits) code', { errors: [{ field: 'unitCode', rules: ['2 or 3 digits'] }] });
    assertUnitVisible(p, unitCode);
    return this.reads.statistics(unitCode, q.asOf ?? vietnamDate(new Date()), q.below);
  }

  @Post('plans')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({ summary: "Record a unit's plan for a year: communes recognised per level by year end, average criteria per commune", description: 'Roles: coordination_office (own province), administrator.' })
  plan(@Body() b: PlanDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const targets = { standard: b.standard, advanced: b.advanced, model: b.model, averageCriteria: b.averageCriteria };
    return this.endpoint.run(req, res, p, `RecordPlan ${b.unitCode} ${b.year}`, b, (ctx) => this.bus.execute(new RecordPlanCommand({ unitCode: b.unitCode, year: b.year, targets }, ctx)), 200);
  }
}
