import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../api/client';
import { DateField, NumberField, SubmitButton, TextField } from '../../components/form';
import { KeyValues, ProblemBox, Section } from '../../components/ui';
import { useCommand } from '../../components/useCommand';
import { formatDate, formatPercent } from '../../format';
import { useDossier } from './context';

interface Posting {
  postedOn: string;
  place: string;
}

interface Comment {
  from: string;
  receivedOn: string;
  summary: string;
}

export function ConsultationSection() {
  const { t, i18n } = useTranslation();
  const { dossier, me, unmet, commandOptions } = useDossier();
  const c = dossier.record?.consultation ?? null;
  const settings = dossier.dossier.settings;
  const editable = dossier.status === 'drafting' && me.role === 'commune_officer';
  const [from, setFrom] = useState(c?.period.from ?? '');
  const [to, setTo] = useState(c?.period.to ?? '');
  const [postings, setPostings] = useState<Posting[]>(c?.announcements.length ? c.announcements : [{ postedOn: '', place: '' }]);
  const [comments, setComments] = useState<Comment[]>(c?.writtenComments ?? []);
  const [surveyed, setSurveyed] = useState(c?.satisfactionSurvey ? String(c.satisfactionSurvey.surveyed) : '');
  const [satisfied, setSatisfied] = useState(c?.satisfactionSurvey ? String(c.satisfactionSurvey.satisfied) : '');
  const cmd = useCommand(
    (_: null, o) =>
      commands.consultation(
        dossier.dossierId,
        {
          period: { from, to },
          announcements: postings.filter((p) => p.postedOn || p.place),
          writtenComments: comments.filter((x) => x.from || x.summary),
          ...(surveyed || satisfied ? { satisfactionSurvey: { surveyed: Number(surveyed), satisfied: Number(satisfied) } } : {}),
        },
        o,
      ),
    commandOptions,
  );
  const flagged = unmet.filter((u) => u.kind === 'consultation-unrecorded' || u.kind === 'consultation-too-few-postings' || u.kind === 'satisfaction-unrecorded' || u.kind === 'satisfaction-below-rate');
  const e = cmd.errors;
  const rule = t('consultation.rule', { postings: settings.consultation.minPostings, days: settings.consultation.windowDays, rate: settings.satisfactionMinPercent });

  const flaggedBox = flagged.length > 0 && (
    <div role="alert">
      <ul className="inline-unmet">
      {flagged.map((u) => (
        <li key={u.kind}>{t(`unmet.${u.kind}`, u as unknown as Record<string, unknown>)}</li>
      ))}
    </ul>
      </div>
  );

  if (!editable) {
    return (
      <Section title={t('consultation.title')} id="consultation">
        <p className="muted small">{rule}</p>
        {flaggedBox}
        {c ? (
          <>
            <KeyValues
              rows={[
                [t('consultation.period'), `${formatDate(c.period.from)} – ${formatDate(c.period.to)}`],
                [t('consultation.postings'), String(c.announcements.length)],
                [t('consultation.comments'), String(c.writtenComments.length)],
                [t('consultation.satisfaction'), c.satisfactionSurvey ? `${formatPercent(c.satisfactionSurvey.percent, i18n.language)} (${c.satisfactionSurvey.satisfied}/${c.satisfactionSurvey.surveyed})` : '—'],
              ]}
            />
            {c.announcements.length > 0 && (
              <ul className="compact-list">
                {c.announcements.map((a, i) => (
                  <li key={i}>
                    {formatDate(a.postedOn)} — {a.place}
                  </li>
                ))}
              </ul>
            )}
            {c.writtenComments.map((w, i) => (
              <blockquote key={i} className="comment">
                <strong>{w.from}</strong> ({formatDate(w.receivedOn)}): {w.summary}
              </blockquote>
            ))}
          </>
        ) : (
          <p className="empty">{t('consultation.none')}</p>
        )}
      </Section>
    );
  }

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    cmd.submit(null);
  };
  return (
    <Section title={t('consultation.title')} id="consultation">
      <p className="muted small">{rule}</p>
      {flaggedBox}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('consultation.period')}</legend>
          <div className="form-grid">
            <DateField label={t('consultation.from')} value={from} onChange={setFrom} errors={e['period.from'] ?? e.period} />
            <DateField label={t('consultation.to')} value={to} onChange={setTo} errors={e['period.to']} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('consultation.postingsTitle')}</legend>
          {postings.map((p, i) => (
            <div className="form-row" key={i}>
              <DateField label={t('consultation.postedOn', { n: i + 1 })} value={p.postedOn} onChange={(v) => setPostings((ps) => ps.map((x, j) => (j === i ? { ...x, postedOn: v } : x)))} errors={e[`announcements.${i}.postedOn`]} />
              <TextField label={t('consultation.place', { n: i + 1 })} value={p.place} onChange={(v) => setPostings((ps) => ps.map((x, j) => (j === i ? { ...x, place: v } : x)))} errors={e[`announcements.${i}.place`]} />
              <button type="button" className="btn btn-ghost" onClick={() => setPostings((ps) => ps.filter((_, j) => j !== i))} aria-label={t('consultation.removePosting', { n: i + 1 })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-secondary" onClick={() => setPostings((ps) => [...ps, { postedOn: '', place: '' }])}>
            {t('consultation.addPosting')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('consultation.commentsTitle')}</legend>
          {comments.map((x, i) => (
            <div className="form-row" key={i}>
              <TextField label={t('consultation.commentFrom', { n: i + 1 })} value={x.from} onChange={(v) => setComments((cs) => cs.map((y, j) => (j === i ? { ...y, from: v } : y)))} errors={e[`writtenComments.${i}.from`]} />
              <DateField label={t('consultation.receivedOn', { n: i + 1 })} value={x.receivedOn} onChange={(v) => setComments((cs) => cs.map((y, j) => (j === i ? { ...y, receivedOn: v } : y)))} errors={e[`writtenComments.${i}.receivedOn`]} />
              <TextField label={t('consultation.summary', { n: i + 1 })} value={x.summary} onChange={(v) => setComments((cs) => cs.map((y, j) => (j === i ? { ...y, summary: v } : y)))} errors={e[`writtenComments.${i}.summary`]} />
              <button type="button" className="btn btn-ghost" onClick={() => setComments((cs) => cs.filter((_, j) => j !== i))} aria-label={t('consultation.removeComment', { n: i + 1 })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-secondary" onClick={() => setComments((cs) => [...cs, { from: '', receivedOn: '', summary: '' }])}>
            {t('consultation.addComment')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('consultation.surveyTitle')}</legend>
          <div className="form-grid">
            <NumberField label={t('consultation.surveyed')} value={surveyed} onChange={setSurveyed} min={1} errors={e['satisfactionSurvey.surveyed'] ?? e.satisfactionSurvey} />
            <NumberField label={t('consultation.satisfied')} value={satisfied} onChange={setSatisfied} min={0} errors={e['satisfactionSurvey.satisfied']} />
          </div>
        </fieldset>
        <ProblemBox problem={cmd.problem} errors={cmd.errors} />
        <div className="form-actions">
          <SubmitButton pending={cmd.pending}>{t('consultation.save')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
