import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { CommuneStanding } from '../api/types';
import { DossierTable } from '../components/DossierTable';
import { useLimitText } from '../components/DeadlineTable';
import { DateField } from '../components/form';
import { Empty, ErrorBox, KeyValues, LevelLabel, Loading, PageTitle, Section } from '../components/ui';
import { formatDate, todayVn } from '../format';

function Predecessors({ s }: { s: CommuneStanding }) {
  const { t } = useTranslation();
  if (s.predecessors.length === 0) return null;
  return (
    <Section title={t('commune.predecessorsTitle', { count: s.predecessors.length })} id="predecessors">
      <p className="muted small">
        {t('commune.predecessorsHint')} {t(`mergerPolicyText.${s.mergerPolicy}`)}
      </p>
      <table className="table">
        <caption className="sr-only">{t('commune.predecessorsTitle', { count: s.predecessors.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('commune.predecessor')}</th>
            <th scope="col">{t('commune.whole')}</th>
            <th scope="col">{t('commune.levelOn', { date: formatDate(s.asOf) })}</th>
          </tr>
        </thead>
        <tbody>
          {s.predecessors.map((p) => (
            <tr key={p.code}>
              <td>
                {p.name ?? p.code} <span className="muted small mono">{p.code}</span>
              </td>
              <td>{p.partial ? t('commune.partial') : t('commune.wholeYes')}</td>
              <td>
                {p.levels.length ? (
                  p.levels.map((l, i) => (
                    <span key={l}>
                      {i > 0 && ', '}
                      <LevelLabel level={l} />
                    </span>
                  ))
                ) : (
                  <span className="muted">{t('commune.notRecognised')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export function CommunePage() {
  const { t } = useTranslation();
  const limitText = useLimitText();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOfParam = params.get('asOf');
  const asOf = asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) ? asOfParam : todayVn();
  const standing = useQuery({ queryKey: ['standing', code, asOf], queryFn: () => api.standing(code, asOf) });
  const next = useQuery({ queryKey: ['next-deadline', code], queryFn: () => api.nextDeadline(code) });
  const dossiers = useQuery({ queryKey: ['dossiers', { unit: code }], queryFn: () => api.dossiers({ unit: code, limit: 100 }) });
  const s = standing.data;
  const n = next.data?.next;
  const other = s?.latestOtherAssessment;
  return (
    <>
      <PageTitle title={s ? `${s.name} (${s.communeCode})` : code} subtitle={s ? t('commune.subtitle', { date: formatDate(s.asOf), map: t(`map.${s.map}`) }) : undefined} />
      <div className="filters" role="search" aria-label={t('commune.asOfFilter')}>
        <DateField
          key={asOf}
          label={t('statistics.asOf')}
          value={asOf}
          onChange={(v) => {
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) setParams({ asOf: v }, { replace: true });
          }}
          hint={t('commune.asOfHint')}
        />
      </div>
      {standing.isPending && <Loading />}
      <ErrorBox error={standing.error} />
      {s && (
        <div className="two-col">
          <Section title={t('commune.standing')} id="standing">
            <KeyValues
              rows={[
                [t('commune.level'), s.recognisedLevel ? <LevelLabel level={s.recognisedLevel} /> : t('commune.notRecognised')],
                [t('commune.basis'), t(`basis.${s.basis}`)],
                [t('commune.since'), formatDate(s.since)],
                [t('decision.number'), s.decisionNo ?? '—'],
                ...(s.map === '2025-07' ? ([[t('commune.mergerPolicy'), t(`mergerPolicy.${s.mergerPolicy}`)]] as [string, string][]) : []),
                [
                  t('commune.assessment'),
                  s.latestAssessment
                    ? t('commune.assessmentText', { met: s.latestAssessment.met, total: s.latestAssessment.total, date: formatDate(s.latestAssessment.assessedOn), source: t(`assessmentSource.${s.latestAssessment.source}`) })
                    : t('commune.noAssessment', { set: s.criteriaSet.code }),
                ],
                ...(other ? ([[t('commune.otherAssessment'), t('commune.otherAssessmentText', { met: other.met, total: other.total, date: formatDate(other.assessedOn), set: other.criteriaSetCode })]] as [string, string][]) : []),
                [t('commune.openDossiers'), String(s.openDossiers.length)],
              ]}
            />
          </Section>
          <Section title={t('commune.nextDeadline')}>
            {next.isPending && <Loading />}
            {n ? (
              <KeyValues
                rows={[
                  [t('deadlines.kind'), t(`deadlineKind.${n.kind}`)],
                  [t('deadlines.due'), formatDate(n.dueAt)],
                  [t('deadlines.left'), n.overdue ? t('deadlines.overdueBy', { count: -n.daysLeft }) : t('deadlines.daysLeft', { count: n.daysLeft })],
                  [t('deadlines.limit'), limitText(n.limit)],
                  [t('deadlines.ifMissed'), t(`consequence.${n.kind}`)],
                ]}
              />
            ) : (
              next.data && <p className="empty">{t('dossier.noDeadline')}</p>
            )}
          </Section>
        </div>
      )}
      {s && (
        <Section title={t('commune.recognitionsTitle')} id="recognitions">
          {s.recognitions.length === 0 ? (
            <Empty>{t('commune.noRecognitions', { date: formatDate(s.asOf) })}</Empty>
          ) : (
            <ul className="compact-list">
              {s.recognitions.map((r) => (
                <li key={`${r.level}-${r.decisionNo}`}>
                  <LevelLabel level={r.level} />: {t('commune.recognitionText', { decision: r.decisionNo, date: formatDate(r.since) })}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {s && <Predecessors s={s} />}
      <Section title={t('commune.dossiers')}>
        {dossiers.data && <DossierTable items={dossiers.data.items} caption={t('commune.dossiers')} />}
      </Section>
    </>
  );
}
