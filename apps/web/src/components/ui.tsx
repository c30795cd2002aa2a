import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Problem } from '../api/problem';
import type { DossierStatus, Level, UnitKind } from '../api/types';
import i18n from '../i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

/** The person's words for a refusal: a translation of its stable code where there is one, else the server's detail. */
export function problemMessage(problem: Problem): string {
  const key = `problem.${problem.code}`;
  if (i18n.exists(key)) return i18n.t(key as 'problem.NETWORK', { ...problem, currentStatus: problem.currentStatus ? i18n.t(`status.${problem.currentStatus as DossierStatus}`) : '' });
  return problem.detail;
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{t('common.errorTitle')}</strong> {text}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function StatusBadge({ status }: { status: DossierStatus | 'unregistered' }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

/** A level in words; a district's levels have their own names (huyện đạt chuẩn, hoàn thành nhiệm vụ). */
export function LevelLabel({ level, unitKind }: { level: Level; unitKind?: UnitKind }) {
  const { t } = useTranslation();
  return <>{unitKind === 'district' ? t(`districtLevel.${level}`) : t(`level.${level}`)}</>;
}

export function Section({ title, children, actions, id }: { title: string; children: ReactNode; actions?: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="card" id={id} aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function PageTitle({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function KeyValues({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="kv">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

/** A refusal that belongs to no field of the form (fields show their own messages). */
export function ProblemBox({ problem, errors }: { problem: Problem | null; errors?: Record<string, string[]> }) {
  const { t } = useTranslation();
  if (!problem || (errors && Object.keys(errors).length > 0)) return null;
  return (
    <div className="error-box" role="alert">
      <strong>{t('common.errorTitle')}</strong> {problemMessage(problem)}
    </div>
  );
}
