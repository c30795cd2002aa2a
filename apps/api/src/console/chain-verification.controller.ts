import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { linkBreak } from '@app/event-store';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import { DossierRepository, Jurisdiction, placeOf } from '@app/workflow';

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class ChainVerificationController {
  constructor(
    private readonly dossiers: DossierRepository,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Get(':id/chain-verification')
  @ApiOperation({ summary: "Recomputes one dossier's hash chain from its stored events: intact, or the first broken link" })
  async verify(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    const { state, events } = await this.dossiers.load(id);
    if (state.status === 'unregistered') throw new ProblemException(404, 'DOSSIER.NOT_FOUND', `dossier ${id} is not registered`);
    this.jurisdiction.assertCovers(p, placeOf(state));
    let tail: { revision: number; hash: string } | null = null;
    for (const e of events) {
      const reason = linkBreak(e, tail);
      if (reason) return { dossierId: id, events: events.length, intact: false, brokenAt: { revision: e.revision, reason }, lastHash: null, verifiedAt: new Date().toISOString() };
      tail = e;
    }
    return { dossierId: id, events: events.length, intact: true, brokenAt: null, lastHash: tail?.hash ?? null, verifiedAt: new Date().toISOString() };
  }
}
