import dayjs from 'dayjs';
import 'dayjs/locale/id';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import id from './id';
import incidentEn from './incident.en';
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

void i18n.use(initReactI18next).init({
  resources: {
    id: { translation: id, incident: incidentId },
    en: { translation: en, incident: incidentEn },
  },
  lng: storedLanguage() ?? 'id',
  fallbackLng: 'id',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** Bahasa Indonesia unless the user chose otherwise on this device. */
export function setLanguage(lng: Language, remember = true): void {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
  void i18n.changeLanguage(lng);
}

export default i18n;
