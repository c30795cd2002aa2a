import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { AppraisalQueueItem } from '../api/types';
import { useMe } from '../auth/session';
import { Empty, ErrorBox, LevelLabel, Loading, PageTitle, Section, StatusBadge } from '../components/ui';
import { formatDate, formatPercent } from '../format';

function QueueCard({ item, meId }: { item: AppraisalQueueItem; meId: string }) {
  const { t, i18n } = useTranslation();
  const results = Object.values(item.criteria);
  const met = results.filter((r) => r.met).length;
  const votes = Object.values(item.votes);
  const mine = item.votes[meId];
  return (
    <li className="queue-card">
      <div className="queue-head">
        <h3>
          <Link to={`/dossiers/${item.dossierId}`}>{item.communeName ?? item.communeCode}</Link>
        </h3>
        <StatusBadge status={item.status} />
      </div>
      <dl className="queue-facts">
        <div>
          <dt>{t('dossiers.level')}</dt>
          <dd>
            <LevelLabel level={item.level} />
          </dd>
        </div>
        <div>
          <dt>{t('appraisal.criteriaMet')}</dt>
          <dd className={met === results.length ? 'ok' : 'bad'}>
            {met}/{item.criteriaTotal ?? results.length}
          </dd>
        </div>
        <div>
          <dt>{t('appraisal.satisfaction')}</dt>
          <dd>{formatPercent(item.satisfactionPercent, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('appraisal.votes')}</dt>
          <dd>
            {votes.length}/{item.council?.members.length ?? 0}
          </dd>
        </div>
        <div>
          <dt>{t('dossiers.stepDeadline')}</dt>
          <dd>{formatDate(item.stepDeadline)}</dd>
        </div>
      </dl>
      <p className="small">
        {mine ? t('appraisal.youVoted', { vote: t(`vote.${mine.vote}`) }) : item.council?.members.includes(meId) ? <strong>{t('appraisal.yourTurn')}</strong> : t('appraisal.notMember')}
      </p>
    </li>
  );
}

export function AppraisalQueuePage() {
  const { t } = useTranslation();
  const me = useMe();
  const queue = useQuery({ queryKey: ['appraisal-queue'], queryFn: api.appraisalQueue });
  const items = queue.data ?? [];
  const mineToVote = items.filter((i) => i.council?.members.includes(me.id) && !i.votes[me.id]);
  const rest = items.filter((i) => !mineToVote.includes(i));
  return (
    <>
      <PageTitle title={t('appraisal.title')} subtitle={t('appraisal.subtitle', { unit: me.unitName ?? me.unit })} />
      {queue.isPending && <Loading />}
      <ErrorBox error={queue.error} />
      <Section title={`${t('appraisal.toVote')} (${mineToVote.length})`}>
        {mineToVote.length ? (
          <ul className="queue">
            {mineToVote.map((i) => (
              <QueueCard key={i.dossierId} item={i} meId={me.id} />
            ))}
          </ul>
        ) : (
          <Empty>{t('appraisal.nothingToVote')}</Empty>
        )}
      </Section>
      <Section title={`${t('appraisal.others')} (${rest.length})`}>
        {rest.length ? (
          <ul className="queue">
            {rest.map((i) => (
              <QueueCard key={i.dossierId} item={i} meId={me.id} />
            ))}
          </ul>
        ) : (
          <Empty>{t('appraisal.none')}</Empty>
        )}
      </Section>
    </>
  );
}
