import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import type { CommandAnswer, Dossier, DossierStatus } from '../../api/types';
import { useMe } from '../../auth/session';
import { ErrorBox, KeyValues, LevelLabel, Loading, PageTitle, Section, StatusBadge } from '../../components/ui';
import { formatDate } from '../../format';
import { ForwardSection, CouncilView, DecisionSection, OfficeAppraisalSection, RecognitionSection, RevocationSection, SupplementSection, VerificationSection, VoteSection } from './ActionSections';
import { RenewalSection, RevokedSection } from './HistorySections';
import { findPack, judgingOf } from './packs';
import { ConditionsSection } from './ConditionsSection';
import { ConsultationSection } from './ConsultationSection';
import { DossierCtx, type DossierContext, type UnmetItem } from './context';
import { CriteriaSection } from './CriteriaSection';
import { StaleDialog } from './StaleDialog';
import { SubmitSection, WithdrawSection } from './SubmitSection';

const STEPS: DossierStatus[] = ['drafting', 'under_verification', 'verified', 'under_appraisal', 'appraised', 'recognised'];
const STEP_OF: Partial<Record<DossierStatus, DossierStatus>> = { awaiting_supplement: 'under_appraisal', revocation_proposed: 'recognised' };
const WITHDRAWABLE = new Set<DossierStatus>(['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement']);

function Stepper({ status }: { status: DossierStatus }) {
  const { t } = useTranslation();
  const current = STEPS.indexOf(STEP_OF[status] ?? status);
  if (current < 0) return null;
  return (
    <ol className="stepper" aria-label={t('dossier.progress')}>
      {STEPS.map((s, i) => (
        <li key={s} className={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
          {t(`status.${s}`)}
        </li>
      ))}
    </ol>
  );
}

export function DossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['dossier', id], queryFn: () => api.dossier(id) });
  const dossier = q.data?.value;
  const facts = dossier?.dossier;
  // Auditors and administrators read every province's packs; the others their own province's (and the national ones).
  const packsOf = me.role === 'auditor' || me.role === 'administrator' ? undefined : me.provinceCode;
  const regulations = useQuery({ queryKey: ['regulations', packsOf], queryFn: () => api.regulations(packsOf), enabled: !!facts, staleTime: 10 * 60_000 });
  const packs = regulations.data?.packs;
  const pinned = packs && facts ? findPack(packs, facts.packId, facts.packVersion) : undefined;
  // The unit on the map of its dossier: a district, or a commune whose code may since mean another commune.
  const unit = useQuery({ queryKey: ['unit', facts?.communeCode, facts?.unitMap], queryFn: () => api.unit(facts!.communeCode, facts!.unitMap), enabled: !!facts, staleTime: Infinity });
  const next = useQuery({ queryKey: ['next-deadline', facts?.communeCode, facts?.unitMap], queryFn: () => api.nextDeadline(facts!.communeCode, facts!.unitMap), enabled: !!facts });

  // The revision this page decides on; it moves with the person's own commands and reloads, not with others' changes.
  const [revision, setRevision] = useState<number | null>(null);
  const [stale, setStale] = useState(false);
  const [unmet, setUnmet] = useState<UnmetItem[]>([]);
  const [formsKey, setFormsKey] = useState(0);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    if (revision === null && q.data) setRevision(q.data.revision);
  }, [q.data, revision]);

  const reload = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({ queryKey: ['dossier', id], queryFn: () => api.dossier(id) });
    setRevision(fresh.revision);
    setUnmet([]);
    setStale(false);
    setSaved(null);
    setFormsKey((k) => k + 1);
  }, [queryClient, id]);

  const onSuccess = useCallback(
    (a: CommandAnswer) => {
      setRevision(a.revision);
      setSaved(a.revision);
      void queryClient.invalidateQueries({ queryKey: ['dossier', id] });
      void queryClient.invalidateQueries({ queryKey: ['dossiers'] });
      void queryClient.invalidateQueries({ queryKey: ['next-deadline'] });
      setFormsKey((k) => k + 1);
    },
    [queryClient, id],
  );

  const ctx = useMemo<DossierContext | null>(() => {
    if (!dossier || revision === null) return null;
    const set = pinned?.criteriaSets.find((s) => s.code === dossier.dossier.criteriaSetCode) ?? null;
    const judging = pinned && packs ? judgingOf(packs, pinned, dossier.dossier.level, dossier.dossier.unitKind) : null;
    return { dossier, set, judging, packs: packs ?? [], me, revision, unmet, setUnmet, commandOptions: { ifMatch: revision, onSuccess, onStale: () => setStale(true) } };
  }, [dossier, pinned, packs, me, revision, unmet, onSuccess]);

  if (q.isPending) return <Loading />;
  if (q.error || !dossier || !ctx) return <ErrorBox error={q.error ?? new Error(t('dossier.notFound'))} />;

  const changedElsewhere = q.data.revision > ctx.revision;
  const name = unit.data?.name ?? dossier.dossier.communeCode;
  const mine = next.data?.deadlines.filter((d) => d.dossierId === dossier.dossierId) ?? [];
  const district = dossier.dossier.unitKind === 'district';
  // A commune of the March 2025 map is looked at on the last day of that map: its code may mean another commune today.
  const communeLink = `/communes/${dossier.dossier.communeCode}${dossier.dossier.unitMap === '2025-03' ? '?asOf=2025-06-30' : ''}`;

  return (
    <DossierCtx.Provider value={ctx}>
      <PageTitle
        title={district ? t('dossier.titleDistrict', { unit: name }) : t('dossier.title', { commune: name })}
        subtitle={
          <>
            <LevelLabel level={dossier.dossier.level} unitKind={dossier.dossier.unitKind} /> · {t('dossier.targetYear', { year: dossier.dossier.targetYear })} · <StatusBadge status={dossier.status} />
            {dossier.dossier.imported && <span className="tag">{t('dossier.importedTag')}</span>}
          </>
        }
        actions={
          <Link className="btn btn-secondary" to={`/dossiers/${dossier.dossierId}/audit`}>
            {t('dossier.history')}
          </Link>
        }
      />
      {changedElsewhere && !stale && (
        <div className="notice notice-warn" role="status">
          {t('stale.banner')}{' '}
          <button type="button" className="btn btn-secondary" onClick={() => void reload()}>
            {t('stale.reload')}
          </button>
        </div>
      )}
      {saved !== null && (
        <p className="saved" role="status">
          ✔ {t('dossier.saved', { revision: saved })}
        </p>
      )}
      {stale && <StaleDialog onReload={() => void reload()} onClose={() => setStale(false)} />}
      {dossier.dossier.imported ? (
        <p className="notice" role="note">
          {t('dossier.importedNotice')}{' '}
          <Link to={`/dossiers/${dossier.dossierId}/audit`}>{t('dossier.importedSource')}</Link>
        </p>
      ) : (
        <Stepper status={dossier.status} />
      )}
      <div className="dossier-grid">
        <div className="dossier-main" key={formsKey}>
          <Sections dossier={dossier} role={me.role} meId={me.id} />
        </div>
        <aside className="dossier-side" aria-label={t('dossier.facts')}>
          <Section title={t('dossier.facts')}>
            <KeyValues
              rows={[
                district
                  ? [t('dossier.district'), `${name} (${dossier.dossier.communeCode})`]
                  : [t('dossier.commune'), <Link to={communeLink}>{`${name} (${dossier.dossier.communeCode})`}</Link>],
                [t('dossier.level'), <LevelLabel level={dossier.dossier.level} unitKind={dossier.dossier.unitKind} />],
                [t('dossier.pack'), `${pinned?.title ?? dossier.dossier.packId} (${dossier.dossier.packVersion})`],
                [t('dossier.criteriaSet'), <span className="mono small">{dossier.dossier.criteriaSetCode}</span>],
                [t('dossier.map'), t(`map.${dossier.dossier.unitMap}`)],
                [dossier.dossier.imported ? t('dossier.recognisedOn') : t('dossier.registeredAt'), formatDate(dossier.dossier.registeredAt)],
                [t('dossier.revision'), String(q.data.revision)],
              ]}
            />
          </Section>
          <Section title={t('dossier.deadlines')}>
            {mine.length === 0 ? (
              <p className="empty">{t('dossier.noDeadline')}</p>
            ) : (
              <ul className="deadline-list">
                {mine.map((d) => (
                  <li key={`${d.kind}-${d.startedAt}`} className={d.overdue ? 'overdue' : ''}>
                    <strong>{t(`deadlineKind.${d.kind}`)}</strong>: {formatDate(d.dueAt)}
                    <div className="small">{d.overdue ? t('deadlines.overdueBy', { count: -d.daysLeft }) : t('deadlines.daysLeft', { count: d.daysLeft })}</div>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {(dossier.documents ?? []).length > 0 && (
            <Section title={t('dossier.documents')}>
              <ul className="compact-list">
                {dossier.documents!.map((d) => (
                  <li key={`${d.kind}-${d.ref}`}>
                    {t(`document.${d.kind}`)}: <span className="mono">{d.ref}</span>
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {(dossier.findings ?? []).length > 0 && (
            <Section title={t('dossier.findings')}>
              <ul className="compact-list">
                {dossier.findings!.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </Section>
          )}
        </aside>
      </div>
    </DossierCtx.Provider>
  );
}

/** What the page shows below the header: the record for everyone, the actions for the role whose turn it is. */
function Sections({ dossier, role, meId }: { dossier: Dossier; role: string; meId: string }) {
  const { t } = useTranslation();
  const s = dossier.status;
  const hasRecord = dossier.record !== undefined;
  const inCouncil = dossier.appraisal?.council?.members.includes(meId) ?? false;
  return (
    <>
      {s === 'under_verification' && role === 'verifying_officer' && <VerificationSection />}
      {s === 'verified' && (role === 'verifying_officer' || role === 'commune_officer') && <ForwardSection />}
      {s === 'awaiting_supplement' && <SupplementSection />}
      {(s === 'under_appraisal' || s === 'awaiting_supplement') && role === 'coordination_office' && <OfficeAppraisalSection />}
      {s === 'under_appraisal' && (role === 'council_member' || role === 'council_chair') && inCouncil && <VoteSection />}
      {(s === 'under_appraisal' || s === 'awaiting_supplement') && <CouncilView />}
      {s === 'appraised' && <DecisionSection />}
      {(s === 'recognised' || s === 'revocation_proposed' || s === 'revoked' || s === 'renewed') && dossier.recognition && <RecognitionSection />}
      {s === 'renewed' && <RenewalSection />}
      {s === 'revoked' && <RevokedSection />}
      {s === 'revocation_proposed' && <RevocationSection />}
      {s === 'rejected' && (
        <Section title={t('status.rejected')}>
          <ul>{(dossier.reasons ?? []).map((r) => <li key={r}>{r}</li>)}</ul>
        </Section>
      )}
      {s === 'withdrawn' && (
        <Section title={t('status.withdrawn')}>
          <p>
            {formatDate(dossier.withdrawnAt)}: {dossier.reason}
          </p>
        </Section>
      )}
      {hasRecord && (
        <>
          <CriteriaSection />
          <ConsultationSection />
          <ConditionsSection />
        </>
      )}
      {s === 'drafting' && role === 'commune_officer' && <SubmitSection />}
      {WITHDRAWABLE.has(s) && role === 'commune_officer' && <WithdrawSection />}
    </>
  );
}
