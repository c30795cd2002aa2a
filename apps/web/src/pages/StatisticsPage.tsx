import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, downloadFrom } from '../api/client';
import { ApiError } from '../api/problem';
import { PLAN_LEVELS, type MapVersion, type PlanLine, type PlanLines, type ReportCommune, type ReportLevel, type Statistics } from '../api/types';
import { useMe } from '../auth/session';
import { BarChart } from '../components/BarChart';
import { DeadlineTable } from '../components/DeadlineTable';
import { DossierTable } from '../components/DossierTable';
import { DateField, NumberField, SelectField, TextField } from '../components/form';
import { Empty, ErrorBox, LevelLabel, Loading, PageTitle, Section, Stat, problemMessage } from '../components/ui';
import { formatDate, formatNumber, formatPercent, todayVn } from '../format';
import { PlanForm } from './statistics/PlanForm';

/** The map a date's report is on: districts and the March 2025 provinces until 30 June 2025. */
export const mapOn = (date: string): MapVersion => (date >= '2025-07-01' ? '2025-07' : '2025-03');

type CommuneFilter = 'all' | 'recognised' | 'not-recognised' | 'below-floor' | 'unassessed' | ReportLevel;

function matches(c: ReportCommune, filter: CommuneFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'recognised':
      return c.level !== null;
    case 'not-recognised':
      return c.level === null;
    case 'below-floor':
      return c.belowFloor === true;
    case 'unassessed':
      return c.assessment === null;
    case 'standard':
      return c.level !== null && c.level !== 'task-completed';
    case 'advanced':
      return c.level === 'advanced' || c.level === 'model';
    case 'model':
      return c.level === 'model';
    case 'modern':
      return c.level === 'modern';
    default: {
      const unhandled: never = filter;
      return unhandled;
    }
  }
}

/** A plan's table: each level, the average criteria and the floor, target beside what was done by the date. */
function PlanTable({ lines, caption, of }: { lines: PlanLines; caption: string; of: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const target = (l: PlanLine) =>
    l.target.percent !== null ? t('statistics.targetPercent', { percent: formatNumber(l.target.percent, lang), communes: l.targetCommunes, of }) : t('statistics.targetCommunes', { count: l.targetCommunes });
  const badge = (pct: number | null) => <span className={`badge ${(pct ?? 0) >= 100 ? 'badge-ok' : 'badge-warn'}`}>{formatPercent(pct, lang)}</span>;
  const rows = PLAN_LEVELS.filter((l) => lines[l]);
  if (rows.length === 0 && !lines.averageCriteria && !lines.floor) return <Empty>{t('statistics.planEmpty')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table plan-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('statistics.indicator')}</th>
            <th scope="col">{t('statistics.target')}</th>
            <th scope="col" className="num">
              {t('statistics.actual')}
            </th>
            <th scope="col" className="num">
              {t('statistics.percentOfPlan')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((level) => {
            const l = lines[level]!;
            return (
              <tr key={level} data-line={level}>
                <th scope="row">
                  <LevelLabel level={level} />
                </th>
                <td>{target(l)}</td>
                <td className="num">{formatNumber(l.actual, lang)}</td>
                <td className="num">{badge(l.percentOfPlan)}</td>
              </tr>
            );
          })}
          {lines.averageCriteria && (
            <tr data-line="averageCriteria">
              <th scope="row">{t('statistics.averageCriteria')}</th>
              <td>{t('statistics.targetAverage', { n: formatNumber(lines.averageCriteria.target, lang) })}</td>
              <td className="num">{formatNumber(lines.averageCriteria.actual, lang)}</td>
              <td className="num">{badge(lines.averageCriteria.percentOfPlan)}</td>
            </tr>
          )}
          {lines.floor && (
            <tr data-line="floor">
              <th scope="row">{t('statistics.floorLine', { threshold: lines.floor.threshold })}</th>
              <td>{t('statistics.floorTarget', { threshold: lines.floor.threshold })}</td>
              <td className="num">{t('statistics.floorActual', { count: lines.floor.below })}</td>
              <td className="num">
                <span className={`badge ${lines.floor.met ? 'badge-ok' : 'badge-bad'}`}>{lines.floor.met ? t('statistics.floorMet') : t('statistics.floorNotMet')}</span>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function CommuneList({ unit, asOf, below, report, filter, setFilter }: { unit: string; asOf: string; below: number | undefined; report: Statistics; filter: CommuneFilter; setFilter: (f: CommuneFilter) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const list = useQuery({ queryKey: ['statistics-communes', unit, asOf, below], queryFn: () => api.statisticsCommunes(unit, { asOf, below }) });
  const needle = text.trim().toLowerCase();
  const shown = (list.data?.communes ?? []).filter((c) => matches(c, filter) && (!needle || c.name.toLowerCase().includes(needle) || c.code.includes(needle)));
  const pastMap = report.map === '2025-03';
  const filters: CommuneFilter[] = ['all', 'recognised', 'not-recognised', 'standard', 'advanced', 'model', ...(report.recognised.modern.communes > 0 ? (['modern'] as const) : []), 'unassessed', ...(report.below ? (['below-floor'] as const) : [])];
  return (
    <Section title={t('statistics.communeListTitle', { count: report.communes })} id="commune-list">
      <p className="muted small">{t('statistics.communeListHint', { set: report.criteriaSet.code })}</p>
      <div className="filters" role="search" aria-label={t('statistics.communeFilters')}>
        <SelectField<CommuneFilter> label={t('statistics.communeFilter')} value={filter} onChange={setFilter} options={filters.map((f) => ({ value: f, label: t(`communeFilter.${f}`) }))} />
        <TextField label={t('statistics.communeSearch')} value={text} onChange={setText} placeholder="07246, Xuân Lương" />
      </div>
      {list.isPending && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && (
        <>
          <p className="small" role="status">
            {t('statistics.communesShown', { shown: shown.length, total: list.data.communes.length })}
          </p>
          {shown.length === 0 ? (
            <Empty>{t('statistics.noCommunes')}</Empty>
          ) : (
            <div className="table-wrap commune-list">
              <table className="table">
                <caption className="sr-only">{t('statistics.communeListTitle', { count: report.communes })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dossiers.commune')}</th>
                    {pastMap && <th scope="col">{t('statistics.district')}</th>}
                    <th scope="col">{t('statistics.level')}</th>
                    <th scope="col">{t('statistics.basis')}</th>
                    <th scope="col">{t('statistics.decision')}</th>
                    <th scope="col">{t('statistics.latestAssessment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.code} className={c.belowFloor ? 'row-warn' : undefined} data-commune={c.code}>
                      <td>
                        <Link to={`/communes/${c.code}?asOf=${report.asOf}`}>{c.name}</Link>
                        <div className="muted small mono">{c.code}</div>
                      </td>
                      {pastMap && <td>{c.districtName ?? '—'}</td>}
                      <td>{c.level ? <LevelLabel level={c.level} /> : <span className="muted">{t('commune.notRecognised')}</span>}</td>
                      <td className="small">{c.basis === 'none' ? '—' : t(`basis.${c.basis}`)}</td>
                      <td>
                        {c.decisionNo ?? '—'}
                        {c.since && <div className="muted small">{t('statistics.sinceDate', { date: formatDate(c.since) })}</div>}
                      </td>
                      <td>
                        {c.assessment ? (
                          <>
                            {t('statistics.metOf', { met: c.assessment.met, total: c.assessment.total })}
                            <div className="muted small">
                              {formatDate(c.assessment.assessedOn)} · {t(`assessmentSource.${c.assessment.source}`)}
                            </div>
                            {c.belowFloor && <span className="tag tag-danger">{t('statistics.belowFloorTag', { threshold: report.below?.threshold ?? '' })}</span>}
                          </>
                        ) : (
                          <span className="muted">{t('statistics.notAssessed')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Section>
  );
}

function Downloads({ unit, asOf, below }: { unit: string; asOf: string; below: number | undefined }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const get = (table: 'summary' | 'communes', format: 'csv' | 'xlsx') => {
    setError(null);
    downloadFrom(`/statistics/${unit}/export`, { asOf, below, table, format }, `ntm-${unit}-${asOf}-${table}.${format}`).then(setSaved, setError);
  };
  return (
    <div className="downloads" role="group" aria-label={t('statistics.downloads')}>
      {(['summary', 'communes'] as const).map((table) => (
        <div key={table} className="download-group">
          <span className="small">{t(`statistics.download.${table}`)}</span>
          {(['xlsx', 'csv'] as const).map((format) => (
            <button key={format} type="button" className="btn btn-secondary" data-download={`${table}.${format}`} aria-label={t('statistics.downloadAs', { table: t(`statistics.download.${table}`), format: format.toUpperCase() })} onClick={() => get(table, format)}>
              {format.toUpperCase()}
            </button>
          ))}
        </div>
      ))}
      {saved && (
        <span className="small muted" role="status">
          {t('statistics.downloaded', { name: saved })}
        </span>
      )}
      {error !== null && (
        <span className="field-error" role="alert">
          {error instanceof ApiError ? problemMessage(error.problem) : String(error)}
        </span>
      )}
    </div>
  );
}

export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const nationwide = me.role === 'auditor' || me.role === 'administrator';
  const [province, setProvince] = useState(me.provinceCode);
  const [pastProvince, setPastProvince] = useState<string | null>(null);
  const [district, setDistrict] = useState<string | null>(null);
  const [asOfText, setAsOf] = useState(todayVn());
  const [belowText, setBelow] = useState('');
  const [filter, setFilter] = useState<CommuneFilter>('all');
  const listRef = useRef<HTMLDivElement>(null);
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(asOfText) ? asOfText : todayVn();
  const below = Number(belowText) >= 1 ? Number(belowText) : undefined;
  const map = mapOn(asOf);

  const provinces = useQuery({ queryKey: ['units'], queryFn: api.provinces, staleTime: Infinity, enabled: nationwide });
  // Before July 2025 the province of today was several provinces, each with its districts: the report is of one of them.
  const today = useQuery({ queryKey: ['unit', province, '2025-07'], queryFn: () => api.unit(province), staleTime: Infinity, enabled: map === '2025-03' });
  const predecessors = today.data?.predecessors ?? [];
  // A province that was not merged has no predecessors: it is its own, under the same code.
  const past = pastProvince ?? predecessors.find((p) => p.code === province)?.code ?? predecessors[0]?.code ?? (today.data ? province : undefined);
  const ofPast = useQuery({ queryKey: ['unit', past, '2025-03'], queryFn: () => api.unit(past!, '2025-03'), staleTime: Infinity, enabled: map === '2025-03' && !!past });
  const unit = map === '2025-07' ? province : (district ?? past);

  const stats = useQuery({ queryKey: ['statistics', unit, asOf, below], queryFn: () => api.statistics(unit!, { asOf, below }), enabled: !!unit });
  const atRisk = useQuery({ queryKey: ['deadlines', { unit: province, kind: 'remediation' }], queryFn: () => api.deadlines({ unit: province, kind: 'remediation', limit: 100 }) });
  const due = useQuery({ queryKey: ['deadlines', { unit: province, revocationDue: true }], queryFn: () => api.deadlines({ unit: province, revocationDue: true, limit: 100 }) });
  const proposed = useQuery({ queryKey: ['dossiers', { unit: province, status: 'revocation_proposed' }], queryFn: () => api.dossiers({ unit: province, status: 'revocation_proposed', limit: 100 }) });
  const s = stats.data;
  const riskItems = [...(due.data?.items ?? []), ...(atRisk.data?.items ?? []).filter((d) => !due.data?.items.some((x) => x.dossierId === d.dossierId))];
  const levels: ReportLevel[] = s && (s.recognised.modern.communes > 0 || asOf >= '2026-02-15') ? ['standard', 'advanced', 'model', 'modern'] : ['standard', 'advanced', 'model'];
  const periodPlan = s?.plan.period ?? null;
  const yearPlan = s?.plan.year ?? null;
  const mayPlan = (me.role === 'coordination_office' && province === me.provinceCode) || me.role === 'administrator';

  const chart = useMemo(() => {
    if (!s) return null;
    const names = levels.map((l) => t(`level.${l}`));
    const actual = levels.map((l) => s.recognised[l].communes);
    const planned = levels.map((l) => (l === 'modern' ? null : (periodPlan?.[l]?.targetCommunes ?? null)));
    const text = levels.map((_, i) => `${names[i]}: ${actual[i]}${planned[i] !== null ? ` / ${planned[i]}` : ''}`).join('; ');
    return {
      names,
      label: t('statistics.chartLabel', { text }),
      series: [
        { name: t('statistics.actualOn', { date: formatDate(s.asOf) }), values: actual, color: '#0b5d3b' },
        ...(periodPlan ? [{ name: t('statistics.periodTarget', { period: periodPlan.period }), values: planned, color: '#c9a227' }] : []),
      ],
    };
  }, [s, levels.join(), periodPlan, t]);

  const pickDistrict = (code: string | null) => {
    setDistrict(code);
    window.scrollTo({ top: 0 });
  };
  const districts = ofPast.data?.districts ?? [];

  return (
    <>
      <PageTitle
        title={t('statistics.title')}
        subtitle={s ? t('statistics.subtitle', { unit: s.unitName, date: formatDate(s.asOf) }) : undefined}
        actions={s && unit ? <Downloads unit={unit} asOf={asOf} below={below} /> : null}
      />
      <div className="filters" role="search" aria-label={t('statistics.filters')}>
        {nationwide && (
          <SelectField
            label={t('statistics.province')}
            value={province}
            onChange={(v) => {
              setProvince(v);
              setPastProvince(null);
              setDistrict(null);
            }}
            options={(provinces.data ?? [{ code: province, name: province }]).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
          />
        )}
        <DateField label={t('statistics.asOf')} value={asOfText} onChange={setAsOf} hint={t(`statistics.mapHint.${map === '2025-03' ? 'march' : 'july'}`)} />
        {map === '2025-03' && predecessors.length > 0 && (
          <SelectField
            label={t('statistics.pastUnit')}
            value={past ?? ''}
            onChange={(v) => {
              setPastProvince(v);
              setDistrict(null);
            }}
            options={predecessors.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
            hint={t('statistics.pastUnitHint')}
          />
        )}
        {map === '2025-03' && districts.length > 0 && (
          <SelectField
            label={t('statistics.districtPick')}
            value={district ?? ''}
            onChange={(v) => pickDistrict(v || null)}
            options={[{ value: '', label: t('statistics.wholeProvince') }, ...districts.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))]}
          />
        )}
        <NumberField label={t('statistics.below')} value={belowText} onChange={setBelow} min={1} max={60} hint={t('statistics.belowHint')} />
      </div>
      {map === '2025-03' && district && (
        <p>
          <button type="button" className="link" onClick={() => pickDistrict(null)}>
            ← {t('statistics.backToProvince')}
          </button>
        </p>
      )}
      {(stats.isPending || (map === '2025-03' && today.isPending)) && <Loading />}
      {stats.error instanceof ApiError && stats.error.status === 422 ? (
        <div className="notice notice-warn" role="status">
          {problemMessage(stats.error.problem)}
        </div>
      ) : (
        <ErrorBox error={stats.error} />
      )}
      {s && (
        <>
          <p className="report-context small">
            {t('statistics.context', { map: t(`map.${s.map}`), set: s.criteriaSet.code, total: s.criteriaSet.total })}
            {s.map === '2025-07' && <> {t('statistics.policyNote', { policy: t(`mergerPolicy.${s.mergerPolicy}`) })}</>}
          </p>
          <div className="stats" id="report-figures">
            <Stat label={t('statistics.communes')} value={formatNumber(s.communes, lang)} hint={t(`map.${s.map}`)} />
            {levels.map((l) => (
              <Stat key={l} label={t(`level.${l}`)} value={formatNumber(s.recognised[l].communes, lang)} hint={t('statistics.percentOfCommunes', { percent: formatPercent(s.recognised[l].percent, lang) })} />
            ))}
            <Stat
              label={t('statistics.averageCriteria')}
              value={s.averageCriteria === null ? '—' : `${formatNumber(s.averageCriteria, lang)} / ${s.criteriaSet.total}`}
              hint={
                <>
                  {t('statistics.coverage', { assessed: s.coverage.assessed, of: s.coverage.of })}
                  {!s.coverage.complete && <div className="tag tag-warn">{t('statistics.coverageIncomplete')}</div>}
                </>
              }
            />
            {s.below && <Stat label={t('statistics.belowLabel', { threshold: s.below.threshold })} value={formatNumber(s.below.communes, lang)} hint={t('statistics.belowOfAssessed', { assessed: s.coverage.assessed })} />}
          </div>
          {s.otherSets.length > 0 && (
            <Section title={t('statistics.otherSetsTitle')} id="other-sets">
              <p className="muted small">{t('statistics.otherSetsHint', { set: s.criteriaSet.code })}</p>
              <table className="table">
                <caption className="sr-only">{t('statistics.otherSetsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('statistics.criteriaSet')}</th>
                    <th scope="col" className="num">
                      {t('statistics.assessedCommunes')}
                    </th>
                    <th scope="col" className="num">
                      {t('statistics.averageCriteria')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.otherSets.map((o) => (
                    <tr key={o.criteriaSet}>
                      <th scope="row" className="mono">
                        {o.criteriaSet}
                      </th>
                      <td className="num">{o.assessed}</td>
                      <td className="num">
                        {formatNumber(o.average, lang)} / {o.total}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          )}
          <div className="two-col">
            <Section title={periodPlan ? t('statistics.chartTitle', { period: periodPlan.period }) : t('statistics.chartTitleNoPlan')} id="chart">
              {chart && <BarChart categories={chart.names} label={chart.label} series={chart.series} onSelect={(i) => {
                setFilter(levels[i]);
                listRef.current?.querySelector('h2')?.scrollIntoView({ behavior: 'smooth' });
              }} />}
              <p className="muted small">{t('statistics.drillHint')}</p>
            </Section>
            <div>
              <Section title={periodPlan ? t('statistics.periodPlanTitle', { period: periodPlan.period }) : t('statistics.periodPlanNone')} id="period-plan">
                {periodPlan ? (
                  <>
                    <p className="muted small">{t('statistics.periodPlanHint', { date: formatDate(s.asOf) })}</p>
                    <PlanTable lines={periodPlan} caption={t('statistics.periodPlanTitle', { period: periodPlan.period })} of={s.communes} />
                  </>
                ) : (
                  <Empty>{t('statistics.noPeriodPlan')}</Empty>
                )}
              </Section>
              <Section title={yearPlan ? t('statistics.yearPlanTitle', { year: yearPlan.year }) : t('statistics.yearPlanNone', { year: asOf.slice(0, 4) })} id="year-plan">
                {yearPlan ? (
                  <>
                    <p className="muted small">{t(`statistics.targetsAre.${yearPlan.targetsAre}`, { year: yearPlan.year })}</p>
                    <PlanTable lines={yearPlan} caption={t('statistics.yearPlanTitle', { year: yearPlan.year })} of={s.communes} />
                  </>
                ) : (
                  <Empty>{t('statistics.noYearPlan', { year: asOf.slice(0, 4) })}</Empty>
                )}
              </Section>
            </div>
          </div>
          {s.districts.length > 0 && (
            <Section title={t('statistics.districtsTitle', { count: s.districts.length })} id="districts">
              <p className="muted small">{t('statistics.districtsHint')}</p>
              <div className="table-wrap">
                <table className="table">
                  <caption className="sr-only">{t('statistics.districtsTitle', { count: s.districts.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('statistics.district')}</th>
                      <th scope="col" className="num">
                        {t('statistics.communes')}
                      </th>
                      {(['standard', 'advanced', 'model'] as const).map((l) => (
                        <th key={l} scope="col" className="num">
                          {t(`level.${l}`)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t('statistics.averageCriteria')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.districts.map((d) => (
                      <tr key={d.districtCode}>
                        <th scope="row">
                          <button type="button" className="link" onClick={() => pickDistrict(d.districtCode)}>
                            {d.name}
                          </button>
                          <div className="muted small mono">{d.districtCode}</div>
                        </th>
                        <td className="num">{d.communes}</td>
                        {(['standard', 'advanced', 'model'] as const).map((l) => (
                          <td key={l} className="num">
                            {d.recognised[l].communes} <span className="muted small">({formatPercent(d.recognised[l].percent, lang)})</span>
                          </td>
                        ))}
                        <td className="num">
                          {formatNumber(d.averageCriteria, lang)}
                          <div className="muted small">{t('statistics.coverage', { assessed: d.assessed, of: d.communes })}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
          )}
          <div ref={listRef}>
            <CommuneList unit={unit!} asOf={asOf} below={below} report={s} filter={filter} setFilter={setFilter} />
          </div>
          {mayPlan && <PlanForm unit={unit!} unitMap={s.map} unitName={s.unitName} asOf={asOf} />}
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
