import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, command } from '../api/client';
import type { Level } from '../api/types';
import { useMe } from '../auth/session';
import { BarChart } from '../components/BarChart';
import { DeadlineTable } from '../components/DeadlineTable';
import { DossierTable } from '../components/DossierTable';
import { DateField, NumberField, SelectField, SubmitButton } from '../components/form';
import { ErrorBox, Loading, PageTitle, ProblemBox, Section, Stat } from '../components/ui';
import { useCommand } from '../components/useCommand';
import { download, toCsv } from '../csv';
import { formatDate, formatNumber, formatPercent, todayVn } from '../format';

const PLAN_LEVELS: Level[] = ['standard', 'advanced', 'model'];

function PlanForm({ unit, year }: { unit: string; year: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [v, setV] = useState({ standard: '', advanced: '', model: '', averageCriteria: '' });
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const cmd = useCommand(
    (_: null, o) => command('/plans', { unitCode: unit, year, standard: num(v.standard), advanced: num(v.advanced), model: num(v.model), averageCriteria: num(v.averageCriteria) }, o),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['statistics'] }) },
  );
  return (
    <details className="card">
      <summary>{t('statistics.planTitle', { year })}</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          cmd.submit(null);
        }}
      >
        <div className="form-grid">
          {PLAN_LEVELS.map((l) => (
            <NumberField key={l} label={t('statistics.planTarget', { level: t(`level.${l}`) })} value={v[l as 'standard']} onChange={(x) => setV((s) => ({ ...s, [l]: x }))} min={0} errors={cmd.errors[l]} />
          ))}
          <NumberField label={t('statistics.planAverage')} value={v.averageCriteria} onChange={(x) => setV((s) => ({ ...s, averageCriteria: x }))} min={0} errors={cmd.errors.averageCriteria} />
        </div>
        <ProblemBox problem={cmd.problem} errors={cmd.errors} />
        {cmd.done && <p role="status">{t('statistics.planSaved')}</p>}
        <SubmitButton pending={cmd.pending}>{t('statistics.planSave')}</SubmitButton>
      </form>
    </details>
  );
}

export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const nationwide = me.role === 'auditor' || me.role === 'administrator';
  const [unit, setUnit] = useState(me.provinceCode);
  const [asOf, setAsOf] = useState(todayVn());
  const [below, setBelow] = useState('');
  const provinces = useQuery({ queryKey: ['units'], queryFn: api.provinces, staleTime: Infinity, enabled: nationwide });
  const validAsOf = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : undefined;
  const belowN = Number(below) >= 1 ? Number(below) : undefined;
  const stats = useQuery({ queryKey: ['statistics', unit, validAsOf, belowN], queryFn: () => api.statistics(unit, { asOf: validAsOf, below: belowN }) });
  const atRisk = useQuery({ queryKey: ['deadlines', { unit, kind: 'remediation' }], queryFn: () => api.deadlines({ unit, kind: 'remediation', limit: 100 }) });
  const due = useQuery({ queryKey: ['deadlines', { unit, revocationDue: true }], queryFn: () => api.deadlines({ unit, revocationDue: true, limit: 100 }) });
  const proposed = useQuery({ queryKey: ['dossiers', { unit, status: 'revocation_proposed' }], queryFn: () => api.dossiers({ unit, status: 'revocation_proposed', limit: 100 }) });
  const s = stats.data;
  const year = Number((validAsOf ?? todayVn()).slice(0, 4));
  const levelNames = PLAN_LEVELS.map((l) => t(`level.${l}`));
  const riskItems = [...(due.data?.items ?? []), ...(atRisk.data?.items ?? []).filter((d) => !due.data?.items.some((x) => x.dossierId === d.dossierId))];

  const exportCsv = () => {
    if (!s) return;
    const rows: (string | number | null)[][] = [
      [t('statistics.communes'), s.communes, null, null],
      ...(['standard', 'advanced', 'model', 'modern'] as Level[]).map((l) => [t(`level.${l}`), s.recognised[l].communes, s.recognised[l].percent, s.plan?.[l as 'standard']?.target ?? null]),
      [t('statistics.averageCriteria'), s.averageCriteria, null, s.plan?.averageCriteria?.target ?? null],
      ...(s.below ? [[t('statistics.belowLabel', { threshold: s.below.threshold }), s.below.communes, null, null]] : []),
    ];
    download(`thong-ke-${s.unitCode}-${s.asOf}.csv`, toCsv([t('statistics.indicator'), t('statistics.actual'), t('statistics.percent'), t('statistics.target')], rows));
  };

  return (
    <>
      <PageTitle
        title={t('statistics.title')}
        subtitle={s ? t('statistics.subtitle', { unit: provinces.data?.find((p) => p.code === unit)?.name ?? (unit === me.provinceCode ? me.provinceName : unit), date: formatDate(s.asOf) }) : undefined}
        actions={
          s ? (
            <button type="button" className="btn btn-secondary" onClick={exportCsv}>
              {t('common.exportCsv')}
            </button>
          ) : null
        }
      />
      <div className="filters" role="search" aria-label={t('statistics.filters')}>
        {nationwide && (
          <SelectField label={t('statistics.province')} value={unit} onChange={setUnit} options={(provinces.data ?? [{ code: unit, name: unit }]).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))} />
        )}
        <DateField label={t('statistics.asOf')} value={asOf} onChange={setAsOf} />
        <NumberField label={t('statistics.below')} value={below} onChange={setBelow} min={1} max={60} />
      </div>
      {stats.isPending && <Loading />}
      <ErrorBox error={stats.error} />
      {s && (
        <>
          <div className="stats">
            <Stat label={t('statistics.communes')} value={formatNumber(s.communes, i18n.language)} hint={t('statistics.map', { map: s.map })} />
            {(['standard', 'advanced', 'model'] as Level[]).map((l) => (
              <Stat key={l} label={t('statistics.recognisedAt', { level: t(`level.${l}`) })} value={formatNumber(s.recognised[l].communes, i18n.language)} hint={formatPercent(s.recognised[l].percent, i18n.language)} />
            ))}
            <Stat label={t('statistics.averageCriteria')} value={formatNumber(s.averageCriteria, i18n.language)} hint={t('statistics.assessed', { count: s.assessedCommunes })} />
            {s.below && <Stat label={t('statistics.belowLabel', { threshold: s.below.threshold })} value={s.below.communes} />}
          </div>
          <div className="two-col">
            <Section title={t('statistics.chartTitle', { year })}>
              <BarChart
                categories={levelNames}
                label={t('statistics.chartLabel', {
                  text: PLAN_LEVELS.map((l) => `${t(`level.${l}`)}: ${s.recognised[l].communes}${s.plan?.[l as 'standard'] ? ` / ${s.plan[l as 'standard']!.target}` : ''}`).join('; '),
                })}
                series={[
                  { name: t('statistics.actual'), values: PLAN_LEVELS.map((l) => s.recognised[l].communes), color: '#0b5d3b' },
                  ...(s.plan ? [{ name: t('statistics.target'), values: PLAN_LEVELS.map((l) => s.plan?.[l as 'standard']?.target ?? null), color: '#c9a227' }] : []),
                ]}
                onSelect={(i) => navigate(`/dossiers?unit=${unit}&status=recognised&level=${PLAN_LEVELS[i]}`)}
              />
              <p className="muted small">{t('statistics.drillHint')}</p>
            </Section>
            <Section title={t('statistics.planVsActual', { year })}>
              {s.plan ? (
                <table className="table">
                  <caption className="sr-only">{t('statistics.planVsActual', { year })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('statistics.indicator')}</th>
                      <th scope="col" className="num">
                        {t('statistics.target')}
                      </th>
                      <th scope="col" className="num">
                        {t('statistics.actual')}
                      </th>
                      <th scope="col" className="num">
                        {t('statistics.percentOfPlan')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...PLAN_LEVELS, 'averageCriteria' as const].map((k) => {
                      const line = s.plan?.[k as 'standard'];
                      if (!line) return null;
                      return (
                        <tr key={k}>
                          <th scope="row">{k === 'averageCriteria' ? t('statistics.averageCriteria') : <Link to={`/dossiers?unit=${unit}&status=recognised&level=${k}`}>{t(`level.${k}`)}</Link>}</th>
                          <td className="num">{formatNumber(line.target, i18n.language)}</td>
                          <td className="num">{formatNumber(line.actual, i18n.language)}</td>
                          <td className="num">
                            <span className={`badge ${(line.percentOfPlan ?? 0) >= 100 ? 'badge-ok' : 'badge-warn'}`}>{formatPercent(line.percentOfPlan, i18n.language)}</span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              ) : (
                <p className="empty">{t('statistics.noPlan', { year })}</p>
              )}
            </Section>
          </div>
          {me.role === 'coordination_office' && unit === me.provinceCode && <PlanForm unit={unit} year={year} />}
        </>
      )}
      <Section title={t('statistics.atRisk')} id="at-risk">
        <p className="muted small">{t('statistics.atRiskHint')}</p>
        {proposed.data && proposed.data.items.length > 0 && <DossierTable items={proposed.data.items} caption={t('status.revocation_proposed')} />}
        {(atRisk.isPending || due.isPending) && <Loading />}
        <DeadlineTable items={riskItems} caption={t('statistics.atRisk')} />
      </Section>
    </>
  );
}
