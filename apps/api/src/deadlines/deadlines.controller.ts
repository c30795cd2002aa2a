import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RECOGNITION_LEVELS, daysLeft, isRevocationDue, unitRegistry, vietnamDate } from '@app/domain';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import { ReadModels } from '@app/projections';
import { CLOCK, DeadlineRules, DossierRepository, Jurisdiction, type Clock } from '@app/workflow';
import { scopeOf } from '../read/read-models.controller';
import { DeadlineBoardDto, NextDeadlineDto } from './deadlines.dto';


@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(
    private readonly reads: ReadModels,
    private readonly rules: DeadlineRules,
    private readonly dossiers: DossierRepository,
    private readonly jurisdiction: Jurisdiction,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('deadlines')
  @ApiOperation({
    summary: 'Deadlines due soon and overdue, earliest first (overdue first): by unit, kind and the role that must act',
    description:
      'Every role sees its own unit; auditors and administrators see all. Each item says what happens if the deadline is missed, whether the timer has recorded it as passed, and whether the dossier is flagged revocation due.',
  })
  board(@Query() q: DeadlineBoardDto, @CurrentPrincipal() p: Principal) {
    const withinDays = q.within === undefined ? undefined : Number(q.within.slice(0, -1));
    return this.reads.deadlines(
      scopeOf(p, vietnamDate(this.clock.now())),
      { unit: q.unit, withinDays, overdue: q.overdue, kind: q.kind, role: q.role, revocationDue: q.revocationDue, limit: q.limit, offset: q.offset },
      this.clock.now(),
      this.rules.requalificationOf,
    );
  }

  @Get('communes/:code/next-deadline')
  @ApiOperation({ summary: "A commune's next deadline across its open and recognised dossiers, and what happens if it is missed; read from the streams (?map= for a code reused on the July 2025 map)" })
  async next(@Param('code') code: string, @Query() q: NextDeadlineDto, @CurrentPrincipal() p: Principal) {
    const now = this.clock.now();
    // The commune the code names on the map asked for; by default the one it names today, and a code of the March
    // 2025 map only where no commune has it now.
    const commune = q.map ? unitRegistry.findCommune(code, q.map) : (unitRegistry.findCommune(code) ?? unitRegistry.findCommune(code, '2025-03'));
    if (!commune) throw new ProblemException(404, 'COMMUNE.NOT_FOUND', `no commune ${code}${q.map ? ` on the ${q.map} map` : ''}`);
    this.jurisdiction.assertCovers(p, { communeCode: commune.code, provinceCode: commune.provinceCode, districtCode: commune.districtCode ?? null, map: commune.map }, now);
    const deadlines = [];
    for (const level of RECOGNITION_LEVELS) {
      for await (const { dossierId, state } of this.dossiers.dossiersInSlot(code, level)) {
        // The same code on the other map is another commune's file.
        if (state.status === 'unregistered' || state.dossier.unitMap !== commune.map || state.dossier.unitKind !== 'commune') continue;
        for (const d of await this.rules.deadlinesOf(state)) {
          deadlines.push({ dossierId, level, status: state.status, revocationDue: isRevocationDue(state), ...d, overdue: Date.parse(d.dueAt) < now.getTime(), daysLeft: daysLeft(d.dueAt, now) });
        }
      }
    }
    deadlines.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.kind.localeCompare(b.kind));
    return { communeCode: commune.code, name: commune.name, now: now.toISOString(), next: deadlines[0] ?? null, deadlines };
  }
}
