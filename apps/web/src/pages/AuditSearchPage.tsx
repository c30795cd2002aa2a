import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { AuditEvent, AuditQuery } from '../api/types';
import { eventLabel, roleLabel } from '../components/eventText';
import { DateField, TextField } from '../components/form';
import { Empty, ErrorBox, Loading, PageTitle, Section } from '../components/ui';
import { download, toCsv } from '../csv';
import { endOfVnDay, formatDate, formatDateTime, startOfVnDay } from '../format';

export function exportAudit(events: AuditEvent[], name: string, format: 'csv' | 'json'): void {
  if (format === 'json') {
    download(`${name}.json`, JSON.stringify(events, null, 2), 'application/json');
    return;
  }
  // Column names are the API's, so that an export reads the same in either language and in other tools.
  download(
    `${name}.csv`,
    toCsv(
      ['occurredAt', 'recordedAt', 'dossierId', 'communeCode', 'unitMap', 'revision', 'type', 'actorId', 'actorRole', 'actorUnit', 'reason', 'correlationId', 'globalPosition', 'hash', 'prevHash', 'sourceFile', 'sourceSheet', 'sourceRow'],
      events.map((e) => [
        e.occurredAt,
        e.recordedAt,
        e.dossierId,
        e.communeCode,
        e.unitMap,
        e.revision,
        e.type,
        e.actorId,
        e.actorRole,
        e.actorUnit,
        e.reason,
        e.correlationId,
        e.globalPosition,
        e.hash,
        e.prevHash,
        e.source?.file,
        e.source?.sheet,
        e.source?.row,
      ]),
    ),
  );
}

/** Business time (when it happened) and, when the product learnt it on another day, record time beside it. */
export function EventTimes({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  const apart = formatDate(e.occurredAt) !== formatDate(e.recordedAt);
  return (
    <>
      <span title={t('audit.businessTimeHint')}>{formatDateTime(e.occurredAt)}</span>
      {apart && <div className="muted small recorded-at">{t('audit.recordedOn', { date: formatDateTime(e.recordedAt) })}</div>}
    </>
  );
}

/** Where an imported event came from: file, sheet and the row as the spreadsheet numbers it. */
export function SourceText({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  if (!e.source) return null;
  return <span className="tag source-tag">{t(e.source.sheet ? 'audit.sourceSheet' : 'audit.sourceFile', { file: e.source.file, sheet: e.source.sheet, row: e.source.row })}</span>;
}

export function AuditTable({ events, caption, showDossier }: { events: AuditEvent[]; caption: string; showDossier?: boolean }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty>{t('audit.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table audit">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.whenBusiness')}</th>
            {showDossier && <th scope="col">{t('audit.dossier')}</th>}
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.why')}</th>
            <th scope="col" className="num">
              {t('audit.revision')}
            </th>
            <th scope="col">{t('audit.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.eventId}>
              <td>
                <EventTimes e={e} />
              </td>
              {showDossier && (
                <td>
                  {e.dossierId ? <Link to={`/dossiers/${e.dossierId}/audit`}>{e.communeCode ?? e.dossierId.slice(0, 8)}</Link> : e.streamId}
                </td>
              )}
              <td>
                {eventLabel(e.type)}
                {e.source && (
                  <div>
                    <SourceText e={e} />
                  </div>
                )}
              </td>
              <td>
                <span className="mono">{e.actorId}</span>
                <div className="muted small">
                  {roleLabel(e.actorRole)} · {e.actorUnit}
                </div>
              </td>
              <td>{e.reason ?? <span className="muted">—</span>}</td>
              <td className="num">{e.revision}</td>
              <td>
                <span className="mono hash" title={e.hash}>
                  {e.hash.slice(0, 12)}…
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [unit, setUnit] = useState(params.get('unit') ?? '');
  const [actor, setActor] = useState(params.get('actor') ?? '');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const applied: AuditQuery = {
    unit: params.get('unit') || undefined,
    actorId: params.get('actor') || undefined,
    from: params.get('from') ? startOfVnDay(params.get('from')!) : undefined,
    to: params.get('to') ? endOfVnDay(params.get('to')!) : undefined,
    limit: 500,
  };
  const trail = useQuery({ queryKey: ['audit', applied], queryFn: () => api.auditTrail(applied) });
  const search = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (unit.trim()) next.unit = unit.trim();
    if (actor.trim()) next.actor = actor.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(from)) next.from = from;
    if (/^\d{4}-\d{2}-\d{2}$/.test(to)) next.to = to;
    setParams(next);
  };
  const events = trail.data ?? [];
  const name = `nhat-ky-${formatDate(new Date().toISOString()).replace(/\//g, '-')}`;
  return (
    <>
      <PageTitle
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          events.length > 0 ? (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => exportAudit(events, name, 'csv')}>
                {t('common.exportCsv')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => exportAudit(events, name, 'json')}>
                {t('common.exportJson')}
              </button>
            </>
          ) : null
        }
      />
      <Section title={t('audit.searchTitle')}>
        <form className="filters" role="search" aria-label={t('audit.searchTitle')} onSubmit={search} noValidate>
          <TextField label={t('audit.unit')} value={unit} onChange={setUnit} placeholder="24, 07264" hint={t('audit.unitHint')} />
          <TextField label={t('audit.actor')} value={actor} onChange={setActor} placeholder="demo-chair" />
          <DateField label={t('audit.from')} value={from} onChange={setFrom} />
          <DateField label={t('audit.to')} value={to} onChange={setTo} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('audit.search')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('audit.results', { count: events.length })}>
        {trail.isPending && <Loading />}
        <ErrorBox error={trail.error} />
        {trail.data && <AuditTable events={events} caption={t('audit.results', { count: events.length })} showDossier />}
      </Section>
    </>
  );
}
