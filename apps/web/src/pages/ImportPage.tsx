import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_COLUMNS } from '../../../../libs/import/src/columns';
import { uploadHistory, type ImportUpload } from '../api/client';
import type { Problem } from '../api/problem';
import { IMPORT_KINDS, type ImportKind, type ImportProblem, type ImportReport } from '../api/types';
import { CheckboxField, SelectField, SubmitButton, TextField } from '../components/form';
import { PageTitle, Section, problemMessage } from '../components/ui';
import { useCommand } from '../components/useCommand';
import { formatNumber } from '../format';

/** The Vietnamese header of a column, by the English key a problem names (row 2 of the templates). */
function headerOf(key: string | null): string | null {
  if (!key) return null;
  for (const kind of IMPORT_KINDS) {
    const column = IMPORT_COLUMNS[kind].find((c) => c.key === key);
    if (column) return column.header;
  }
  return null;
}

/** A refusal of the import carries the report (bad rows) or the problems of the file itself. */
function reportOf(problem: Problem): ImportReport | null {
  return problem.code === 'IMPORT.INVALID_ROWS' && problem.totals ? (problem as unknown as ImportReport) : null;
}

function Templates() {
  const { t } = useTranslation();
  return (
    <Section title={t('imports.templatesTitle')} id="templates">
      <p>{t('imports.templatesHint')}</p>
      <ul className="template-links">
        <li>
          <a className="btn btn-secondary" href="/imports/templates?format=xlsx" download>
            {t('imports.workbook')}
          </a>
        </li>
        {IMPORT_KINDS.map((kind) => (
          <li key={kind}>
            <span>{t(`importKind.${kind}`)}:</span>{' '}
            <a href={`/imports/templates/${kind}?format=csv`} download aria-label={t('imports.templateOf', { kind: t(`importKind.${kind}`), format: 'CSV' })}>
              CSV
            </a>{' '}
            ·{' '}
            <a href={`/imports/templates/${kind}?format=xlsx`} download aria-label={t('imports.templateOf', { kind: t(`importKind.${kind}`), format: 'XLSX' })}>
              XLSX
            </a>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ProblemsTable({ problems }: { problems: ImportProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table import-problems">
        <caption>{t('imports.problems', { count: problems.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.file')}</th>
            <th scope="col">{t('imports.sheet')}</th>
            <th scope="col" className="num">
              {t('imports.row')}
            </th>
            <th scope="col">{t('imports.column')}</th>
            <th scope="col">{t('imports.rule')}</th>
            <th scope="col">{t('imports.value')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => {
            const header = headerOf(p.column);
            return (
              <tr key={i} data-row={p.row ?? ''} data-column={p.column ?? ''}>
                <td className="small">{p.file}</td>
                <td>{p.sheet ?? '—'}</td>
                <td className="num">{p.row ?? t('imports.wholeFile')}</td>
                <td>
                  {p.column ? (
                    <>
                      <span className="mono">{p.column}</span>
                      {header && <div className="muted small">{header}</div>}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="small">{p.rule}</td>
                <td className="mono small">{p.value ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Report({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const tone = report.outcome === 'written' ? 'badge-ok' : report.outcome === 'refused' ? 'badge-bad' : report.outcome === 'dry-run' ? 'badge-warn' : 'badge-neutral';
  const kinds = IMPORT_KINDS.filter((k) => report.byKind[k].rows > 0);
  const columns = ['rows', 'valid', 'invalid', 'alreadyPresent', 'written'] as const;
  return (
    <Section title={t(report.dryRun ? 'imports.reportDryRun' : 'imports.reportWrite', { file: report.file })} id="import-report">
      <p role="status" className="import-outcome">
        <span className={`badge ${tone}`}>{t(`importOutcome.${report.outcome}`)}</span> {t(`imports.outcomeText.${report.outcome}`, { written: report.totals.written, invalid: report.totals.invalid, events: report.events.written })}
      </p>
      <div className="table-wrap">
        <table className="table import-totals">
          <caption className="sr-only">{t('imports.totalsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.kind')}</th>
              {columns.map((c) => (
                <th key={c} scope="col" className="num">
                  {t(`imports.counts.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k} data-kind={k}>
                <th scope="row">{t(`importKind.${k}`)}</th>
                {columns.map((c) => (
                  <td key={c} className={`num ${c === 'invalid' && report.byKind[k].invalid > 0 ? 'bad' : ''}`}>
                    {n(report.byKind[k][c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-kind="total">
              <th scope="row">{t('imports.total')}</th>
              {columns.map((c) => (
                <td key={c} className="num">
                  {n(report.totals[c])}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="muted small">{t('imports.fingerprint', { sha: report.sha256.slice(0, 16) })}</p>
      <ProblemsTable problems={report.problems} />
    </Section>
  );
}

/** A refusal that is about the file or the request, not its rows: what it means and what to do, in place. */
function FileRefusal({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const which = problem.status === 413 ? 'tooLarge' : problem.status === 415 ? 'mediaType' : problem.code === 'IMPORT.UNREADABLE_FILE' ? 'unreadable' : null;
  const problems = Array.isArray(problem.problems) ? (problem.problems as ImportProblem[]) : [];
  return (
    <div className="error-box" role="alert" id="import-refusal">
      {which ? (
        <>
          <strong>{t(`imports.refusal.${which}.title`)}</strong> {t(`imports.refusal.${which}.help`)}
          <div className="small">{problem.detail}</div>
        </>
      ) : (
        <>
          <strong>{t('common.errorTitle')}</strong> {problemMessage(problem)}
        </>
      )}
      {problems.length > 0 && <ProblemsTable problems={problems} />}
    </div>
  );
}

/**
 * The history import: templates, then the file with two switches. "Check only" (on by default) sends a dry run, which
 * writes nothing and needs no Idempotency-Key; with it off the upload writes, under the submission's own key, and a
 * file with a bad row is refused whole unless "skip invalid rows" is on. Either way the report lists every bad row.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKind | ''>('');
  const [reason, setReason] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const upload = useCommand((u: ImportUpload, o) => uploadHistory(u, u.dryRun ? undefined : o.idempotencyKey), {
    onSuccess: (r) => {
      setReport(r);
      if (r.events.written > 0) {
        for (const key of ['statistics', 'statistics-communes', 'dossiers', 'deadlines', 'standing']) void queryClient.invalidateQueries({ queryKey: [key] });
      }
    },
    onProblem: (p) => setReport(reportOf(p)),
  });
  const refusal = upload.problem && !reportOf(upload.problem) ? upload.problem : null;
  const send = (asDryRun: boolean) => {
    if (!file) {
      setFileError(t('imports.chooseFile'));
      return;
    }
    setFileError(null);
    setReport(null);
    upload.submit({ file, dryRun: asDryRun, skipInvalid, kind: kind || undefined, reason: reason.trim() || undefined });
  };
  // After a clean check of this very file, one click writes it as checked.
  const checkedClean = report !== null && report.dryRun && report.file === file?.name && (report.totals.invalid === 0 || report.skipInvalid) && report.totals.valid > report.totals.alreadyPresent;

  return (
    <>
      <PageTitle title={t('imports.title')} subtitle={t('imports.subtitle')} />
      <Templates />
      <Section title={t('imports.uploadTitle')} id="upload">
        <form
          className="action-form"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            send(dryRun);
          }}
        >
          <div className={`field ${fileError || refusal?.errors?.some((x) => x.field === 'file') ? 'field-invalid' : ''}`}>
            <label htmlFor={fileId}>{t('imports.file')}</label>
            <input
              id={fileId}
              type="file"
              name="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
                upload.reset();
              }}
            />
            <div className="hint" id={`${fileId}-hint`}>
              {t('imports.fileHint')}
            </div>
            {fileError && (
              <div className="field-error" id={`${fileId}-error`} role="alert">
                {fileError}
              </div>
            )}
          </div>
          <div className="form-grid">
            <SelectField<ImportKind | ''>
              label={t('imports.csvKind')}
              value={kind}
              onChange={setKind}
              options={[{ value: '', label: t('imports.kindAuto') }, ...IMPORT_KINDS.map((k) => ({ value: k, label: t(`importKind.${k}`) }))]}
              hint={t('imports.csvKindHint')}
              errors={upload.errors.kind}
            />
            <TextField label={t('imports.reason')} value={reason} onChange={setReason} placeholder={t('imports.reasonPlaceholder')} errors={upload.errors.reason} />
          </div>
          <CheckboxField label={t('imports.dryRunToggle')} checked={dryRun} onChange={setDryRun} name="dryRun" />
          <CheckboxField label={t('imports.skipInvalidToggle')} checked={skipInvalid} onChange={setSkipInvalid} name="skipInvalid" />
          <p className="muted small">{t(dryRun ? 'imports.dryRunHint' : skipInvalid ? 'imports.writeSkipHint' : 'imports.writeHint')}</p>
          <div className="form-actions">
            <SubmitButton pending={upload.pending} variant={dryRun ? 'secondary' : undefined}>
              {t(dryRun ? 'imports.check' : 'imports.write')}
            </SubmitButton>
          </div>
        </form>
      </Section>
      {refusal && <FileRefusal problem={refusal} />}
      {report && <Report report={report} />}
      {checkedClean && (
        <Section title={t('imports.writeTitle')} id="write">
          <p className="muted small">{t('imports.writeCheckedHint')}</p>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              send(false);
            }}
          >
            <SubmitButton pending={upload.pending}>{t('imports.writeChecked')}</SubmitButton>
          </form>
        </Section>
      )}
    </>
  );
}
