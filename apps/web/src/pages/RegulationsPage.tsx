import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CriteriaSet, Level, RegulationPackSummary, Regulations } from '../api/types';
import { useMe } from '../auth/session';
import { SelectField } from '../components/form';
import { ErrorBox, KeyValues, LevelLabel, Loading, PageTitle, Section } from '../components/ui';
import { formatDate, formatNumber } from '../format';

const pct = (share: number, lang: string) => `${formatNumber(share * 100, lang)}%`;

function CriteriaTable({ set, keyCodes }: { set: CriteriaSet; keyCodes: string[] }) {
  const { t } = useTranslation();
  return (
    <details className="criteria-set" id={`set-${set.code.replace(/[^a-z0-9]+/gi, '-')}`}>
      <summary>
        <span className="mono">{set.code}</span> — <LevelLabel level={set.level} /> ({t(`unitKind.${set.unitKind}`)}) · {t('regulations.criteriaCount', { count: set.criteria.length })}
        {set.provisional && <span className="tag tag-warn">{t('regulations.provisional')}</span>}
        <div className="muted small">{set.legalBasis}</div>
      </summary>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{t('regulations.setCaption', { code: set.code })}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('regulations.number')}
              </th>
              <th scope="col">{t('regulations.code')}</th>
              <th scope="col" lang="vi">
                {t('regulations.nameVi')}
              </th>
              <th scope="col" lang="en">
                {t('regulations.nameEn')}
              </th>
              <th scope="col" className="num">
                {t('regulations.indicators')}
              </th>
            </tr>
          </thead>
          <tbody>
            {set.criteria.map((c) => (
              <tr key={c.code}>
                <td className="num">{c.number}</td>
                <td className="mono">
                  {c.code}
                  {keyCodes.includes(c.code) && <span className="tag tag-danger">{t('regulations.key')}</span>}
                </td>
                <td lang="vi">{c.nameVi}</td>
                <td lang="en">{c.nameEn}</td>
                <td className="num">{c.indicators.length || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function RevocationRule({ pack, all }: { pack: RegulationPackSummary; all: RegulationPackSummary[] }) {
  const { t, i18n } = useTranslation();
  const r = pack.revocation;
  if (!r) {
    // QĐ 18/2022: recognitions of earlier periods are judged by the first later period's rule.
    const later = all.filter((p) => p.revocation && p.validFrom > pack.validFrom && p.province === null).sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
    return <p>{later ? t('regulations.noOwnRule', { pack: later.title, date: formatDate(later.revocation!.effectiveFrom) }) : t('regulations.noRule')}</p>;
  }
  const judged = Object.entries(r.judgedAgainst) as [Level, string][];
  return (
    <>
      <p>
        {t('regulations.ruleFrom', { date: formatDate(r.effectiveFrom) })}
        {r.provisional && <span className="tag tag-warn">{t('regulations.provisional')}</span>}
      </p>
      <ul className="compact-list rule-list">
        <li>{t('regulations.rulePartial', { from: pct(r.partialShare, i18n.language), to: pct(r.majorityShare, i18n.language) })}</li>
        <li>{t('regulations.ruleMajority', { share: pct(r.majorityShare, i18n.language) })}</li>
        {r.district && <li>{t('regulations.ruleCommunesLost', { share: pct(r.district.communeLossShare, i18n.language) })}</li>}
      </ul>
      <KeyValues
        rows={[
          ...judged.map(([level, set]): [string, ReactNode] => [t('regulations.judgedAgainst', { level: t(`level.${level}`) }), <span className="mono">{set}</span>]),
          ...Object.entries(r.keyCriteria).map(([set, codes]): [string, ReactNode] => {
            const names = pack.criteriaSets.find((s) => s.code === set)?.criteria ?? [];
            const label = (code: string) => {
              const c = names.find((x) => x.code === code);
              return c ? `${code} ${i18n.language === 'vi' ? c.nameVi : c.nameEn}` : code;
            };
            return [t('regulations.keyCriteria', { set }), codes.map(label).join('; ')];
          }),
        ]}
      />
    </>
  );
}

function Settings({ pack }: { pack: RegulationPackSummary }) {
  const { t } = useTranslation();
  const s = pack.settings;
  const limit = (step: string) => {
    const l = s.timeLimits[step];
    return l ? t(l.kind === 'working' ? 'deadlines.limitWorking' : 'deadlines.limitCalendar', { count: l.days }) : '—';
  };
  return (
    <KeyValues
      rows={[
        [t('regulations.satisfaction'), `≥ ${s.satisfactionMinPercent}%`],
        [t('regulations.consultation'), t('regulations.consultationText', { postings: s.consultation.minPostings, days: s.consultation.windowDays })],
        [t('regulations.voting'), t(`regulations.votingKind.${s.voting.kind}`, { quorum: Math.round(s.voting.quorum * 100) })],
        [t('regulations.verifyingLevel'), t(`regulations.verifying.${s.verifyingLevel}`)],
        [t('regulations.timeLimits'), (['verification', 'appraisal', 'supplement', 'decision'] as const).map((step) => `${t(`deadlineKind.${step}`)}: ${limit(step)}`).join(' · ')],
        [t('regulations.monitoring'), t('regulations.monitoringText', { months: s.monitoring.reviewIntervalMonths, days: s.monitoring.remediationDays })],
      ]}
    />
  );
}

function Pack({ pack, data }: { pack: RegulationPackSummary; data: Regulations }) {
  const { t } = useTranslation();
  const inForce = pack.id === data.inForce;
  const keyCodes = Object.values(pack.revocation?.keyCriteria ?? {}).flat();
  const communeLevels = pack.levels.filter((l) => l.unitKind === 'commune');
  const districtLevels = pack.levels.filter((l) => l.unitKind === 'district');
  return (
    <Section
      title={pack.title}
      id={`pack-${pack.id.replace(/[^a-z0-9]+/gi, '-')}`}
      actions={
        <>
          {inForce && <span className="badge badge-ok">{t('regulations.inForce')}</span>}
          {pack.province && <span className="badge badge-neutral">{t('regulations.provincial', { code: pack.province.code })}</span>}
        </>
      }
    >
      <KeyValues
        rows={[
          [t('regulations.period'), pack.period],
          [t('regulations.valid'), pack.validTo ? t('regulations.validRange', { from: formatDate(pack.validFrom), to: formatDate(pack.validTo) }) : t('regulations.validFrom', { from: formatDate(pack.validFrom) })],
          [t('regulations.version'), `${pack.id} v${pack.version}`],
          ...(pack.province ? ([[t('regulations.provinceDecision'), pack.province.decision]] as [string, ReactNode][]) : []),
          [
            t('regulations.requalification'),
            pack.requalification
              ? pack.requalification.deadline
                ? t('regulations.requalifyBy', { period: pack.requalification.period, date: formatDate(pack.requalification.deadline) })
                : t('regulations.requalifyNoDeadline', { period: pack.requalification.period })
              : t('regulations.noRequalification'),
          ],
        ]}
      />
      <h3>{t('regulations.legalBasis')}</h3>
      <ul className="compact-list">
        {pack.legalBasis.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
      <h3>{t('regulations.levels')}</h3>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{t('regulations.levels')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('regulations.level')}</th>
              <th scope="col">{t('regulations.unitKind')}</th>
              <th scope="col">{t('regulations.criteriaSet')}</th>
              <th scope="col">{t('regulations.requires')}</th>
              <th scope="col">{t('regulations.conditions')}</th>
            </tr>
          </thead>
          <tbody>
            {[...communeLevels, ...districtLevels].map((l) => (
              <tr key={`${l.unitKind}-${l.level}`}>
                <th scope="row">{l.unitKind === 'district' ? t(`districtLevel.${l.level}`) : <LevelLabel level={l.level} />}</th>
                <td>{t(`unitKind.${l.unitKind}`)}</td>
                <td className="mono small">{l.criteriaSet}</td>
                <td>{l.requires ? <LevelLabel level={l.requires} /> : '—'}</td>
                <td className="small">{l.conditions.map((c) => t(`condition.${c}`)).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('regulations.revocation')}</h3>
      <RevocationRule pack={pack} all={data.packs} />
      <h3>{t('regulations.settings')}</h3>
      <Settings pack={pack} />
      <h3>{t('regulations.criteriaSets')}</h3>
      {pack.criteriaSets.map((set) => (
        <CriteriaTable key={set.code} set={set} keyCodes={keyCodes} />
      ))}
    </Section>
  );
}

/** The regulations as data: each period's pack, its legal basis, criteria sets, levels, rules, and what is in force here. */
export function RegulationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const nationwide = me.role === 'auditor' || me.role === 'administrator';
  const [province, setProvince] = useState(me.provinceCode);
  const provinces = useQuery({ queryKey: ['units'], queryFn: api.provinces, staleTime: Infinity, enabled: nationwide });
  const q = useQuery({ queryKey: ['regulations', province], queryFn: () => api.regulations(province), staleTime: 10 * 60_000 });
  const d = q.data;
  const name = provinces.data?.find((p) => p.code === province)?.name ?? (province === me.provinceCode ? me.provinceName : null) ?? province;
  const packs = [...(d?.packs ?? [])].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  const inForce = d?.packs.find((p) => p.id === d.inForce);
  const requalifications = (d?.packs ?? []).filter((p) => p.requalification);
  return (
    <>
      <PageTitle title={t('regulations.title')} subtitle={t('regulations.subtitle', { province: name })} />
      {nationwide && (
        <div className="filters" role="search" aria-label={t('regulations.filters')}>
          <SelectField label={t('statistics.province')} value={province} onChange={setProvince} options={(provinces.data ?? [{ code: province, name: province }]).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))} />
        </div>
      )}
      {q.isPending && <Loading />}
      <ErrorBox error={q.error} />
      {d && (
        <>
          <Section title={t('regulations.inForceTitle', { province: name })} id="in-force">
            <KeyValues
              rows={[
                [t('regulations.today'), formatDate(d.today)],
                [t('regulations.packInForce'), inForce ? `${inForce.title} (${t('regulations.validFrom', { from: formatDate(inForce.validFrom) })})` : d.inForce],
                [t('regulations.mergerPolicy'), <>
                  <strong>{t(`mergerPolicy.${d.mergerPolicy}`)}</strong>
                  <div className="small">{t(`mergerPolicyText.${d.mergerPolicy}`)}</div>
                </>],
                ...requalifications.map((p): [string, ReactNode] => [
                  t('regulations.requalificationOf', { period: p.period }),
                  p.requalification!.deadline ? t('regulations.requalifyBy', { period: p.requalification!.period, date: formatDate(p.requalification!.deadline) }) : t('regulations.requalifyNoDeadline', { period: p.requalification!.period }),
                ]),
              ]}
            />
            <p className="muted small">{t('regulations.configHint')}</p>
          </Section>
          {packs.map((p) => (
            <Pack key={`${p.id}-${p.version}`} pack={p} data={d} />
          ))}
        </>
      )}
    </>
  );
}
