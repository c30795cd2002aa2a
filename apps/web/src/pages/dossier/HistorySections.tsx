import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CitedGrounds, RecordedGrounds, RegulationPackSummary, Signer } from '../../api/types';
import { KeyValues, Section } from '../../components/ui';
import { formatDate } from '../../format';
import { useDossier } from './context';
import { findPack } from './packs';

export function signerText(signer: Signer | null, unknown: string): string {
  return signer ? `${signer.name} — ${signer.title}` : unknown;
}

/** Grounds in words: the rule, the criteria it found failing, the missed requalification, or an imported decision's own text. */
export function GroundsText({ grounds, packs }: { grounds: CitedGrounds | RecordedGrounds; packs: readonly RegulationPackSummary[] }) {
  const { t } = useTranslation();
  const criteria = grounds.failingCriteria.length ? `: ${grounds.failingCriteria.join(', ')}` : '';
  if (grounds.rule === 'as-decided') {
    return (
      <>
        {t('grounds.as-decided')}
        {criteria}
        {grounds.text && <div className="small">“{grounds.text}”</div>}
      </>
    );
  }
  if (grounds.rule === 'not-requalified') {
    const r = grounds.requalification;
    const target = r ? (findPack(packs, r.packId)?.title ?? r.packId) : null;
    return (
      <>
        {t('grounds.not-requalified')}
        {r && target && <div className="small">{t('grounds.requalificationText', { pack: target, date: formatDate(r.deadline) })}</div>}
      </>
    );
  }
  return (
    <>
      {t(`grounds.${grounds.rule}`)}
      {criteria}
    </>
  );
}

/** A recognition replaced by a recognition under a later period's set: when, by which dossier, under which pack. */
export function RenewalSection() {
  const { t } = useTranslation();
  const { dossier, packs } = useDossier();
  const r = dossier.renewal;
  if (!r) return null;
  return (
    <Section title={t('renewal.title')} id="renewal">
      <p>{t('renewal.text')}</p>
      <KeyValues
        rows={[
          [t('renewal.renewedOn'), formatDate(r.renewedOn)],
          [t('renewal.pack'), findPack(packs, r.packId)?.title ?? r.packId],
          [t('renewal.by'), <Link to={`/dossiers/${r.byDossierId}`}>{t('renewal.openNew')}</Link>],
        ]}
      />
    </Section>
  );
}

/** A revoked recognition: the decision, who signed, on what grounds. */
export function RevokedSection() {
  const { t } = useTranslation();
  const { dossier, packs } = useDossier();
  const r = dossier.revocation;
  if (!r) return null;
  const rows: [string, ReactNode][] = [
    [t('decision.number'), r.decisionNo],
    [t('decision.date'), formatDate(r.decisionDate)],
    [t('decision.signer'), signerText(r.signer, t('decision.signerUnknown'))],
    [t('recognition.grounds'), <GroundsText grounds={r.grounds} packs={packs} />],
  ];
  return (
    <Section title={t('revoked.title')} id="revoked">
      <KeyValues rows={rows} />
    </Section>
  );
}
