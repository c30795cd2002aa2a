import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, fieldErrors } from '../api/problem';
import { ROLES, type Role } from '../api/types';
import { startOidcSignIn } from '../auth/oidc';
import { useSession } from '../auth/session';
import { SelectField, TextField } from '../components/form';
import { LanguageSwitch } from '../components/Layout';
import { ErrorBox, Loading } from '../components/ui';

interface Persona {
  role: Role;
  unit: string;
  sub: string;
  name: string;
  unitName: string;
}

/** Bắc Ninh's demo people; the council's ids are those the demo dossier under appraisal was convened with. */
const PERSONAS: Persona[] = [
  { role: 'commune_officer', unit: '07330', sub: 'phuchoa-officer', name: 'Nguyễn Thị Lan', unitName: 'Xã Phúc Hòa' },
  { role: 'commune_officer', unit: '07288', sub: 'yenthe-officer', name: 'Trần Văn Hùng', unitName: 'Xã Yên Thế' },
  { role: 'verifying_officer', unit: '24', sub: 'verifier-1', name: 'Lê Minh Tuấn', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'coordination_office', unit: '24', sub: 'office-1', name: 'Phạm Thu Hà', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'council_chair', unit: '24', sub: 'demo-chair', name: 'Hoàng Văn Nam', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'council_member', unit: '24', sub: 'demo-member-2', name: 'Vũ Thị Mai', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'council_member', unit: '24', sub: 'demo-member-3', name: 'Đặng Quốc Bảo', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'provincial_chairperson', unit: '24', sub: 'chairperson-1', name: 'Ngô Đức Thắng', unitName: 'Tỉnh Bắc Ninh' },
  { role: 'auditor', unit: '24', sub: 'auditor-1', name: 'Bùi Thanh Hương', unitName: 'Thanh tra tỉnh Bắc Ninh' },
];

function DemoSignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [role, setRole] = useState<Role>('commune_officer');
  const [province, setProvince] = useState('24');
  const [commune, setCommune] = useState('');
  const [sub, setSub] = useState('');
  const [name, setName] = useState('');
  const provinces = useQuery({ queryKey: ['units'], queryFn: api.provinces, staleTime: Infinity });
  const communes = useQuery({ queryKey: ['unit', province, '2025-07'], queryFn: () => api.unit(province), staleTime: Infinity, enabled: role === 'commune_officer' });
  const mint = useMutation({ mutationFn: api.demoToken, onSuccess: (a) => signIn(a.accessToken) });
  const errors = mint.error instanceof ApiError ? fieldErrors(mint.error.problem) : {};

  const pick = (p: Persona) => mint.mutate({ role: p.role, unit: p.unit, sub: p.sub, name: p.name });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const unit = role === 'commune_officer' ? commune : province;
    mint.mutate({ role, unit, sub: sub.trim() || undefined, name: name.trim() || undefined });
  };

  return (
    <>
      <section className="card" aria-labelledby="personas-title">
        <h2 id="personas-title">{t('signIn.personasTitle')}</h2>
        <p className="muted">{t('signIn.personasHint')}</p>
        <ul className="personas">
          {PERSONAS.map((p) => (
            <li key={p.sub}>
              <button type="button" className="persona" onClick={() => pick(p)} disabled={mint.isPending} data-persona={p.sub}>
                <span className="persona-role">{t(`role.${p.role}`)}</span>
                <span className="persona-name">{p.name}</span>
                <span className="persona-unit">
                  {p.unitName} ({p.unit})
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="custom-title">
        <h2 id="custom-title">{t('signIn.customTitle')}</h2>
        <form onSubmit={submit} className="form-grid">
          <SelectField label={t('signIn.role')} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} errors={errors.role} />
          <SelectField
            label={t('signIn.province')}
            value={province}
            onChange={(v) => {
              setProvince(v);
              setCommune('');
            }}
            options={(provinces.data ?? [{ code: '24', name: 'Tỉnh Bắc Ninh' }]).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
            errors={role === 'commune_officer' ? undefined : errors.unit}
          />
          {role === 'commune_officer' && (
            <SelectField
              label={t('signIn.commune')}
              value={commune}
              onChange={setCommune}
              options={[{ value: '', label: t('signIn.chooseCommune') }, ...(communes.data?.communes ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))]}
              errors={errors.unit}
            />
          )}
          <TextField label={t('signIn.userId')} value={sub} onChange={setSub} errors={errors.sub} hint={t('signIn.userIdHint')} />
          <TextField label={t('signIn.displayName')} value={name} onChange={setName} errors={errors.name} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={mint.isPending}>
              {t('signIn.submit')}
            </button>
          </div>
        </form>
      </section>
      {mint.error && !Object.keys(errors).length ? <ErrorBox error={mint.error} /> : null}
    </>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const { notice } = useSession();
  const config = useQuery({ queryKey: ['sign-in-config'], queryFn: api.signInConfig, staleTime: Infinity });
  const oidc = useMutation({ mutationFn: async () => startOidcSignIn(config.data!.oidc!) });
  const noticeText = notice === 'session-expired' ? t('signIn.expired') : notice?.startsWith('oidc:') ? t('signIn.oidcFailed', { reason: notice.slice(5) }) : null;

  return (
    <div className="signin">
      <header className="signin-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            NTM
          </span>
          <div>
            <div className="brand-title">{t('layout.title')}</div>
            <div className="brand-sub">{t('layout.subtitle')}</div>
          </div>
        </div>
        <LanguageSwitch />
      </header>
      <main id="main" className="signin-main">
        <h1>{t('signIn.title')}</h1>
        {noticeText && (
          <div className="notice" role="status">
            {noticeText}
          </div>
        )}
        {config.isPending && <Loading />}
        <ErrorBox error={config.error} />
        {config.data?.oidc && (
          <section className="card" aria-labelledby="oidc-title">
            <h2 id="oidc-title">{t('signIn.oidcTitle')}</h2>
            <p className="muted">{t('signIn.oidcHint')}</p>
            {config.data.oidc.error && <ErrorBox error={new Error(config.data.oidc.error)} />}
            <button type="button" className="btn btn-primary" disabled={!config.data.oidc.authorizationEndpoint || oidc.isPending} onClick={() => oidc.mutate()}>
              {t('signIn.oidcButton')}
            </button>
            <ErrorBox error={oidc.error} />
          </section>
        )}
        {config.data?.demoSignIn && (
          <>
            <p className="demo-banner" role="note">
              {t('signIn.demoBanner')}
            </p>
            <DemoSignIn />
          </>
        )}
        {config.data && !config.data.demoSignIn && !config.data.oidc && <ErrorBox error={new Error(t('signIn.noneConfigured'))} />}
      </main>
    </div>
  );
}
