import dayjs from 'dayjs';
import 'dayjs/locale/id';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from './id';
import incidentId from './incident.id';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'desk.lang';

export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'id' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

function applyLanguage(lng: string): void {
  dayjs.locale(lng === 'en' ? 'en' : 'id');
  document.documentElement.lang = lng;
}

/**
 * Bahasa Indonesia is bundled; English is its own chunk, fetched only by someone who chose it (most
 * users never download it). Resolves once the language's texts are there.
 */
async function loadLanguage(lng: Language): Promise<void> {
  if (lng !== 'en' || i18n.hasResourceBundle('en', 'translation')) return;
  const [{ default: en }, { default: incidentEn }] = await Promise.all([
    import('./en'),
    import('./incident.en'),
  ]);
  i18n.addResourceBundle('en', 'translation', en);
  i18n.addResourceBundle('en', 'incident', incidentEn);
}

const initial: Language = storedLanguage() ?? 'id';
void i18n.use(initReactI18next).init({
  resources: { id: { translation: id, incident: incidentId } },
  lng: initial,
  fallbackLng: 'id',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** main.tsx renders once this resolves, so an English user never sees Indonesian first. */
export const i18nReady: Promise<void> = loadLanguage(initial).then(
  () => void i18n.changeLanguage(initial),
  () => undefined, // offline: Bahasa Indonesia (the fallback) until the next visit
);

/** Bahasa Indonesia unless the user chose otherwise on this device. */
export function setLanguage(lng: Language, remember = true): void {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
  void loadLanguage(lng).then(() => i18n.changeLanguage(lng));
}

export default i18n;
