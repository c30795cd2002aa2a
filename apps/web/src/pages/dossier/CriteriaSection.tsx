import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../api/client';
import type { Criterion, CriterionResult } from '../../api/types';
import { SubmitButton } from '../../components/form';
import { ProblemBox, Section } from '../../components/ui';
import { useCommand } from '../../components/useCommand';
import { lines, useDossier } from './context';

interface Row {
  met: boolean;
  evidence: string;
  indicators: Record<string, string>;
}

function initialRows(codes: string[], results: Record<string, CriterionResult>): Record<string, Row> {
  return Object.fromEntries(
    codes.map((code) => {
      const r = results[code];
      return [code, { met: r?.met ?? false, evidence: (r?.evidence ?? []).join('\n'), indicators: Object.fromEntries(Object.entries(r?.indicators ?? {}).map(([k, v]) => [k, String(v)])) }];
    }),
  );
}

/** Indicator values as typed: numbers stay numbers, đạt/không đạt-like words stay text. */
function indicatorValue(text: string): number | string {
  const n = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) ? n : text.trim();
}

export function CriteriaSection() {
  const { t, i18n } = useTranslation();
  const { dossier, set, me, unmet, commandOptions } = useDossier();
  const codes = dossier.dossier.criteriaCodes;
  const results = dossier.record?.results ?? {};
  const editable = dossier.status === 'drafting' && me.role === 'commune_officer';
  const [rows, setRows] = useState(() => initialRows(codes, results));
  const cmd = useCommand((v: Record<string, Row>, o) =>
    commands.criteria(
      dossier.dossierId,
      {
        results: codes.map((code) => {
          const r = v[code];
          const indicators = Object.fromEntries(Object.entries(r.indicators).filter(([, x]) => x.trim() !== '').map(([k, x]) => [k, indicatorValue(x)]));
          return { code, met: r.met, evidence: lines(r.evidence), ...(Object.keys(indicators).length ? { indicators } : {}) };
        }),
      },
      o,
    ),
  commandOptions);
  const byCode = new Map<string, Criterion>((set?.criteria ?? []).map((c) => [c.code, c]));
  // Sets whose indicators are not transcribed yet (2026-2030) would show an empty column on every row.
  const withIndicators = (set?.criteria ?? []).some((c) => c.indicators.length > 0);
  const unmetByCode = new Map(unmet.flatMap((u) => ('code' in u ? [[u.code, u.kind] as const] : [])));
  const name = (c: Criterion | undefined, code: string) => (c ? `${c.number}. ${i18n.language === 'en' ? c.nameEn : c.nameVi}` : code);
  const metCount = codes.filter((c) => (editable ? rows[c]?.met : results[c]?.met)).length;
  const update = (code: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [code]: { ...r[code], ...patch } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cmd.submit(rows);
  };

  const table = (
    <div className="table-wrap">
      <table className="table criteria">
        <caption className="sr-only">{t('criteria.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('criteria.criterion')}</th>
            {withIndicators && <th scope="col">{t('criteria.indicators')}</th>}
            <th scope="col">{t('criteria.met')}</th>
            <th scope="col">{t('criteria.evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => {
            const c = byCode.get(code);
            const flagged = unmetByCode.get(code);
            const r = results[code];
            return (
              <tr key={code} id={`criterion-${code}`} className={flagged ? 'row-flagged' : undefined}>
                <th scope="row">
                  <span className="code">{code}</span> {name(c, code)}
                  {flagged && (
                    <div className="inline-unmet" role="alert">
                      {t(`unmet.${flagged}`)}
                    </div>
                  )}
                </th>
                {withIndicators && <td>
                  {c && c.indicators.length > 0 ? (
                    <ul className="indicators">
                      {c.indicators.map((ind) => (
                        <li key={ind.code}>
                          {editable ? (
                            <label>
                              <span>
                                {i18n.language === 'en' ? ind.nameEn : ind.nameVi}
                                {ind.target && <span className="muted"> ({ind.target})</span>}
                              </span>
                              <input type="text" value={rows[code].indicators[ind.code] ?? ''} onChange={(e) => update(code, { indicators: { ...rows[code].indicators, [ind.code]: e.target.value } })} />
                            </label>
                          ) : (
                            <>
                              {i18n.language === 'en' ? ind.nameEn : ind.nameVi}
                              {ind.target && <span className="muted"> ({ind.target})</span>}: <strong>{r?.indicators?.[ind.code] !== undefined ? String(r.indicators[ind.code]) : '—'}</strong>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted small">{t('criteria.noIndicators')}</span>
                  )}
                </td>}
                <td>
                  {editable ? (
                    <label className="check">
                      <input type="checkbox" checked={rows[code].met} onChange={(e) => update(code, { met: e.target.checked })} aria-label={t('criteria.metFor', { name: name(c, code) })} />
                      <span aria-hidden="true">{t('criteria.metShort')}</span>
                    </label>
                  ) : r === undefined ? (
                    <span className="badge badge-neutral">{t('criteria.notRecorded')}</span>
                  ) : r.met ? (
                    <span className="badge badge-ok">{t('criteria.metYes')}</span>
                  ) : (
                    <span className="badge badge-bad">{t('criteria.metNo')}</span>
                  )}
                </td>
                <td>
                  {editable ? (
                    <textarea rows={2} value={rows[code].evidence} aria-label={t('criteria.evidenceFor', { name: name(c, code) })} onChange={(e) => update(code, { evidence: e.target.value })} />
                  ) : (r?.evidence ?? []).length ? (
                    <ul className="evidence">
                      {r!.evidence!.map((ev) => (
                        <li key={ev}>{ev}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );

  return (
    <Section
      title={t('criteria.title')}
      id="criteria"
      actions={
        <span className="muted">
          {t('criteria.summary', { met: metCount, total: codes.length })} · {set ? set.legalBasis : dossier.dossier.criteriaSetCode}
          {set && !withIndicators && ` · ${t('criteria.noIndicators')}`}
        </span>
      }
    >
      {editable ? (
        <form onSubmit={submit}>
          <p className="muted small">{t('criteria.editHint')}</p>
          {table}
          {cmd.errors.results && (
            <div className="field-error" role="alert">
              {cmd.errors.results.join('; ')}
            </div>
          )}
          <ProblemBox problem={cmd.problem} errors={cmd.errors} />
          <div className="form-actions">
            <SubmitButton pending={cmd.pending}>{t('criteria.save')}</SubmitButton>
          </div>
        </form>
      ) : (
        table
      )}
    </Section>
  );
}
