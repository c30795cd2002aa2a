import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DossierListItem } from '../api/types';
import { formatDate, formatDateTime } from '../format';
import { Empty, LevelLabel, StatusBadge } from './ui';

/** Dossier rows as every list shows them: commune, level, status, criteria met, next step's deadline, last change. */
export function DossierTable({ items, caption, showProvince }: { items: DossierListItem[]; caption: string; showProvince?: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Empty>{t('dossiers.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dossiers.commune')}</th>
            {showProvince && <th scope="col">{t('dossiers.province')}</th>}
            <th scope="col">{t('dossiers.level')}</th>
            <th scope="col">{t('dossiers.targetYear')}</th>
            <th scope="col">{t('dossiers.status')}</th>
            <th scope="col" className="num">
              {t('dossiers.criteria')}
            </th>
            <th scope="col">{t('dossiers.stepDeadline')}</th>
            <th scope="col">{t('dossiers.lastChanged')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.dossierId} className={d.revocationDue ? 'row-warn' : undefined}>
              <td>
                <Link to={`/dossiers/${d.dossierId}`}>{d.communeName ?? d.communeCode}</Link>
                <div className="muted small">
                  {d.unitKind === 'district' ? (
                    <span className="mono">{d.communeCode}</span>
                  ) : (
                    <Link to={`/communes/${d.communeCode}${d.unitMap === '2025-03' ? '?asOf=2025-06-30' : ''}`} aria-label={t('dossiers.communePageOf', { name: d.communeName ?? d.communeCode })}>
                      {d.communeCode}
                    </Link>
                  )}
                </div>
              </td>
              {showProvince && <td>{d.provinceCode}</td>}
              <td>
                <LevelLabel level={d.level} unitKind={d.unitKind} />
                {d.imported && <div className="tag">{t('dossier.importedTag')}</div>}
              </td>
              <td>{d.targetYear}</td>
              <td>
                <StatusBadge status={d.status} />
                {d.revocationDue && <div className="tag tag-danger">{t('dossiers.revocationDue')}</div>}
              </td>
              <td className="num">{d.criteriaTotal ? `${d.criteriaMet ?? 0}/${d.criteriaTotal}` : '—'}</td>
              <td>
                {d.stepDeadline ? formatDate(d.stepDeadline) : '—'}
                {d.deadlineKind && <div className="muted small">{t(`deadlineKind.${d.deadlineKind}`)}</div>}
              </td>
              <td>{formatDateTime(d.lastChangedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
