import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from './vi';

export type Language = 'vi' | 'en';
const STORAGE_KEY = 'ntm.language';

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

void i18n.use(initReactI18next).init({
  // Vietnamese, which most people read, comes with the first load; English is fetched the first time it is wanted.
  resources: { vi: { translation: vi } },
  partialBundledLanguages: true,
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

async function use(language: Language): Promise<void> {
  if (language === 'en' && !i18n.hasResourceBundle('en', 'translation')) i18n.addResourceBundle('en', 'translation', (await import('./en')).en);
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Settled once the person's language is ready: the console renders after it, so nothing shows in the other one first. */
export const languageReady: Promise<void> = use(initialLanguage()).catch(() => use('vi'));

export async function setLanguage(language: Language): Promise<void> {
  await use(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
