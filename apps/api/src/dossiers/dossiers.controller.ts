import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { instanceToPlain } from 'class-transformer';
import type { Request, Response } from 'express';
import { DOSSIER_COMMAND_ROLES, type CriterionResults, type DossierCommandType, type DossierState } from '@app/domain';
import { CurrentPrincipal, ProblemException, type Principal } from '@app/platform';
import {
  DossierRepository,
  foldDossier,
  ExecuteDossierCommand,
  Jurisdiction,
  placeOf,
  RegisterDossierCommand,
  type DossierCommandInput,
} from '@app/workflow';
import { CommandEndpoint } from '../http/command-endpoint';
import * as dto from './dossier.dto';
import { StateAtDto } from '../read/read.dto';
import { ReadModels } from '@app/projections';

type Data<T extends DossierCommandType> = Extract<DossierCommandInput, { type: T }>['data'];

const rolesOf = (type: DossierCommandType) => `Roles: ${DOSSIER_COMMAND_ROLES[type].join(', ')}.`;
const ERRORS = 'Errors (application/problem+json with a stable `code`): 400 REQUEST.INVALID naming each field; 401; 403 AUTH.ROLE_NOT_ALLOWED / AUTH.OUTSIDE_JURISDICTION; 404 DOSSIER.NOT_FOUND; 409 DOSSIER.WRONG_STATE with currentStatus; 412 DOSSIER.STALE_REVISION with currentRevision; 422 domain rule (e.g. DOSSIER.NOT_ELIGIBLE listing every unmet item); 428 IDEMPOTENCY.KEY_REQUIRED.';

function toResults(results: dto.CriterionResultDto[]): CriterionResults {
  const out: CriterionResults = {};
  for (const r of results) {
    if (out[r.code]) throw new ProblemException(400, 'REQUEST.INVALID', `criterion ${r.code} appears twice`, { errors: [{ field: 'results', rules: [`${r.code} appears twice`] }] });
    out[r.code] = { met: r.met, indicators: r.indicators, evidence: r.evidence };
  }
  return out;
}

@ApiTags('dossiers')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per command; a retry with the same key returns the first answer and writes nothing' })
@ApiHeader({ name: 'If-Match', required: false, description: 'The dossier revision the client saw (ETag of GET /dossiers/:id)' })
@Controller('dossiers')
export class DossiersController {
  constructor(
    private readonly bus: CommandBus,
    private readonly endpoint: CommandEndpoint,
    private readonly dossiers: DossierRepository,
    private readonly jurisdiction: Jurisdiction,
    private readonly reads: ReadModels,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a commune for a recognition level and target year', description: `${rolesOf('RegisterDossier')} ${ERRORS} 409 DOSSIER.OPEN_DOSSIER_EXISTS; 422 DOSSIER.UNKNOWN_COMMUNE, DOSSIER.PREREQUISITE_LEVEL_MISSING.` })
  @ApiResponse({ status: 201, description: 'Registered; Location names the dossier' })
  async register(@Body() body: dto.RegisterDossierDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (body.communeCode !== undefined && body.districtCode !== undefined) {
      throw new ProblemException(400, 'REQUEST.INVALID', 'give communeCode or districtCode, not both', { errors: [{ field: 'communeCode|districtCode', rules: ['exactly one is required'] }] });
    }
    return this.endpoint.run(req, res, p, 'RegisterDossier', body, async (ctx) => {
      const r = await this.bus.execute(new RegisterDossierCommand({ communeCode: (body.communeCode ?? body.districtCode)!, level: body.level, targetYear: body.targetYear }, ctx));
      return { ...r, location: `/dossiers/${r.dossierId}` };
    }, 201);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The dossier as it stands now, rebuilt from its stream; ETag is its revision', description: 'Any role within its jurisdiction; auditors everywhere.' })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
    const { state, revision } = await this.dossiers.load(id);
    this.assertVisible(id, state, p);
    res.setHeader('ETag', `"${revision}"`);
    return { dossierId: id, revision, ...state };
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The audit trail of one dossier: who did what, when, why, with revision, global position and hash' })
  async history(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    await this.visible(id, p);
    return this.reads.audit({ kind: 'all' }, { dossierId: id, limit: 10_000, offset: 0 });
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'The dossier exactly as it stood at a time (?at=ISO instant) or after a revision (?revision=N), rebuilt from its stream' })
  async stateAt(@Param('id', ParseUUIDPipe) id: string, @Query() q: StateAtDto, @CurrentPrincipal() p: Principal) {
    if ((q.at === undefined) === (q.revision === undefined)) {
      throw new ProblemException(400, 'REQUEST.INVALID', 'give exactly one of ?at= or ?revision=', { errors: [{ field: 'at|revision', rules: ['exactly one is required'] }] });
    }
    // One read: jurisdiction is judged on the dossier as it is now, the answer is the same events cut.
    const now = await this.dossiers.load(id);
    this.assertVisible(id, now.state, p);
    const { state, revision, events } = foldDossier(now.events, { at: q.at, revision: q.revision });
    return { dossierId: id, asOf: q.at ?? null, revision, lastEventAt: events.length ? events[events.length - 1].metadata.occurredAt : null, ...state };
  }

  private async visible(id: string, p: Principal): Promise<void> {
    this.assertVisible(id, (await this.dossiers.load(id)).state, p);
  }

  private assertVisible(id: string, state: DossierState, p: Principal): void {
    if (state.status === 'unregistered') throw new ProblemException(404, 'DOSSIER.NOT_FOUND', `dossier ${id} is not registered`);
    this.jurisdiction.assertCovers(p, placeOf(state));
  }

  @Post(':id/criterion-results')
  @ApiOperation({ summary: 'Record or revise criterion results (until submission)', description: `${rolesOf('RecordCriterionResults')} ${ERRORS}` })
  criteria(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.RecordCriterionResultsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RecordCriterionResults', id, b, { dossierId: id, results: toResults(b.results) });
  }

  @Post(':id/public-consultation')
  @ApiOperation({ summary: 'Record the public consultation and satisfaction survey', description: `${rolesOf('RecordPublicConsultation')} ${ERRORS}` })
  consultation(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.RecordPublicConsultationDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RecordPublicConsultation', id, b, {
      dossierId: id, period: b.period, announcements: b.announcements, writtenComments: b.writtenComments, satisfactionSurvey: b.satisfactionSurvey ?? null,
    });
  }

  @Post(':id/recognition-conditions')
  @ApiOperation({ summary: 'Declare construction debt, security-area status and plan registration', description: `${rolesOf('DeclareRecognitionConditions')} ${ERRORS}` })
  conditions(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.DeclareRecognitionConditionsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'DeclareRecognitionConditions', id, b, {
      dossierId: id, hasConstructionDebt: b.hasConstructionDebt, isComplexSecurityArea: b.isComplexSecurityArea, registeredInPlan: b.registeredInPlan ?? null, evidence: b.evidence,
      lowestCommuneSatisfactionPercent: b.lowestCommuneSatisfactionPercent ?? null,
    });
  }

  @Post(':id/submission-for-verification')
  @ApiOperation({ summary: 'Submit the dossier for verification (refused listing every unmet item)', description: `${rolesOf('SubmitForVerification')} ${ERRORS}` })
  submitForVerification(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.DocumentsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'SubmitForVerification', id, b, { dossierId: id, documents: b.documents });
  }

  @Post(':id/verification')
  @ApiOperation({ summary: 'Verification passed, with findings', description: `${rolesOf('VerifyDossier')} ${ERRORS}` })
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.VerifyDossierDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'VerifyDossier', id, b, { dossierId: id, findings: b.findings });
  }

  @Post(':id/verification-return')
  @ApiOperation({ summary: 'Return the dossier to the commune for revision', description: `${rolesOf('ReturnDossierForRevision')} ${ERRORS}` })
  returnForRevision(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ReasonsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ReturnDossierForRevision', id, b, { dossierId: id, reasons: b.reasons });
  }

  @Post(':id/submission-for-appraisal')
  @ApiOperation({ summary: 'Submit the verified dossier to the province for appraisal', description: `${rolesOf('SubmitForAppraisal')} ${ERRORS}` })
  submitForAppraisal(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.OptionalDocumentsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'SubmitForAppraisal', id, b, { dossierId: id, documents: b.documents });
  }

  @Post(':id/supplement-request')
  @ApiOperation({ summary: 'Request a supplement once, listing everything missing', description: `${rolesOf('RequestSupplement')} ${ERRORS}` })
  requestSupplement(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.RequestSupplementDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RequestSupplement', id, b, { dossierId: id, items: b.items });
  }

  @Post(':id/supplement')
  @ApiOperation({ summary: 'Provide the requested supplement', description: `${rolesOf('ProvideSupplement')} ${ERRORS}` })
  provideSupplement(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ProvideSupplementDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ProvideSupplement', id, b, { dossierId: id, documents: b.documents, criterionEvidence: b.criterionEvidence, note: b.note ?? null });
  }

  @Post(':id/council')
  @ApiOperation({ summary: 'Convene the appraisal council for a round (chair and members)', description: `${rolesOf('ConveneAppraisalCouncil')} ${ERRORS}` })
  convene(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ConveneCouncilDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ConveneAppraisalCouncil', id, b, { dossierId: id, chair: b.chair, members: b.members, reason: b.reason ?? null });
  }

  @Post(':id/votes')
  @ApiOperation({ summary: 'Cast my council vote for this round (once)', description: `${rolesOf('CastCouncilVote')} ${ERRORS} 422 DOSSIER.ALREADY_VOTED, DOSSIER.NOT_A_COUNCIL_MEMBER.` })
  vote(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.CastVoteDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'CastCouncilVote', id, b, { dossierId: id, vote: b.vote, comment: b.comment });
  }

  @Post(':id/vote-changes')
  @ApiOperation({ summary: 'Change my vote, with a reason (supersedes the earlier one)', description: `${rolesOf('ChangeCouncilVote')} ${ERRORS}` })
  changeVote(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ChangeVoteDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ChangeCouncilVote', id, b, { dossierId: id, vote: b.vote, comment: b.comment, reason: b.reason });
  }

  @Post(':id/appraisal-conclusion')
  @ApiOperation({ summary: "Conclude the appraisal by the pack's voting rule and quorum", description: `${rolesOf('ConcludeAppraisal')} ${ERRORS} 422 DOSSIER.QUORUM_NOT_MET.` })
  conclude(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.EmptyCommandDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ConcludeAppraisal', id, b, { dossierId: id });
  }

  @Post(':id/recognition-decision')
  @ApiOperation({ summary: "Record the provincial chairperson's recognition decision", description: `${rolesOf('RecordRecognitionDecision')} ${ERRORS}` })
  recognise(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.DecisionDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RecordRecognitionDecision', id, b, { dossierId: id, decisionNo: b.decisionNo, decisionDate: b.decisionDate, signer: b.signer });
  }

  @Post(':id/rejection-decision')
  @ApiOperation({ summary: 'Record the rejection after a negative appraisal', description: `${rolesOf('RecordRejectionDecision')} ${ERRORS}` })
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ReasonsDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RecordRejectionDecision', id, b, { dossierId: id, reasons: b.reasons });
  }

  @Post(':id/withdrawal')
  @ApiOperation({ summary: 'Withdraw the dossier before a decision', description: `${rolesOf('WithdrawDossier')} ${ERRORS}` })
  withdraw(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.WithdrawDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'WithdrawDossier', id, b, { dossierId: id, reason: b.reason });
  }

  @Post(':id/monitoring-reviews')
  @ApiOperation({ summary: 'Record a yearly monitoring review; the revocation rule is applied to its failing criteria', description: `${rolesOf('RecordMonitoringReview')} ${ERRORS}` })
  review(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.MonitoringReviewDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RecordMonitoringReview', id, b, { dossierId: id, year: b.year, reviewedOn: b.reviewedOn, failingCriteria: b.failingCriteria });
  }

  @Post(':id/revocation-proposal')
  @ApiOperation({ summary: 'Propose revocation citing grounds found by the latest review', description: `${rolesOf('ProposeRevocation')} ${ERRORS} 422 DOSSIER.NO_REVOCATION_GROUNDS.` })
  propose(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.ProposeRevocationDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'ProposeRevocation', id, b, { dossierId: id, grounds: b.grounds, explanation: b.explanation });
  }

  @Post(':id/revocation-proposal-dismissal')
  @ApiOperation({ summary: 'Dismiss a revocation proposal', description: `${rolesOf('DismissRevocationProposal')} ${ERRORS}` })
  dismiss(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.DismissProposalDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'DismissRevocationProposal', id, b, { dossierId: id, reason: b.reason });
  }

  @Post(':id/revocation-decision')
  @ApiOperation({ summary: "Record the provincial chairperson's revocation decision", description: `${rolesOf('RevokeRecognition')} ${ERRORS}` })
  revoke(@Param('id', ParseUUIDPipe) id: string, @Body() b: dto.RevokeDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.exec(req, res, p, 'RevokeRecognition', id, b, { dossierId: id, decisionNo: b.decisionNo, decisionDate: b.decisionDate, signer: b.signer, grounds: b.grounds });
  }

  private exec<T extends Exclude<DossierCommandType, 'RegisterDossier'>>(req: Request, res: Response, p: Principal, type: T, id: string, body: dto.CommandBaseDto, data: Data<T>) {
    // Validated DTOs are class instances; events hold plain JSON only.
    const plain = instanceToPlain(data) as Data<T>;
    return this.endpoint.run(req, res, p, `${type} ${id}`, body, (ctx) => this.bus.execute(new ExecuteDossierCommand({ type, data: plain } as DossierCommandInput, ctx)), 200);
  }
}
