import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useMe } from '../auth/session';
import { DeadlineTable } from '../components/DeadlineTable';
import { DossierTable } from '../components/DossierTable';
import { ErrorBox, Loading, PageTitle, Section } from '../components/ui';

export function DecisionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const toSign = useQuery({ queryKey: ['dossiers', { status: 'appraised' }], queryFn: () => api.dossiers({ status: 'appraised', limit: 100, sort: 'last_changed_at', order: 'asc' }) });
  const proposals = useQuery({ queryKey: ['dossiers', { status: 'revocation_proposed' }], queryFn: () => api.dossiers({ status: 'revocation_proposed', limit: 100 }) });
  const due = useQuery({ queryKey: ['deadlines', { revocationDue: true }], queryFn: () => api.deadlines({ revocationDue: true, limit: 100 }) });
  return (
    <>
      <PageTitle title={t('decisions.title')} subtitle={t('decisions.subtitle', { unit: me.unitName ?? me.unit })} />
      <Section title={`${t('decisions.toSign')} (${toSign.data?.total ?? '…'})`} id="to-sign">
        <p className="muted small">{t('decisions.toSignHint')}</p>
        {toSign.isPending && <Loading />}
        <ErrorBox error={toSign.error} />
        {toSign.data && <DossierTable items={toSign.data.items} caption={t('decisions.toSign')} />}
      </Section>
      <Section title={`${t('decisions.proposals')} (${proposals.data?.total ?? '…'})`} id="proposals">
        {proposals.isPending && <Loading />}
        <ErrorBox error={proposals.error} />
        {proposals.data && <DossierTable items={proposals.data.items} caption={t('decisions.proposals')} />}
      </Section>
      <Section title={`${t('decisions.revocationsDue')} (${due.data?.total ?? '…'})`} id="revocations-due">
        {due.isPending && <Loading />}
        <ErrorBox error={due.error} />
        {due.data && <DeadlineTable items={due.data.items} caption={t('decisions.revocationsDue')} />}
      </Section>
    </>
  );
}
