import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import type { VotingRule } from '../regulations';
import type { DossierEvent, Vote } from './events';
import {
  AT,
  CHAIR,
  DOSSIER_ID,
  MEMBERS,
  SUPPLEMENT_ITEMS,
  aDossierAwaitingSupplement,
  aDossierBeforeTheCouncil,
  aDossierReadyToSubmit,
  aDossierUnderAppraisal,
  aDossierWithVotes,
  aSupplementedDossier,
  appraisalCouncilConvened,
  by,
  castCouncilVote,
  changeCouncilVote,
  concludeAppraisal,
  conveneAppraisalCouncil,
  councilVoteCast,
  dossierAppraised,
  dossierRegistered,
  dossierSubmittedForAppraisal,
  dossierSubmittedForVerification,
  dossierVerified,
  pack,
  provideSupplement,
  requestSupplement,
  supplementProvided,
  supplementRequested,
} from './testing';

const given = deciderSpec(dossierDecider);
const [, TRAN, LE] = MEMBERS as [string, string, string];

describe('supplement', () => {
  it('asks once for everything missing', () => {
    given(aDossierUnderAppraisal()).when(requestSupplement()).then([supplementRequested()]);
  });

  it('may be asked after the council is convened, as long as nobody has voted', () => {
    given(aDossierBeforeTheCouncil()).when(requestSupplement()).then([supplementRequested()]);
  });

  it('refuses a second request while the first is outstanding', () => {
    given(aDossierAwaitingSupplement())
      .when(requestSupplement())
      .thenThrows('DOSSIER.SUPPLEMENT_ALREADY_REQUESTED', { dossierId: DOSSIER_ID });
  });

  it('refuses a second request after the supplement was provided', () => {
    given(aSupplementedDossier())
      .when(requestSupplement())
      .thenThrows('DOSSIER.SUPPLEMENT_ALREADY_REQUESTED', { dossierId: DOSSIER_ID });
  });

  it('refuses a request once voting has begun: the votes were cast on the dossier as it was', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(requestSupplement())
      .thenThrows('DOSSIER.VOTING_UNDER_WAY', { round: 1, votesCast: 1 });
  });

  it('refuses a request that lists nothing, or an item without a description', () => {
    given(aDossierUnderAppraisal())
      .when(requestSupplement([]))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'items' }] });
    given(aDossierUnderAppraisal())
      .when(requestSupplement([{ kind: 'other', description: ' ' }]))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'items[0].description' }] });
  });

  it('refuses evidence requests for criteria the dossier does not have', () => {
    given(aDossierUnderAppraisal())
      .when(requestSupplement([...SUPPLEMENT_ITEMS, { kind: 'criterion-evidence', ref: 'C25', description: 'Minh chứng' }]))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['C25'] });
  });

  it('takes the supplement and returns the dossier to appraisal, the new evidence added to the criterion', () => {
    given(aDossierAwaitingSupplement()).when(provideSupplement()).then([supplementProvided()]);
    given(aDossierAwaitingSupplement())
      .when(provideSupplement())
      .thenState({
        status: 'under_appraisal',
        appraisal: { supplement: 'provided' },
        record: { results: { C10: { met: true, evidence: ['evidence-C10', 'income-statistics-2023'] } } },
      });
  });

  it('takes a supplement of documents only, with a note', () => {
    given(aDossierAwaitingSupplement())
      .when(provideSupplement({ criterionEvidence: undefined, note: 'Đã ký lại biên bản' }))
      .then([
        {
          type: 'SupplementProvided',
          data: {
            dossierId: DOSSIER_ID,
            documents: [{ kind: 'proposal-minutes', ref: 'doc-proposal-minutes-signed' }],
            criterionEvidence: {},
            note: 'Đã ký lại biên bản',
            providedAt: AT.supplementProvided,
          },
        },
      ]);
  });

  it('refuses an empty supplement', () => {
    given(aDossierAwaitingSupplement())
      .when(provideSupplement({ documents: [], criterionEvidence: { C10: [] } }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'documents' }] });
  });

  it('refuses evidence for criteria the dossier does not have', () => {
    given(aDossierAwaitingSupplement())
      .when(provideSupplement({ criterionEvidence: { C31: ['x'] } }))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['C31'] });
  });
});

describe('convening the appraisal council', () => {
  it('convenes round 1 with its members and chair', () => {
    given(aDossierUnderAppraisal()).when(conveneAppraisalCouncil()).then([appraisalCouncilConvened()]);
  });

  it('counts the chair as a member and lists each member once', () => {
    given(aDossierUnderAppraisal())
      .when(conveneAppraisalCouncil({ members: [TRAN, LE, TRAN] }))
      .then([appraisalCouncilConvened({ members: [CHAIR, TRAN, LE] })]);
  });

  it('refuses a council without a chair', () => {
    given(aDossierUnderAppraisal())
      .when(conveneAppraisalCouncil({ chair: ' ' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'chair' }] });
  });

  it('reconvenes as a new round with a reason, and the earlier round’s votes no longer count', () => {
    const reconvene = conveneAppraisalCouncil({ members: [CHAIR, TRAN, 'member-pham'], reason: 'Ông Lê nghỉ công tác' }, '2024-05-27T01:00:00.000Z');
    given(aDossierWithVotes([TRAN, 'approve'], [LE, 'reject']))
      .when(reconvene)
      .then([
        appraisalCouncilConvened({
          round: 2,
          members: [CHAIR, TRAN, 'member-pham'],
          convenedAt: '2024-05-27T01:00:00.000Z',
          supersedesRound: 1,
          reason: 'Ông Lê nghỉ công tác',
        }),
      ]);
    given(aDossierWithVotes([TRAN, 'approve'], [LE, 'reject']))
      .when(reconvene)
      .thenState({ appraisal: { council: { round: 2 }, votes: {} } });
  });

  it('refuses to reconvene without a reason', () => {
    given(aDossierBeforeTheCouncil())
      .when(conveneAppraisalCouncil())
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'ConveneAppraisalCouncil' });
  });
});

describe('council votes', () => {
  it('records a member’s vote with the comment; the voter is the acting member', () => {
    given(aDossierBeforeTheCouncil())
      .when(castCouncilVote(TRAN, 'reject', 'Thu nhập chưa thuyết phục'))
      .then([councilVoteCast(TRAN, 'reject', 1, 'Thu nhập chưa thuyết phục')]);
  });

  it('lets the chair vote', () => {
    given(aDossierBeforeTheCouncil()).when(castCouncilVote(CHAIR, 'approve')).then([councilVoteCast(CHAIR, 'approve')]);
  });

  it('refuses a vote before the council is convened', () => {
    given(aDossierUnderAppraisal())
      .when(castCouncilVote(TRAN))
      .thenThrows('DOSSIER.COUNCIL_NOT_CONVENED', { command: 'CastCouncilVote' });
  });

  it('refuses a vote from someone who is not on this round’s council', () => {
    given(aDossierBeforeTheCouncil())
      .when(castCouncilVote('member-pham'))
      .thenThrows('DOSSIER.NOT_A_COUNCIL_MEMBER', { memberId: 'member-pham', round: 1 });
  });

  it('refuses a second vote by the same member in the same round', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(castCouncilVote(TRAN, 'reject'))
      .thenThrows('DOSSIER.ALREADY_VOTED', { memberId: TRAN, round: 1, vote: 'approve' });
  });

  it('lets a member vote again in a new round', () => {
    const history = [
      ...aDossierWithVotes([TRAN, 'approve']),
      appraisalCouncilConvened({ round: 2, supersedesRound: 1, reason: 'Bổ sung thành viên' }),
    ];
    given(history).when(castCouncilVote(TRAN, 'abstain')).then([councilVoteCast(TRAN, 'abstain', 2)]);
  });

  it('refuses a vote from a member dropped when the council was reconvened', () => {
    const history = [
      ...aDossierBeforeTheCouncil(),
      appraisalCouncilConvened({ round: 2, members: [CHAIR, TRAN], supersedesRound: 1, reason: 'Ông Lê nghỉ công tác' }),
    ];
    given(history).when(castCouncilVote(LE)).thenThrows('DOSSIER.NOT_A_COUNCIL_MEMBER', { memberId: LE, round: 2 });
  });

  it('changes a vote as a new fact that supersedes the earlier one, with the reason', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(changeCouncilVote(TRAN, 'reject', 'Số liệu thu nhập chưa được xác minh', 'Đề nghị xác minh'))
      .then([
        {
          type: 'CouncilVoteChanged',
          data: {
            dossierId: DOSSIER_ID,
            round: 1,
            memberId: TRAN,
            previousVote: 'approve',
            vote: 'reject',
            comment: 'Đề nghị xác minh',
            reason: 'Số liệu thu nhập chưa được xác minh',
          },
        },
      ]);
  });

  it('refuses a change without a reason', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(changeCouncilVote(TRAN, 'reject', '  '))
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'ChangeCouncilVote' });
  });

  it('refuses to change a vote that was never cast', () => {
    given(aDossierBeforeTheCouncil())
      .when(changeCouncilVote(TRAN, 'reject', 'Đổi ý'))
      .thenThrows('DOSSIER.NO_VOTE_TO_CHANGE', { memberId: TRAN, round: 1 });
  });

  it('refuses a change by someone not on the council, or before a council exists', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(changeCouncilVote('member-pham', 'reject', 'Đổi ý'))
      .thenThrows('DOSSIER.NOT_A_COUNCIL_MEMBER', { memberId: 'member-pham' });
    given(aDossierUnderAppraisal())
      .when(changeCouncilVote(TRAN, 'reject', 'Đổi ý'))
      .thenThrows('DOSSIER.COUNCIL_NOT_CONVENED', { command: 'ChangeCouncilVote' });
  });
});

describe('concluding the appraisal', () => {
  const all = (vote: Vote): [string, Vote][] => MEMBERS.map((m) => [m, vote]);

  it('approves when every member present approves (the pack’s default rule)', () => {
    given(aDossierWithVotes(...all('approve'))).when(concludeAppraisal()).then([dossierAppraised('approved')]);
  });

  it('approves with two of three present, quorum two thirds', () => {
    given(aDossierWithVotes([CHAIR, 'approve'], [TRAN, 'approve']))
      .when(concludeAppraisal())
      .then([dossierAppraised('approved', { members: 3, cast: 2, approve: 2, reject: 0, abstain: 0 })]);
  });

  it('rejects under the default rule when a member present abstains, and closes the dossier with the comments', () => {
    const history: DossierEvent[] = [
      ...aDossierBeforeTheCouncil(),
      councilVoteCast(CHAIR, 'approve'),
      councilVoteCast(TRAN, 'approve'),
      councilVoteCast(LE, 'abstain', 1, 'Chưa đủ căn cứ về môi trường'),
    ];
    given(history)
      .when(concludeAppraisal())
      .then([
        dossierAppraised('rejected', { members: 3, cast: 3, approve: 2, reject: 0, abstain: 1 }),
        {
          type: 'DossierRejected',
          data: {
            dossierId: DOSSIER_ID,
            stage: 'appraisal',
            reasons: ['Chưa đủ căn cứ về môi trường'],
            rejectedAt: AT.appraised,
            by: 'vice-chair-nguyen',
          },
        },
      ]);
    given(history).when(concludeAppraisal()).thenState({ status: 'rejected', stage: 'appraisal' });
  });

  it('counts a changed vote, not the one it superseded', () => {
    const history: DossierEvent[] = [
      ...aDossierWithVotes(...all('approve')),
      {
        type: 'CouncilVoteChanged',
        data: { dossierId: DOSSIER_ID, round: 1, memberId: LE, previousVote: 'approve', vote: 'reject', comment: 'Thu nhập', reason: 'Số liệu mới' },
      },
    ];
    given(history)
      .when(concludeAppraisal())
      .then([
        dossierAppraised('rejected', { members: 3, cast: 3, approve: 2, reject: 1, abstain: 0 }),
        {
          type: 'DossierRejected',
          data: { dossierId: DOSSIER_ID, stage: 'appraisal', reasons: ['Thu nhập'], rejectedAt: AT.appraised, by: CHAIR },
        },
      ]);
  });

  it('refuses to conclude without a quorum', () => {
    given(aDossierWithVotes([TRAN, 'approve']))
      .when(concludeAppraisal())
      .thenThrows('DOSSIER.QUORUM_NOT_MET', { round: 1, members: 3, cast: 1, required: 2, quorum: 2 / 3 });
  });

  it('refuses to conclude before the council is convened', () => {
    given(aDossierUnderAppraisal())
      .when(concludeAppraisal())
      .thenThrows('DOSSIER.COUNCIL_NOT_CONVENED', { command: 'ConcludeAppraisal' });
  });

  it('only counts the current round', () => {
    const history: DossierEvent[] = [
      ...aDossierWithVotes(...all('approve')),
      appraisalCouncilConvened({ round: 2, supersedesRound: 1, reason: 'Thay đổi thành phần hội đồng' }),
      councilVoteCast(TRAN, 'approve', 2),
    ];
    given(history)
      .when(concludeAppraisal())
      .thenThrows('DOSSIER.QUORUM_NOT_MET', { round: 2, cast: 1, required: 2 });
  });

  describe('by the voting rule the dossier registered with', () => {
    const withRule = (voting: VotingRule, ...votes: [string, Vote][]): DossierEvent[] => [
      dossierRegistered({ settings: { ...pack().settings, voting } }),
      ...aDossierReadyToSubmit().slice(1),
      dossierSubmittedForVerification(),
      dossierVerified(),
      dossierSubmittedForAppraisal(),
      appraisalCouncilConvened(),
      ...votes.map(([m, v]) => councilVoteCast(m, v)),
    ];
    const majority: VotingRule = { kind: 'majority', quorum: 0.5 };
    const twoThirds: VotingRule = { kind: 'two-thirds', quorum: 1 };

    it.each<[string, VotingRule, [string, Vote][], 'approved' | 'rejected']>([
      ['majority: 2 approve, 1 reject', majority, [[CHAIR, 'approve'], [TRAN, 'approve'], [LE, 'reject']], 'approved'],
      ['majority: 1 approve, 1 reject, 1 abstain', majority, [[CHAIR, 'approve'], [TRAN, 'reject'], [LE, 'abstain']], 'rejected'],
      ['majority: 1 approve, 1 reject', majority, [[CHAIR, 'approve'], [TRAN, 'reject']], 'rejected'],
      ['two-thirds: 2 approve, 1 reject', twoThirds, [[CHAIR, 'approve'], [TRAN, 'approve'], [LE, 'reject']], 'approved'],
      ['two-thirds: 1 approve, 2 abstain', twoThirds, [[CHAIR, 'approve'], [TRAN, 'abstain'], [LE, 'abstain']], 'rejected'],
    ])('%s → %s', (_name, rule, votes, outcome) => {
      const [appraised] = dossierDecider.decide(concludeAppraisal(), given(withRule(rule, ...votes)).state());
      expect(appraised).toMatchObject({ type: 'DossierAppraised', data: { outcome, rule } });
    });

    it('applies the quorum of the registered rule: two-thirds with quorum 1 needs every member', () => {
      given(withRule(twoThirds, [CHAIR, 'approve'], [TRAN, 'approve']))
        .when(concludeAppraisal())
        .thenThrows('DOSSIER.QUORUM_NOT_MET', { members: 3, cast: 2, required: 3 });
    });
  });

  it('is concluded by the chair or the office alike', () => {
    const byOffice = { ...concludeAppraisal(), metadata: by('coordination_office', AT.appraised) };
    given(aDossierWithVotes(...all('approve')))
      .when(byOffice)
      .then([dossierAppraised('approved')]);
  });
});
