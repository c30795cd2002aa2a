import 'i18next';
import type { vi } from './vi';

// Every t('…') key is checked against the Vietnamese dictionary, and en.ts must have the same shape.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
