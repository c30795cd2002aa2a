import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../api/client';
import type { CitedGrounds, Vote } from '../../api/types';
import { CheckboxField, DateField, SubmitButton, TextArea, TextField } from '../../components/form';
import { KeyValues, ProblemBox, Section } from '../../components/ui';
import { useCommand, type CommandState } from '../../components/useCommand';
import { formatDate, formatDateTime, formatPercent, todayVn } from '../../format';
import { lines, useDossier } from './context';
import { GroundsText, signerText } from './HistorySections';
import { findPack } from './packs';

function ActionForm<V>({ cmd, values, children, submitLabel, variant }: { cmd: CommandState<V>; values: () => V; children?: ReactNode; submitLabel: string; variant?: 'danger' | 'secondary' }) {
  return (
    <form
      className="action-form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        cmd.submit(values());
      }}
    >
      {children}
      <ProblemBox problem={cmd.problem} errors={cmd.errors} />
      <div className="form-actions">
        <SubmitButton pending={cmd.pending} variant={variant}>
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}

/** Verifier: pass the dossier with findings, or return it to the commune with reasons. */
export function VerificationSection() {
  const { t } = useTranslation();
  const { dossier, commandOptions } = useDossier();
  const [findings, setFindings] = useState('');
  const [reasons, setReasons] = useState('');
  const verify = useCommand((v: string[], o) => commands.verify(dossier.dossierId, { findings: v }, o), commandOptions);
  const giveBack = useCommand((v: string[], o) => commands.returnForRevision(dossier.dossierId, { reasons: v }, o), commandOptions);
  return (
    <Section title={t('verification.title')} id="verification">
      <p className="muted">{t('verification.hint', { date: formatDate(dossier.submittedAt) })}</p>
      <div className="two-col">
        <ActionForm cmd={verify} values={() => lines(findings)} submitLabel={t('verification.pass')}>
          <TextArea label={t('verification.findings')} value={findings} onChange={setFindings} errors={verify.errors.findings} hint={t('common.onePerLine')} rows={4} />
        </ActionForm>
        <ActionForm cmd={giveBack} values={() => lines(reasons)} submitLabel={t('verification.return')} variant="secondary">
          <TextArea label={t('verification.reasons')} value={reasons} onChange={setReasons} errors={giveBack.errors.reasons} hint={t('common.onePerLine')} rows={4} />
        </ActionForm>
      </div>
    </Section>
  );
}

export function ForwardSection() {
  const { t } = useTranslation();
  const { dossier, commandOptions } = useDossier();
  const forward = useCommand((_: null, o) => commands.submitForAppraisal(dossier.dossierId, {}, o), commandOptions);
  return (
    <Section title={t('forward.title')} id="forward">
      <KeyValues rows={[[t('forward.verifiedAt'), formatDate(dossier.verifiedAt)], [t('forward.findings'), (dossier.findings ?? []).join('; ') || '—']]} />
      <ActionForm cmd={forward} values={() => null} submitLabel={t('forward.submit')} />
    </Section>
  );
}

/** The council's composition and every vote of the current round, for everyone who may read the dossier. */
export function CouncilView() {
  const { t } = useTranslation();
  const { dossier } = useDossier();
  const a = dossier.appraisal;
  if (!a) return null;
  return (
    <Section title={t('council.title')} id="council">
      <KeyValues
        rows={[
          [t('council.submittedAt'), formatDate(a.submittedAt)],
          [t('council.supplement'), a.supplement === 'provided' ? t('council.supplementProvided', { date: formatDate(a.supplementProvidedAt) }) : t('council.supplementNone')],
          [t('council.round'), a.council ? String(a.council.round) : t('council.notConvened')],
        ]}
      />
      {a.council && (
        <table className="table">
          <caption className="sr-only">{t('council.votes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.member')}</th>
              <th scope="col">{t('council.vote')}</th>
              <th scope="col">{t('council.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {a.council.members.map((m) => {
              const v = a.votes[m];
              return (
                <tr key={m}>
                  <td>
                    {m}
                    {m === a.council!.chair && <span className="tag">{t('council.chair')}</span>}
                  </td>
                  <td>{v ? <span className={`badge vote-${v.vote}`}>{t(`vote.${v.vote}`)}</span> : <span className="muted">{t('council.notVoted')}</span>}</td>
                  <td>{v?.comment ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** Coordination office: convene the council, ask once for a supplement, conclude when the votes are in. */
export function OfficeAppraisalSection() {
  const { t } = useTranslation();
  const { dossier, commandOptions } = useDossier();
  const a = dossier.appraisal!;
  const [chair, setChair] = useState(a.council?.chair ?? '');
  const [members, setMembers] = useState((a.council?.members ?? []).join('\n'));
  const [items, setItems] = useState('');
  const convene = useCommand((v: { chair: string; members: string[] }, o) => commands.convene(dossier.dossierId, v, o), commandOptions);
  const supplement = useCommand((v: string[], o) => commands.requestSupplement(dossier.dossierId, { items: v.map((description) => ({ kind: 'other' as const, description })) }, o), commandOptions);
  const conclude = useCommand((_: null, o) => commands.conclude(dossier.dossierId, o), commandOptions);
  return (
    <Section title={t('office.title')} id="office">
      <div className="two-col">
        <ActionForm
          cmd={convene}
          values={() => {
            const list = lines(members);
            return { chair: chair.trim(), members: list.includes(chair.trim()) || !chair.trim() ? list : [chair.trim(), ...list] };
          }}
          submitLabel={a.council ? t('office.reconvene') : t('office.convene')}
        >
          <TextField label={t('office.chair')} value={chair} onChange={setChair} errors={convene.errors.chair} hint={t('office.chairHint')} />
          <TextArea label={t('office.members')} value={members} onChange={setMembers} errors={convene.errors.members} hint={t('office.membersHint')} rows={4} />
        </ActionForm>
        {dossier.status === 'under_appraisal' && a.supplement === 'not-requested' && (
          <ActionForm cmd={supplement} values={() => lines(items)} submitLabel={t('office.requestSupplement')} variant="secondary">
            <TextArea label={t('office.supplementItems')} value={items} onChange={setItems} errors={supplement.errors.items} hint={t('office.supplementHint')} rows={4} />
          </ActionForm>
        )}
      </div>
      {a.council && dossier.status === 'under_appraisal' && <ActionForm cmd={conclude} values={() => null} submitLabel={t('council.conclude')} variant="secondary" />}
    </Section>
  );
}

/** A council member's vote with a comment, once; a changed vote needs a reason. The chair also concludes. */
export function VoteSection() {
  const { t } = useTranslation();
  const { dossier, me, commandOptions } = useDossier();
  const a = dossier.appraisal!;
  const mine = a.votes[me.id];
  const [vote, setVote] = useState<Vote>(mine?.vote ?? 'approve');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  // Votes of different members never conflict: no If-Match, or a member would be refused for a colleague's vote.
  const { ifMatch: _ifMatch, ...voteOptions } = commandOptions;
  const cast = useCommand((v: { vote: Vote; comment: string }, o) => commands.vote(dossier.dossierId, v, o), voteOptions);
  const change = useCommand((v: { vote: Vote; comment: string; reason: string }, o) => commands.changeVote(dossier.dossierId, v, o), voteOptions);
  const conclude = useCommand((_: null, o) => commands.conclude(dossier.dossierId, o), commandOptions);
  const isChair = a.council?.chair === me.id;
  const cmd = mine ? change : cast;
  return (
    <Section title={t('vote.title')} id="vote">
      {mine && (
        <p className="notice" role="status">
          {t('vote.yours', { vote: t(`vote.${mine.vote}`), comment: mine.comment })}
        </p>
      )}
      <form
        className="action-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (mine) change.submit({ vote, comment, reason });
          else cast.submit({ vote, comment });
        }}
      >
        <fieldset>
          <legend>{t('vote.choice')}</legend>
          <div className="radios">
            {(['approve', 'reject', 'abstain'] as const).map((v) => (
              <label key={v} className={`radio vote-${v}`}>
                <input type="radio" name="vote" value={v} checked={vote === v} onChange={() => setVote(v)} /> {t(`vote.${v}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea label={t('vote.comment')} value={comment} onChange={setComment} errors={cmd.errors.comment} rows={3} />
        {mine && <TextField label={t('vote.changeReason')} value={reason} onChange={setReason} errors={change.errors.reason} />}
        <ProblemBox problem={cmd.problem} errors={cmd.errors} />
        <div className="form-actions">
          <SubmitButton pending={cmd.pending}>{mine ? t('vote.change') : t('vote.cast')}</SubmitButton>
        </div>
      </form>
      {isChair && (
        <div className="chair-box">
          <h3>{t('vote.chairTitle')}</h3>
          <p className="muted">{t('vote.chairHint', { cast: Object.keys(a.votes).length, members: a.council?.members.length ?? 0 })}</p>
          <ActionForm cmd={conclude} values={() => null} submitLabel={t('council.conclude')} variant="secondary" />
        </div>
      )}
    </Section>
  );
}

export function SupplementSection() {
  const { t } = useTranslation();
  const { dossier, me, commandOptions } = useDossier();
  const [ref, setRef] = useState('');
  const [note, setNote] = useState('');
  const provide = useCommand((_: null, o) => commands.provideSupplement(dossier.dossierId, { documents: ref.trim() ? [{ kind: 'other', ref: ref.trim() }] : [], note: note || undefined }, o), commandOptions);
  const mayProvide = me.role === 'commune_officer' || me.role === 'verifying_officer';
  return (
    <Section title={t('supplement.title')} id="supplement">
      <p>{t('supplement.requestedOn', { date: formatDate(dossier.request?.requestedAt) })}</p>
      <ul>
        {(dossier.request?.items ?? []).map((i, n) => (
          <li key={n}>{i.description}</li>
        ))}
      </ul>
      {mayProvide && (
        <ActionForm cmd={provide} values={() => null} submitLabel={t('supplement.provide')}>
          <TextField label={t('supplement.document')} value={ref} onChange={setRef} errors={provide.errors['documents.0.ref']} placeholder={t('submit.refPlaceholder')} />
          <TextArea label={t('supplement.note')} value={note} onChange={setNote} errors={provide.errors.note} />
        </ActionForm>
      )}
    </Section>
  );
}

function SignerFields(p: { decisionNo: string; setDecisionNo: (v: string) => void; date: string; setDate: (v: string) => void; name: string; setName: (v: string) => void; title: string; setTitle: (v: string) => void; errors: Record<string, string[]> }) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <TextField label={t('decision.number')} value={p.decisionNo} onChange={p.setDecisionNo} errors={p.errors.decisionNo} placeholder="1234/QĐ-UBND" />
      <DateField label={t('decision.date')} value={p.date} onChange={p.setDate} errors={p.errors.decisionDate} />
      <TextField label={t('decision.signerName')} value={p.name} onChange={p.setName} errors={p.errors['signer.name']} />
      <TextField label={t('decision.signerTitle')} value={p.title} onChange={p.setTitle} errors={p.errors['signer.title']} />
    </div>
  );
}

/** The council's conclusion; the provincial chairperson signs the recognition, or records the rejection. */
export function DecisionSection() {
  const { t } = useTranslation();
  const { dossier, me, commandOptions } = useDossier();
  const [decisionNo, setDecisionNo] = useState('');
  const [date, setDate] = useState(todayVn());
  const [name, setName] = useState(me.name ?? '');
  const [title, setTitle] = useState(t('decision.defaultTitle'));
  const [reasons, setReasons] = useState('');
  const recognise = useCommand(
    (_: null, o) => commands.recognise(dossier.dossierId, { decisionNo: decisionNo.trim(), decisionDate: date, signer: { name: name.trim(), title: title.trim() } }, o),
    commandOptions,
  );
  const reject = useCommand((v: string[], o) => commands.reject(dossier.dossierId, { reasons: v }, o), commandOptions);
  const tally = dossier.tally;
  const approved = dossier.outcome === 'approved';
  return (
    <Section title={t('decision.title')} id="decision">
      <KeyValues
        rows={[
          [t('decision.outcome'), <span className={`badge ${approved ? 'badge-ok' : 'badge-bad'}`}>{t(`outcome.${dossier.outcome ?? 'approved'}`)}</span>],
          [t('decision.tally'), tally ? t('decision.tallyText', tally) : '—'],
          [t('decision.appraisedAt'), formatDateTime(dossier.appraisedAt)],
        ]}
      />
      {me.role === 'provincial_chairperson' &&
        (approved ? (
          <ActionForm cmd={recognise} values={() => null} submitLabel={t('decision.sign')}>
            <SignerFields decisionNo={decisionNo} setDecisionNo={setDecisionNo} date={date} setDate={setDate} name={name} setName={setName} title={title} setTitle={setTitle} errors={recognise.errors} />
          </ActionForm>
        ) : null)}
      {me.role === 'provincial_chairperson' && (
        <details className="danger-zone">
          <summary>{t('decision.rejectTitle')}</summary>
          <ActionForm cmd={reject} values={() => lines(reasons)} submitLabel={t('decision.reject')} variant="danger">
            <TextArea label={t('decision.reasons')} value={reasons} onChange={setReasons} errors={reject.errors.reasons} hint={t('common.onePerLine')} />
          </ActionForm>
        </details>
      )}
    </Section>
  );
}

/** A recognised unit: the decision, the latest review and what judged it, and for the province the yearly review and a proposal. */
export function RecognitionSection() {
  const { t, i18n } = useTranslation();
  const { dossier, me, commandOptions, judging, packs } = useDossier();
  const r = dossier.recognition!;
  const review = dossier.latestReview ?? null;
  const due = dossier.revocationDue ?? null;
  // An older recognition is reviewed against the set of the rule in force (QĐ 18/2022: the 2021-2025 set of its level).
  const criteria = judging?.set.criteria ?? dossier.dossier.criteriaCodes.map((code) => ({ code, nameVi: code, nameEn: code }));
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [reviewedOn, setReviewedOn] = useState(todayVn());
  const [failing, setFailing] = useState<string[]>([]);
  const [explanation, setExplanation] = useState('');
  const record = useCommand((_: null, o) => commands.monitoringReview(dossier.dossierId, { year: Number(year), reviewedOn, failingCriteria: failing }, o), commandOptions);
  // The grounds a proposal cites: what the latest review found, or a requalification deadline missed (no review needed).
  const grounds: CitedGrounds | null = review?.finding.hasGrounds
    ? { rule: review.finding.rule!, failingCriteria: review.finding.failing }
    : due?.grounds.rule === 'not-requalified'
      ? { rule: 'not-requalified', failingCriteria: [] }
      : null;
  const propose = useCommand((_: null, o) => commands.proposeRevocation(dossier.dossierId, { grounds: grounds!, explanation }, o), commandOptions);
  const province = me.role === 'verifying_officer' || me.role === 'coordination_office';
  const judgedBy = review?.finding.judgedBy;
  const rows: [string, ReactNode][] = [
    [t('decision.number'), r.decisionNo],
    [t('decision.date'), formatDate(r.decisionDate)],
    [t('decision.signer'), signerText(r.signer, t('decision.signerUnknown'))],
    [t('recognition.latestReview'), review ? t('recognition.reviewText', { date: formatDate(review.reviewedOn), failing: review.failingCriteria.join(', ') || '—' }) : t('recognition.noReview')],
  ];
  if (review) {
    rows.push([
      t('recognition.judged'),
      judgedBy === null
        ? t('recognition.judgedByNone')
        : t('recognition.judgedText', { pack: judgedBy ? (findPack(packs, judgedBy.packId, judgedBy.packVersion)?.title ?? judgedBy.packId) : '—', set: review.finding.judgedAgainst }),
    ]);
    if (review.finding.communesLost) {
      const c = review.finding.communesLost;
      rows.push([t('recognition.communesLost'), t('recognition.communesLostText', { lost: c.lost, of: c.of, share: formatPercent(c.share * 100, i18n.language) })]);
    }
  }
  if (review?.finding.hasGrounds) rows.push([t('recognition.grounds'), <span className="badge badge-bad">{t(`grounds.${review.finding.rule!}`)}</span>]);
  if (due) {
    rows.push([
      t('recognition.revocationDue'),
      <>
        <span className="badge badge-bad">{formatDate(due.dueAt)}</span> <GroundsText grounds={due.grounds} packs={packs} />
        <div className="small muted">{due.reviewedOn ? t('recognition.dueAfterReview', { date: formatDate(due.reviewedOn) }) : t('recognition.dueWithoutReview')}</div>
      </>,
    ]);
  }
  return (
    <Section title={t('recognition.title')} id="recognition">
      <KeyValues rows={rows} />
      {province && dossier.status === 'recognised' && (
        <div className="two-col">
          <ActionForm cmd={record} values={() => null} submitLabel={t('recognition.recordReview')} variant="secondary">
            <h3>{t('recognition.reviewTitle')}</h3>
            {judging && <p className="muted small">{t('recognition.judgedAgainstHint', { set: judging.set.code, pack: judging.pack.title })}</p>}
            <div className="form-grid">
              <TextField label={t('recognition.year')} value={year} onChange={setYear} errors={record.errors.year} />
              <DateField label={t('recognition.reviewedOn')} value={reviewedOn} onChange={setReviewedOn} errors={record.errors.reviewedOn} />
            </div>
            <fieldset>
              <legend>{t('recognition.failing')}</legend>
              <div className="checks">
                {criteria.map((c) => (
                  <CheckboxField
                    key={c.code}
                    label={c.nameVi === c.code ? c.code : `${c.code} ${i18n.language === 'en' ? c.nameEn : c.nameVi}`}
                    checked={failing.includes(c.code)}
                    onChange={(v) => setFailing((f) => (v ? [...f, c.code] : f.filter((x) => x !== c.code)))}
                  />
                ))}
              </div>
            </fieldset>
          </ActionForm>
          {grounds && (
            <ActionForm cmd={propose} values={() => null} submitLabel={t('recognition.propose')} variant="danger">
              <h3>{t('recognition.proposeTitle')}</h3>
              <p className="small">
                <GroundsText grounds={due?.grounds.rule === 'not-requalified' && grounds.rule === 'not-requalified' ? due.grounds : grounds} packs={packs} />
              </p>
              <TextArea label={t('recognition.explanation')} value={explanation} onChange={setExplanation} errors={propose.errors.explanation} />
            </ActionForm>
          )}
        </div>
      )}
    </Section>
  );
}

/** A revocation proposal: the chairperson revokes by a numbered decision, or dismisses it with a reason. */
export function RevocationSection() {
  const { t } = useTranslation();
  const { dossier, me, commandOptions, packs } = useDossier();
  const p = dossier.proposal!;
  const [decisionNo, setDecisionNo] = useState('');
  const [date, setDate] = useState(todayVn());
  const [name, setName] = useState(me.name ?? '');
  const [title, setTitle] = useState(t('decision.defaultTitle'));
  const [reason, setReason] = useState('');
  const revoke = useCommand(
    (_: null, o) => commands.revoke(dossier.dossierId, { decisionNo: decisionNo.trim(), decisionDate: date, signer: { name: name.trim(), title: title.trim() }, grounds: { rule: p.grounds.rule, failingCriteria: p.grounds.failingCriteria } }, o),
    commandOptions,
  );
  const dismiss = useCommand((_: null, o) => commands.dismissProposal(dossier.dossierId, { reason }, o), commandOptions);
  return (
    <Section title={t('revocation.title')} id="revocation">
      <KeyValues
        rows={[
          [t('revocation.proposedAt'), formatDate(p.proposedAt)],
          [t('revocation.by'), p.by],
          [t('recognition.grounds'), <GroundsText grounds={p.grounds} packs={packs} />],
          [t('revocation.explanation'), p.explanation],
        ]}
      />
      {me.role === 'provincial_chairperson' && (
        <div className="two-col">
          <ActionForm cmd={revoke} values={() => null} submitLabel={t('revocation.revoke')} variant="danger">
            <SignerFields decisionNo={decisionNo} setDecisionNo={setDecisionNo} date={date} setDate={setDate} name={name} setName={setName} title={title} setTitle={setTitle} errors={revoke.errors} />
          </ActionForm>
          <ActionForm cmd={dismiss} values={() => null} submitLabel={t('revocation.dismiss')} variant="secondary">
            <TextArea label={t('revocation.dismissReason')} value={reason} onChange={setReason} errors={dismiss.errors.reason} />
          </ActionForm>
        </div>
      )}
    </Section>
  );
}
