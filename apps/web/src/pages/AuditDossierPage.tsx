import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { STATUSES, type AuditEvent, type DossierAsOf } from '../api/types';
import { eventLabel, roleLabel } from '../components/eventText';
import { DateField } from '../components/form';
import { ErrorBox, KeyValues, LevelLabel, Loading, PageTitle, Section, StatusBadge } from '../components/ui';
import { endOfVnDay, formatDate, formatDateTime } from '../format';
import { exportAudit, SourceText } from './AuditSearchPage';

type Flat = Record<string, string>;

/** The state as path → value, so that two revisions can be compared leaf by leaf. */
function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

const IGNORED = new Set(['asOf', 'revision', 'lastEventAt', 'dossierId']);

export function changesBetween(before: DossierAsOf | undefined, after: DossierAsOf): { path: string; before: string | null; after: string | null }[] {
  const a = flatten(before ?? {});
  const b = flatten(after);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => !IGNORED.has(p.split('.')[0])).sort();
  return paths.filter((p) => a[p] !== b[p]).map((p) => ({ path: p, before: a[p] ?? null, after: b[p] ?? null }));
}

/** A leaf value as a person reads it: statuses in words, dates dd/MM/yyyy, yes/no, lists joined. */
function valueText(json: string | null, t: (k: string) => string): string {
  if (json === null) return '—';
  const v: unknown = JSON.parse(json);
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('; ') || '—';
  if (typeof v === 'string') {
    // Dates first: i18next reads a ':' in a key as a namespace, so an instant would come back as part of itself.
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    return (STATUSES as readonly string[]).includes(v) ? t(`status.${v}`) : v;
  }
  return String(v);
}

/** A path of the dossier state in words where the console knows it (`record.results.C03.met` → Criteria › C03 › met). */
function pathLabel(path: string, t: (k: string) => string): string {
  return path
    .split('.')
    .map((part) => {
      const key = `statePath.${part}`;
      const label = t(key);
      return label === key ? part : label;
    })
    .join(' › ');
}

/**
 * Each event with its business time (when it happened) and record time (when the product learnt it), which part for
 * imported history. `counted` says which events make up the state shown (by revision, or by business time for a date).
 */
function Timeline({ events, selected, counted, onSelect }: { events: AuditEvent[]; selected: number | null; counted: (e: AuditEvent) => boolean; onSelect: (rev: number) => void }) {
  const { t } = useTranslation();
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.eventId} className={e.revision === selected ? 'selected' : counted(e) ? '' : 'future'} data-revision={e.revision}>
          <button type="button" className="timeline-item" onClick={() => onSelect(e.revision)} aria-current={e.revision === selected ? 'step' : undefined}>
            <span className="timeline-rev">#{e.revision}</span>
            <span className="timeline-what">{eventLabel(e.type)}</span>
            <span className="timeline-when">{formatDateTime(e.occurredAt)}</span>
          </button>
          <div className="timeline-meta">
            <dl className="event-times">
              <div>
                <dt>{t('audit.occurredAt')}</dt>
                <dd className="occurred-at">{formatDateTime(e.occurredAt)}</dd>
              </div>
              <div>
                <dt>{t('audit.recordedAt')}</dt>
                <dd className="recorded-at">{formatDateTime(e.recordedAt)}</dd>
              </div>
            </dl>
            {e.source && <SourceText e={e} />}
            <div>{t('audit.byLine', { actor: e.actorId, role: roleLabel(e.actorRole), unit: e.actorUnit })}</div>
            {e.reason && <div className="timeline-reason">“{e.reason}”</div>}
            <div className="mono small" title={e.hash}>
              {t('audit.hash')}: {e.hash.slice(0, 16)}… · {t('audit.prevHash')}: {e.prevHash ? `${e.prevHash.slice(0, 16)}…` : '—'}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}

export function AuditDossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const history = useQuery({ queryKey: ['history', id], queryFn: () => api.history(id) });
  const chain = useQuery({ queryKey: ['chain', id], queryFn: () => api.chainVerification(id) });
  const code = history.data?.[0]?.communeCode;
  const map = history.data?.[0]?.unitMap ?? undefined;
  const commune = useQuery({ queryKey: ['unit', code, map], queryFn: () => api.unit(code!, map), enabled: !!code, staleTime: Infinity });
  const events = history.data ?? [];
  const last = events.length ? events[events.length - 1].revision : 0;
  const [picked, setPicked] = useState<number | null>(null);
  const [date, setDate] = useState('');
  // A date is read by business time (the server folds the events that had happened by the end of that day), which for
  // imported history need not be a prefix of the revisions; a revision is read as recorded.
  const byDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? endOfVnDay(date) : null;
  const revision = picked ?? last;
  const at = useQuery({ queryKey: ['state-at', id, revision], queryFn: () => api.stateAt(id, { revision }), enabled: events.length > 0 && !byDate });
  const before = useQuery({ queryKey: ['state-at', id, revision - 1], queryFn: () => api.stateAt(id, { revision: revision - 1 }), enabled: events.length > 0 && revision > 0 && !byDate });
  const onDate = useQuery({ queryKey: ['state-at-date', id, byDate], queryFn: () => api.stateAt(id, { at: byDate! }), enabled: events.length > 0 && !!byDate });
  const shown = byDate ? onDate : at;
  const s = shown.data;
  const selected = byDate ? (s?.revision ?? null) : revision;
  const event = events.find((e) => e.revision === selected);
  const beforeFirst = !!byDate && s?.status === 'unregistered';
  const changes = !byDate && s && (revision === 0 || before.data) ? changesBetween(revision === 0 ? undefined : before.data, s) : [];
  const counted = (e: AuditEvent) => (byDate ? Date.parse(e.occurredAt) <= Date.parse(byDate) : e.revision <= revision);
  const pick = (r: number) => {
    setPicked(r);
    setDate('');
  };

  if (history.isPending) return <Loading />;
  if (history.error) return <ErrorBox error={history.error} />;
  const name = commune.data ? `${commune.data.name} (${code})` : (code ?? id);

  return (
    <>
      <PageTitle
        title={t('auditDossier.title', { commune: name })}
        subtitle={<Link to={`/dossiers/${id}`}>{t('auditDossier.openDossier')}</Link>}
        actions={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => exportAudit(events, `ho-so-${id}`, 'csv')}>
              {t('common.exportCsv')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => exportAudit(events, `ho-so-${id}`, 'json')}>
              {t('common.exportJson')}
            </button>
          </>
        }
      />
      <Section title={t('auditDossier.chainTitle')} id="chain">
        {chain.isPending && <Loading />}
        <ErrorBox error={chain.error} />
        {chain.data &&
          (chain.data.intact ? (
            <p className="chain-ok" role="status">
              ✔ {t('auditDossier.chainIntact', { count: chain.data.events, date: formatDateTime(chain.data.verifiedAt) })}
              {chain.data.lastHash && <span className="mono small"> {chain.data.lastHash.slice(0, 24)}…</span>}
            </p>
          ) : (
            <p className="chain-broken" role="alert">
              ✖ {t('auditDossier.chainBroken', { revision: chain.data.brokenAt!.revision, reason: t(`chainReason.${chain.data.brokenAt!.reason as 'hash-mismatch'}`) })}
            </p>
          ))}
      </Section>
      <Section title={t('auditDossier.travelTitle')} id="time-travel">
        <div className="travel-controls">
          <div className="field slider-field">
            <label htmlFor="revision-slider">{t('auditDossier.slider', { revision, last })}</label>
            <input
              id="revision-slider"
              type="range"
              min={0}
              max={last}
              step={1}
              value={selected ?? 0}
              aria-valuetext={event ? `#${event.revision} ${eventLabel(event.type)} ${formatDate(event.occurredAt)}` : String(selected ?? 0)}
              onChange={(e) => pick(Number(e.target.value))}
            />
            <div className="slider-scale" aria-hidden="true">
              <span>{formatDate(events[0]?.occurredAt)}</span>
              <span>{formatDate(events[events.length - 1]?.occurredAt)}</span>
            </div>
          </div>
          <DateField key={date === '' ? 'none' : 'date'} label={t('auditDossier.asOfDate')} value={date} onChange={setDate} hint={t('auditDossier.asOfDateHint')} />
        </div>
        {shown.isPending && <Loading />}
        <ErrorBox error={shown.error} />
        {beforeFirst && (
          <p className="notice" role="status">
            {t('auditDossier.beforeFirst')}
          </p>
        )}
        {s && event && !beforeFirst && (
          <div className="two-col">
            <div>
              <h3>{byDate ? t('auditDossier.stateOnDate', { date: formatDate(date), revision: event.revision }) : t('auditDossier.stateAt', { revision, date: formatDateTime(s.lastEventAt) })}</h3>
              <KeyValues
                rows={[
                  [t('dossiers.status'), <StatusBadge status={s.status} />],
                  [t('dossiers.level'), s.dossier ? <LevelLabel level={s.dossier.level} /> : '—'],
                  [t('auditDossier.criteriaMet'), s.record ? `${Object.values(s.record.results).filter((r) => r.met).length}/${s.dossier?.criteriaCodes.length ?? '—'}` : '—'],
                  [t('auditDossier.event'), eventLabel(event.type)],
                  [t('audit.occurredAt'), formatDateTime(event.occurredAt)],
                  [t('audit.recordedAt'), formatDateTime(event.recordedAt)],
                  ...(event.source ? ([[t('audit.source'), <SourceText e={event} />]] as [string, ReactNode][]) : []),
                  [t('audit.who'), `${event.actorId} (${roleLabel(event.actorRole)}, ${event.actorUnit})`],
                  [t('audit.why'), event.reason ?? '—'],
                ]}
              />
            </div>
            {byDate ? (
              <div>
                <h3>{t('auditDossier.countedTitle')}</h3>
                <p>{t('auditDossier.counted', { counted: events.filter(counted).length, total: events.length })}</p>
              </div>
            ) : (
            <div>
              <h3>{t('auditDossier.changed', { count: changes.length })}</h3>
              {changes.length === 0 ? (
                <p className="empty">{t('auditDossier.noChange')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table diff">
                    <caption className="sr-only">{t('auditDossier.changed', { count: changes.length })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('auditDossier.field')}</th>
                        <th scope="col">{t('auditDossier.before')}</th>
                        <th scope="col">{t('auditDossier.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.slice(0, 60).map((c) => (
                        <tr key={c.path}>
                          <th scope="row">{pathLabel(c.path, t as unknown as (k: string) => string)}</th>
                          <td className="small del">{valueText(c.before, t as unknown as (k: string) => string)}</td>
                          <td className="small ins">{valueText(c.after, t as unknown as (k: string) => string)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
            )}
          </div>
        )}
      </Section>
      <Section title={t('auditDossier.timelineTitle', { count: events.length })} id="timeline">
        <Timeline events={events} selected={selected} counted={counted} onSelect={pick} />
      </Section>
    </>
  );
}
