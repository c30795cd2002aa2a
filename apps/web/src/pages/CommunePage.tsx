import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { DossierTable } from '../components/DossierTable';
import { useLimitText } from '../components/DeadlineTable';
import { ErrorBox, KeyValues, LevelLabel, Loading, PageTitle, Section } from '../components/ui';
import { formatDate } from '../format';

export function CommunePage() {
  const { t } = useTranslation();
  const limitText = useLimitText();
  const { code = '' } = useParams();
  const standing = useQuery({ queryKey: ['standing', code], queryFn: () => api.standing(code) });
  const next = useQuery({ queryKey: ['next-deadline', code], queryFn: () => api.nextDeadline(code) });
  const dossiers = useQuery({ queryKey: ['dossiers', { unit: code }], queryFn: () => api.dossiers({ unit: code, limit: 100 }) });
  if (standing.isPending) return <Loading />;
  if (standing.error) return <ErrorBox error={standing.error} />;
  const s = standing.data;
  const n = next.data?.next;
  return (
    <>
      <PageTitle title={`${s.name} (${s.communeCode})`} subtitle={t('commune.subtitle', { date: formatDate(s.asOf) })} />
      <div className="two-col">
        <Section title={t('commune.standing')}>
          <KeyValues
            rows={[
              [t('commune.level'), s.recognisedLevel ? <LevelLabel level={s.recognisedLevel} /> : t('commune.notRecognised')],
              [t('commune.since'), formatDate(s.since)],
              [t('decision.number'), s.decisionNo ?? '—'],
              [t('commune.assessment'), s.latestAssessment ? t('commune.assessmentText', { met: s.latestAssessment.met, total: s.latestAssessment.total, date: formatDate(s.latestAssessment.assessedOn) }) : '—'],
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
      <Section title={t('commune.dossiers')}>
        {dossiers.data && <DossierTable items={dossiers.data.items} caption={t('commune.dossiers')} />}
      </Section>
    </>
  );
}
