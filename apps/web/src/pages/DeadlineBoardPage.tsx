import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { DEADLINE_KINDS, ROLES, type DeadlineKind, type DeadlineQuery, type Role } from '../api/types';
import { useMe } from '../auth/session';
import { download, toCsv } from '../csv';
import { DeadlineTable, useLimitText } from '../components/DeadlineTable';
import { CheckboxField, SelectField } from '../components/form';
import { ErrorBox, Loading, PageTitle, Section, Stat } from '../components/ui';
import { formatDate, formatDateTime } from '../format';

export function DeadlineBoardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const limitText = useLimitText();
  const [params, setParams] = useSearchParams();
  const within = params.get('within') ?? '';
  const kind = (params.get('kind') ?? '') as DeadlineKind | '';
  const role = (params.get('role') ?? '') as Role | '';
  const overdueOnly = params.get('overdue') === 'true';
  const q: DeadlineQuery = { within: within || undefined, kind: kind || undefined, role: role || undefined, overdue: overdueOnly ? true : undefined, limit: 500 };
  const board = useQuery({ queryKey: ['deadlines', q], queryFn: () => api.deadlines(q) });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const items = board.data?.items ?? [];
  const overdue = items.filter((d) => d.overdue).length;
  const soon = items.filter((d) => !d.overdue && d.workingDaysLeft <= 5).length;

  const exportCsv = () =>
    download(
      `han-xu-ly-${formatDate(new Date().toISOString()).replace(/\//g, '-')}.csv`,
      toCsv(
        [t('deadlines.due'), t('deadlines.workingDaysLeft'), t('deadlines.calendarDaysLeft'), t('dossiers.commune'), t('dossiers.communeCode'), t('deadlines.kind'), t('deadlines.limit'), t('deadlines.actionBy'), t('dossiers.status'), t('deadlines.ifMissed'), 'ID'],
        items.map((d) => [formatDate(d.dueAt), d.workingDaysLeft, d.daysLeft, d.communeName, d.communeCode, t(`deadlineKind.${d.kind}`), limitText(d.limit), d.actionBy.map((r) => t(`role.${r}`)).join('; '), t(`status.${d.status}`), t(`consequence.${d.kind}`), d.dossierId]),
      ),
    );

  return (
    <>
      <PageTitle
        title={t('deadlines.title')}
        subtitle={t('deadlines.subtitle', { unit: me.unitName ?? me.unit, now: formatDateTime(board.data?.now) })}
        actions={
          items.length > 0 ? (
            <button type="button" className="btn btn-secondary" onClick={exportCsv}>
              {t('common.exportCsv')}
            </button>
          ) : null
        }
      />
      <div className="stats">
        <Stat label={t('deadlines.statOverdue')} value={board.data ? overdue : '…'} />
        <Stat label={t('deadlines.statSoon')} value={board.data ? soon : '…'} />
        <Stat label={t('deadlines.statTotal')} value={board.data?.total ?? '…'} />
      </div>
      <Section title={t('deadlines.boardTitle')}>
        <div className="filters" role="search" aria-label={t('deadlines.filters')}>
          <SelectField
            label={t('deadlines.within')}
            value={within}
            onChange={(v) => set('within', v)}
            options={[
              { value: '', label: t('deadlines.anyDate') },
              { value: '7d', label: t('deadlines.withinDays', { count: 7 }) },
              { value: '30d', label: t('deadlines.withinDays', { count: 30 }) },
              { value: '90d', label: t('deadlines.withinDays', { count: 90 }) },
            ]}
          />
          <SelectField label={t('deadlines.kind')} value={kind} onChange={(v) => set('kind', v)} options={[{ value: '', label: t('common.all') }, ...DEADLINE_KINDS.map((k) => ({ value: k, label: t(`deadlineKind.${k}`) }))]} />
          <SelectField label={t('deadlines.actionBy')} value={role} onChange={(v) => set('role', v)} options={[{ value: '', label: t('common.all') }, ...ROLES.filter((r) => r !== 'auditor' && r !== 'administrator').map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
          <CheckboxField label={t('deadlines.overdueOnly')} checked={overdueOnly} onChange={(v) => set('overdue', v ? 'true' : '')} />
        </div>
        <p className="muted small">{t('deadlines.order')}</p>
        {board.isPending && <Loading />}
        <ErrorBox error={board.error} />
        {board.data && <DeadlineTable items={items} caption={t('deadlines.boardTitle')} />}
      </Section>
    </>
  );
}
