import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { DossierStatus } from '../api/types';
import { useMe } from '../auth/session';
import { DossierTable } from '../components/DossierTable';
import { ErrorBox, Loading, PageTitle, Section, Stat } from '../components/ui';

/** The statuses that wait on each provincial role, in the order they act on them. */
const QUEUES: Record<'verifying_officer' | 'coordination_office', DossierStatus[]> = {
  verifying_officer: ['under_verification', 'verified', 'awaiting_supplement', 'recognised'],
  coordination_office: ['under_appraisal', 'awaiting_supplement', 'revocation_proposed', 'recognised'],
};

function Queue({ status }: { status: DossierStatus }) {
  const { t } = useTranslation();
  const q = { status, limit: 100, offset: 0, sort: 'last_changed_at' as const, order: 'asc' as const };
  const list = useQuery({ queryKey: ['dossiers', q], queryFn: () => api.dossiers(q) });
  return (
    <Section title={`${t(`inbox.queue.${status}` as 'inbox.queue.drafting')} (${list.data?.total ?? '…'})`} id={`queue-${status}`}>
      {list.isPending && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && <DossierTable items={list.data.items} caption={t(`inbox.queue.${status}` as 'inbox.queue.drafting')} />}
    </Section>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.role === 'coordination_office' ? 'coordination_office' : 'verifying_officer';
  const overdue = useQuery({ queryKey: ['deadlines', { overdue: true, role }], queryFn: () => api.deadlines({ overdue: true, role, limit: 1 }) });
  const soon = useQuery({ queryKey: ['deadlines', { within: '7d', overdue: false, role }], queryFn: () => api.deadlines({ within: '7d', overdue: false, role, limit: 1 }) });
  return (
    <>
      <PageTitle title={t('inbox.title')} subtitle={t(`inbox.subtitle.${role}`, { unit: me.unitName ?? me.unit })} />
      <div className="stats">
        <Stat label={t('inbox.overdue')} value={overdue.data?.total ?? '…'} hint={<Link to={`/deadlines?overdue=true&role=${role}`}>{t('inbox.openBoard')}</Link>} />
        <Stat label={t('inbox.dueSoon')} value={soon.data?.total ?? '…'} hint={<Link to={`/deadlines?within=7d&role=${role}`}>{t('inbox.openBoard')}</Link>} />
      </div>
      {QUEUES[role].map((s) => (
        <Queue key={s} status={s} />
      ))}
    </>
  );
}
