import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useMe, useSession } from '../auth/session';
import { setLanguage, type Language } from '../i18n';
import { useLiveUpdates } from '../live/useLiveUpdates';
import { NAV_PATHS, ROLE_NAV } from '../roles';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as Language;
  return (
    <div className="lang-switch" role="group" aria-label={t('layout.language')}>
      {(['vi', 'en'] as const).map((l) => (
        <button key={l} type="button" className={current === l ? 'active' : ''} aria-pressed={current === l} onClick={() => void setLanguage(l)} lang={l}>
          {l === 'vi' ? 'Tiếng Việt' : 'English'}
        </button>
      ))}
    </div>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const live = useLiveUpdates(true);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            NTM
          </span>
          <div>
            <div className="brand-title">{t('layout.title')}</div>
            <div className="brand-sub">{t('layout.subtitle')}</div>
          </div>
        </div>
        <div className="topbar-right">
          <span className={`live live-${live}`} title={t(`live.${live}`)}>
            <span className="live-dot" aria-hidden="true" />
            {t(`live.${live}`)}
          </span>
          <LanguageSwitch />
          <div className="who">
            <div className="who-name">{me.name ?? me.id}</div>
            <div className="who-role">
              {t(`role.${me.role}`)} · {me.unitName ?? me.unit}
            </div>
          </div>
          <button type="button" className="btn btn-ghost" onClick={() => signOut()}>
            {t('layout.signOut')}
          </button>
        </div>
      </header>
      <nav className="mainnav" aria-label={t('layout.nav')}>
        <ul>
          {ROLE_NAV[me.role].map((key) => (
            <li key={key}>
              <NavLink to={NAV_PATHS[key]} end={false}>
                {t(`nav.${key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">{t('layout.footer')}</footer>
    </div>
  );
}
