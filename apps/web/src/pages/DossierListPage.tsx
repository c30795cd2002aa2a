import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, commands } from '../api/client';
import { LEVELS, STATUSES, type DossierListItem, type DossierStatus, type Level } from '../api/types';
import { useMe } from '../auth/session';
import { toCsv, download } from '../csv';
import { DossierTable } from '../components/DossierTable';
import { NumberField, SelectField, SubmitButton, TextField } from '../components/form';
import { ErrorBox, Loading, PageTitle, ProblemBox, Section } from '../components/ui';
import { useCommand } from '../components/useCommand';
import { formatDate } from '../format';
import i18n from '../i18n';

const PAGE = 50;

function RegisterForm({ communeCode }: { communeCode: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [level, setLevel] = useState<Level>('standard');
  const [targetYear, setTargetYear] = useState(String(new Date().getFullYear() + 1));
  const [reason, setReason] = useState('');
  const cmd = useCommand(
    (v: { level: Level; targetYear: number; reason: string }, o) => commands.register({ communeCode, level: v.level, targetYear: v.targetYear }, { ...o, reason: v.reason || undefined }),
    { onSuccess: (a) => a.dossierId && navigate(`/dossiers/${a.dossierId}`) },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cmd.submit({ level, targetYear: Number(targetYear), reason });
  };
  return (
    <Section title={t('register.title')} id="register">
      <p className="muted">{t('register.hint')}</p>
      <form onSubmit={submit} className="form-grid" noValidate>
        <SelectField label={t('register.level')} value={level} onChange={setLevel} options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} errors={cmd.errors.level} />
        <NumberField label={t('register.targetYear')} value={targetYear} onChange={setTargetYear} min={2010} max={2100} errors={cmd.errors.targetYear} />
        <TextField label={t('common.reason')} value={reason} onChange={setReason} errors={cmd.errors.reason} hint={t('register.reasonHint')} />
        <div className="form-actions">
          <SubmitButton pending={cmd.pending}>{t('register.submit')}</SubmitButton>
        </div>
      </form>
      <ProblemBox problem={cmd.problem} errors={cmd.errors} />
    </Section>
  );
}

export function exportDossiers(items: DossierListItem[]): void {
  const t = i18n.t.bind(i18n);
  download(
    `ho-so-${formatDate(new Date().toISOString()).replace(/\//g, '-')}.csv`,
    toCsv(
      [t('dossiers.commune'), t('dossiers.communeCode'), t('dossiers.level'), t('dossiers.targetYear'), t('dossiers.status'), t('dossiers.criteria'), t('dossiers.stepDeadline'), t('dossiers.lastChanged'), 'ID'],
      items.map((d) => [d.communeName, d.communeCode, t(`level.${d.level}`), d.targetYear, t(`status.${d.status}`), d.criteriaTotal ? `${d.criteriaMet}/${d.criteriaTotal}` : '', formatDate(d.stepDeadline), formatDate(d.lastChangedAt), d.dossierId]),
    ),
  );
}

export function DossierListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as DossierStatus | '';
  const level = (params.get('level') ?? '') as Level | '';
  const unit = params.get('unit') ?? '';
  const offset = Number(params.get('offset') ?? 0);
  const isCommune = me.role === 'commune_officer';
  const q = { status: status || undefined, level: level || undefined, unit: unit || undefined, limit: PAGE, offset };
  const list = useQuery({ queryKey: ['dossiers', q], queryFn: () => api.dossiers(q) });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('offset');
    setParams(next);
  };
  const nationwide = me.role === 'auditor' || me.role === 'administrator';

  return (
    <>
      <PageTitle
        title={isCommune ? t('dossiers.myTitle', { unit: me.unitName ?? me.unit }) : t('dossiers.allTitle')}
        subtitle={isCommune ? t('dossiers.mySubtitle') : t('dossiers.allSubtitle', { unit: nationwide ? t('common.nationwide') : (me.unitName ?? me.unit) })}
        actions={
          list.data && list.data.items.length > 0 ? (
            <button type="button" className="btn btn-secondary" onClick={() => exportDossiers(list.data.items)}>
              {t('common.exportCsv')}
            </button>
          ) : null
        }
      />
      {isCommune && <RegisterForm communeCode={me.unit} />}
      <Section title={isCommune ? t('dossiers.myListTitle') : t('dossiers.listTitle')}>
        <div className="filters" role="search" aria-label={t('dossiers.filters')}>
          <SelectField label={t('dossiers.status')} value={status} onChange={(v) => set('status', v)} options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]} />
          <SelectField label={t('dossiers.level')} value={level} onChange={(v) => set('level', v)} options={[{ value: '', label: t('common.all') }, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]} />
          {!isCommune && <UnitFilter value={unit} onApply={(v) => set('unit', v)} />}
        </div>
        {list.isPending && <Loading />}
        <ErrorBox error={list.error} />
        {list.data && (
          <>
            <p className="muted small" aria-live="polite">
              {t('dossiers.count', { count: list.data.total })}
            </p>
            <DossierTable items={list.data.items} caption={t('dossiers.listTitle')} showProvince={nationwide} />
            {list.data.total > PAGE && (
              <div className="pager">
                <button type="button" className="btn btn-secondary" disabled={offset === 0} onClick={() => setParams({ ...Object.fromEntries(params), offset: String(Math.max(0, offset - PAGE)) })}>
                  {t('common.previous')}
                </button>
                <span>{t('common.pageOf', { from: offset + 1, to: Math.min(offset + PAGE, list.data.total), total: list.data.total })}</span>
                <button type="button" className="btn btn-secondary" disabled={offset + PAGE >= list.data.total} onClick={() => setParams({ ...Object.fromEntries(params), offset: String(offset + PAGE) })}>
                  {t('common.next')}
                </button>
              </div>
            )}
          </>
        )}
      </Section>
    </>
  );
}

function UnitFilter({ value, onApply }: { value: string; onApply: (v: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim());
      }}
    >
      <TextField label={t('dossiers.unitFilter')} value={text} onChange={setText} placeholder="24, 07330" />
      <button type="submit" className="btn btn-secondary">
        {t('common.apply')}
      </button>
    </form>
  );
}
