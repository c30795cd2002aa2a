import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unitRegistry } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import { AssessCommuneCommand, Jurisdiction, loadCommune } from '@app/workflow';
import { CommuneAssessmentDto } from '../dossiers/dossier.dto';
import { CommandEndpoint } from '../http/command-endpoint';

@ApiTags('communes')
@ApiBearerAuth()
@Controller('communes')
export class CommunesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly endpoint: CommandEndpoint,
    private readonly jurisdiction: Jurisdiction,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post(':code/assessments')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: "Record the province's yearly assessment of every criterion of a commune (dossier or not)",
    description: 'Roles: coordination_office, verifying_officer, within the commune\'s province. Errors: 400 REQUEST.INVALID; 403; 422 COMMUNE.UNKNOWN_COMMUNE, COMMUNE.INCOMPLETE_ASSESSMENT (every criterion of the set is required), COMMUNE.UNKNOWN_CRITERION.',
  })
  assess(@Param('code') code: string, @Body() b: CommuneAssessmentDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const results = Object.fromEntries(b.results.map((r) => [r.code, { met: r.met }]));
    return this.endpoint.run(req, res, p, `AssessCommuneCriteria ${code}`, b, (ctx) =>
      this.bus.execute(new AssessCommuneCommand({ communeCode: code, year: b.year, assessedOn: b.assessedOn, level: b.level, results }, ctx)),
    200);
  }

  @Get(':code')
  @ApiOperation({ summary: "A commune's yearly assessments and recognitions as its stream records them" })
  async get(@Param('code') code: string, @CurrentPrincipal() p: Principal) {
    const commune = unitRegistry.findCommune(code) ?? unitRegistry.findCommune(code, '2025-03');
    if (!commune) throw new ProblemException(404, 'COMMUNE.NOT_FOUND', `no commune ${code}`);
    this.jurisdiction.assertCovers(p, { communeCode: commune.code, provinceCode: commune.provinceCode, districtCode: commune.districtCode ?? null, map: commune.map });
    const { state, revision } = await loadCommune(this.store, code);
    return { commune, revision, ...state };
  }
}
