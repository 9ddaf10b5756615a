/**
 * The names of the incident response phases in the reader's language, one list for the mail, the
 * PDF and the exports, so they name a phase alike.
 */
export const INCIDENT_PHASE_WORDS: Record<'id' | 'en', Record<string, string>> = {
  id: {
    reported: 'Dilaporkan',
    triage: 'Triase',
    containment: 'Penahanan',
    eradication: 'Pembersihan',
    recovery: 'Pemulihan',
    closed: 'Ditutup',
  },
  en: {
    reported: 'Reported',
    triage: 'Triage',
    containment: 'Containment',
    eradication: 'Eradication',
    recovery: 'Recovery',
    closed: 'Closed',
  },
};
