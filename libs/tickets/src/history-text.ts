import { DateTime } from 'luxon';

export type HistoryLocale = 'id' | 'en';
export interface HistoryReason {
  code: string;
  params: Record<string, string | number>;
}
export interface HistoryLine {
  id: string;
  action: string;
  actor: { id: string; name: string } | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  note: string | null;
  reason?: HistoryReason | null;
  createdAt: Date | string;
}

const ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "5 Des 2026 10.00 WITA" (Indonesian, with the dot) or "5 Dec 2026 10:00 WITA". */
export function localTime(at: Date | string, timezone: string, locale: HistoryLocale): string {
  const d = DateTime.fromJSDate(new Date(at), { zone: timezone }).setLocale(
    locale === 'en' ? 'en-GB' : 'id-ID',
  );
  return `${d.toFormat(locale === 'en' ? 'd LLL yyyy HH:mm' : 'd LLL yyyy HH.mm')} ${ZONES[timezone] ?? timezone}`;
}

/** A ticket status as people read it, in each language (history lines, report tables). */
export const TICKET_STATUS_NAMES = {
  id: {
    new: 'Baru',
    assigned: 'Ditugaskan',
    in_progress: 'Sedang dikerjakan',
    pending: 'Menunggu',
    resolved: 'Selesai ditangani',
    closed: 'Ditutup',
    cancelled: 'Dibatalkan',
  },
  en: {
    new: 'New',
    assigned: 'Assigned',
    in_progress: 'In progress',
    pending: 'Pending',
    resolved: 'Resolved',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
} as const;

const T = {
  id: {
    system: 'Sistem',
    clocks: { response: 'tanggapan', resolution: 'penyelesaian', tier2_response: 'pengambilan Tier 2' },
    statuses: TICKET_STATUS_NAMES.id,
    actions: {
      created: '{actor} membuat tiket',
      claim: '{actor} mengambil tiket',
      assign: '{actor} menugaskan tiket',
      start: '{actor} mulai mengerjakan',
      pend: '{actor} menunda tiket',
      resume: '{actor} melanjutkan pekerjaan',
      resolve: '{actor} menyelesaikan tiket',
      reopen: '{actor} membuka kembali tiket',
      close: '{actor} menutup tiket',
      cancel: '{actor} membatalkan tiket',
      escalated: '{actor} mengeskalasi tiket ke Dinas',
      escalated_auto: 'Tiket dieskalasi otomatis ke Dinas',
      returned: '{actor} mengembalikan tiket ke Tier 1',
      updated: '{actor} mengubah tiket',
      rated: '{actor} memberi penilaian',
      commented: 'Balasan dari {actor}',
      internal_note: 'Catatan internal dari {actor}',
      attachment_added: '{actor} melampirkan berkas',
      auto_closed: 'Tiket ditutup otomatis setelah masa konfirmasi',
      other: '{actor} mengubah tiket',
    } as Record<string, string>,
    status: 'Status: {from} → {to}',
    reasons: {
      sla_breached: 'Otomatis: tenggat {clock} {priority} terlewati (batas {dueAt})',
      sla_ladder: 'Otomatis: tingkat eskalasi SLA {clock} {priority} tercapai',
    } as Record<string, string>,
  },
  en: {
    system: 'System',
    clocks: { response: 'response', resolution: 'resolution', tier2_response: 'Tier 2 pick-up' },
    statuses: TICKET_STATUS_NAMES.en,
    actions: {
      created: '{actor} created the ticket',
      claim: '{actor} took the ticket',
      assign: '{actor} assigned the ticket',
      start: '{actor} started work',
      pend: '{actor} set the ticket pending',
      resume: '{actor} resumed work',
      resolve: '{actor} resolved the ticket',
      reopen: '{actor} reopened the ticket',
      close: '{actor} closed the ticket',
      cancel: '{actor} cancelled the ticket',
      escalated: '{actor} escalated the ticket to the Dinas',
      escalated_auto: 'The ticket was escalated to the Dinas automatically',
      returned: '{actor} returned the ticket to Tier 1',
      updated: '{actor} edited the ticket',
      rated: '{actor} rated the service',
      commented: 'Reply from {actor}',
      internal_note: 'Internal note from {actor}',
      attachment_added: '{actor} attached a file',
      auto_closed: 'The ticket closed by itself after the confirmation period',
      other: '{actor} changed the ticket',
    } as Record<string, string>,
    status: 'Status: {from} → {to}',
    reasons: {
      sla_breached: 'Automatic: the {priority} {clock} due time passed (due {dueAt})',
      sla_ladder: 'Automatic: SLA escalation level of the {priority} {clock} reached',
    } as Record<string, string>,
  },
};

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** A system reason in the reader's language, with local times. */
export function reasonText(reason: HistoryReason, locale: HistoryLocale, timezone: string): string {
  const l = T[locale];
  const p = reason.params;
  const template = l.reasons[reason.code];
  if (!template) return reason.code;
  return fill(template, {
    clock: l.clocks[String(p.clock) as keyof typeof l.clocks] ?? String(p.clock ?? ''),
    priority: String(p.priority ?? ''),
    dueAt: p.dueAt ? localTime(String(p.dueAt), timezone, locale) : '-',
  });
}

/** One history line as a sentence in the reader's language: who did what, the status move and the reason. */
export function historyText(e: HistoryLine, locale: HistoryLocale, timezone: string): string {
  const l = T[locale];
  const actor = e.actor?.name ?? l.system;
  const key = e.action === 'escalated' && !e.actor ? 'escalated_auto' : e.action;
  const parts = [fill(l.actions[key] ?? l.actions.other, { actor })];
  const s = e.changes?.status;
  if (s && s.from && e.action !== 'created') {
    const name = (v: unknown) => l.statuses[String(v) as keyof typeof l.statuses] ?? String(v);
    parts.push(fill(l.status, { from: name(s.from), to: name(s.to) }));
  }
  if (e.reason) parts.push(reasonText(e.reason, locale, timezone));
  else if (e.note) parts.push(e.note);
  return parts.join(' · ');
}
