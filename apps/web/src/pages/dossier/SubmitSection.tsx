import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../api/client';
import { SUBMISSION_DOCUMENTS, type DocumentKind } from '../../api/types';
import { SubmitButton, TextArea, TextField } from '../../components/form';
import { ProblemBox, Section } from '../../components/ui';
import { useCommand } from '../../components/useCommand';
import { formatDate } from '../../format';
import { useDossier, type UnmetItem } from './context';

/** The commune's submission for verification; a refusal lists every unmet item, each shown in its own section. */
export function SubmitSection() {
  const { t } = useTranslation();
  const { dossier, unmet, setUnmet, commandOptions } = useDossier();
  const [refs, setRefs] = useState<Record<DocumentKind, string>>(() => Object.fromEntries(SUBMISSION_DOCUMENTS.map((k) => [k, ''])) as Record<DocumentKind, string>);
  const cmd = useCommand(
    (_: null, o) => commands.submitForVerification(dossier.dossierId, { documents: SUBMISSION_DOCUMENTS.filter((k) => refs[k].trim()).map((kind) => ({ kind, ref: refs[kind].trim() })) }, o),
    {
      ...commandOptions,
      onSuccess: (a) => {
        setUnmet([]);
        commandOptions.onSuccess(a);
      },
      onProblem: (p) => setUnmet(p.code === 'DOSSIER.NOT_ELIGIBLE' ? ((p.unmet ?? []) as UnmetItem[]) : []),
    },
  );
  const refused = cmd.problem?.code === 'DOSSIER.NOT_ELIGIBLE' ? ((cmd.problem.unmet ?? []) as UnmetItem[]) : null;
  const missingDocs = new Set(unmet.flatMap((u) => (u.kind === 'document-missing' ? [u.document] : [])));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cmd.submit(null);
  };

  return (
    <Section title={t('submit.title')} id="submit">
      {dossier.lastReturn && (
        <div className="notice" role="note">
          <strong>{t('submit.returned', { date: formatDate(dossier.lastReturn.returnedAt) })}</strong>
          <ul>
            {dossier.lastReturn.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="muted">{t('submit.hint')}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          {SUBMISSION_DOCUMENTS.map((kind, i) => (
            <TextField
              key={kind}
              label={t(`document.${kind}`)}
              value={refs[kind]}
              onChange={(v) => setRefs((r) => ({ ...r, [kind]: v }))}
              placeholder={t('submit.refPlaceholder')}
              errors={[...(missingDocs.has(kind) ? [t('unmet.document-missing')] : []), ...(cmd.errors[`documents.${i}.ref`] ?? [])]}
            />
          ))}
        </div>
        {/* The page marks each item in its own section; this list says how many and links to them. */}
        {refused && refused.length > 0 && (
          <div className="error-box" role="alert" id="unmet-summary">
            <strong>{t('submit.refused', { count: refused.length })}</strong>
            <ul>
              {refused.map((u, i) => (
                <li key={i}>
                  {'code' in u ? (
                    <button type="button" className="link" onClick={() => document.getElementById(`criterion-${u.code}`)?.scrollIntoView({ block: 'center' })}>
                      {u.code}
                    </button>
                  ) : null} {t(`unmet.${u.kind}`, u as unknown as Record<string, unknown>)}
                  {u.kind === 'document-missing' && `: ${t(`document.${u.document as DocumentKind}`)}`}
                </li>
              ))}
            </ul>
          </div>
        )}
        {!refused && <ProblemBox problem={cmd.problem} errors={cmd.errors} />}
        <div className="form-actions">
          <SubmitButton pending={cmd.pending}>{t('submit.submit')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}

export function WithdrawSection() {
  const { t } = useTranslation();
  const { dossier, commandOptions } = useDossier();
  const [reason, setReason] = useState('');
  const cmd = useCommand((_: null, o) => commands.withdraw(dossier.dossierId, { reason }, o), commandOptions);
  return (
    <details className="card danger-zone">
      <summary>{t('withdraw.title')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cmd.submit(null);
        }}
        noValidate
      >
        <TextArea label={t('withdraw.reason')} value={reason} onChange={setReason} errors={cmd.errors.reason} />
        <ProblemBox problem={cmd.problem} errors={cmd.errors} />
        <SubmitButton pending={cmd.pending} variant="danger">
          {t('withdraw.submit')}
        </SubmitButton>
      </form>
    </details>
  );
}
