import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Deadline } from '../api/types';
import { formatDate } from '../format';
import { Empty, StatusBadge } from './ui';

/** "15 working days" / "30 calendar days" / "the end of 2027", as the deadline rules describe a time limit. */
export function useLimitText(): (limit: string) => string {
  const { t } = useTranslation();
  return (limit) => {
    const m = /^(\d+) (working|calendar) days$/.exec(limit);
    if (m) return t(m[2] === 'working' ? 'deadlines.limitWorking' : 'deadlines.limitCalendar', { count: Number(m[1]) });
    const mo = /^(\d+) months?$/.exec(limit);
    if (mo) return t('deadlines.limitMonths', { count: Number(mo[1]) });
    const y = /^the end of (\d{4})$/.exec(limit);
    if (y) return t('deadlines.limitYearEnd', { year: y[1] });
    return limit;
  };
}

export function DeadlineTable({ items, caption }: { items: Deadline[]; caption: string }) {
  const { t } = useTranslation();
  const limitText = useLimitText();
  if (items.length === 0) return <Empty>{t('deadlines.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table deadlines">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('deadlines.due')}</th>
            <th scope="col">{t('deadlines.left')}</th>
            <th scope="col">{t('dossiers.commune')}</th>
            <th scope="col">{t('deadlines.kind')}</th>
            <th scope="col">{t('deadlines.limit')}</th>
            <th scope="col">{t('deadlines.actionBy')}</th>
            <th scope="col">{t('deadlines.ifMissed')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={`${d.dossierId}-${d.kind}-${d.startedAt}`} className={d.overdue ? 'row-overdue' : d.workingDaysLeft <= 3 ? 'row-soon' : undefined}>
              <td>
                <strong>{formatDate(d.dueAt)}</strong>
                {d.reachedAt && <div className="muted small">{t('deadlines.recorded', { date: formatDate(d.reachedAt) })}</div>}
              </td>
              <td>
                {d.overdue ? (
                  <span className="badge badge-bad">{t('deadlines.overdueWorking', { count: -d.workingDaysLeft })}</span>
                ) : (
                  <span className={`badge ${d.workingDaysLeft <= 3 ? 'badge-warn' : 'badge-neutral'}`}>{t('deadlines.workingLeft', { count: d.workingDaysLeft })}</span>
                )}
                <div className="muted small">{d.overdue ? t('deadlines.overdueBy', { count: -d.daysLeft }) : t('deadlines.daysLeft', { count: d.daysLeft })}</div>
              </td>
              <td>
                <Link to={`/dossiers/${d.dossierId}`}>{d.communeName ?? d.communeCode}</Link>
                <div>
                  <StatusBadge status={d.status} />
                  {d.revocationDue && <span className="tag tag-danger">{t('dossiers.revocationDue')}</span>}
                </div>
              </td>
              <td>{t(`deadlineKind.${d.kind}`)}</td>
              <td>{limitText(d.limit)}</td>
              <td>{d.actionBy.map((r) => t(`role.${r}`)).join(', ')}</td>
              <td className="small">{t(`consequence.${d.kind}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
