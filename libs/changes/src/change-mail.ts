import { formatInstant, layout, Locale, MailBody } from '@desk/notifications';

export interface ChangeMailFacts {
  id: string;
  number: string;
  title: string;
  type: string;
  risk: string;
  owningUnitName: string;
  systems: string[];
  plannedStart: Date | string;
  plannedEnd: Date | string;
}

type ChangeMailKind = 'approval-requested' | 'decided' | 'window';

const TYPE_LABEL: Record<string, [string, string]> = {
  standard: ['Standar', 'Standard'],
  normal: ['Normal', 'Normal'],
  emergency: ['Darurat', 'Emergency'],
};
const RISK_LABEL: Record<string, [string, string]> = {
  low: ['Rendah', 'Low'],
  medium: ['Sedang', 'Medium'],
  high: ['Tinggi', 'High'],
};

/** Change mail in the reader's language: an approval request, a decision, a pre-window notice. */
export function changeMail(input: {
  kind: ChangeMailKind;
  locale: Locale;
  recipientName: string;
  change: ChangeMailFacts;
  timezone: string;
  appUrl: string;
  decision?: { approved: boolean; reason: string; by: string };
  /** An approved change was edited: its approval is void and asked for again. */
  reapproval?: boolean;
}): MailBody {
  const en = input.locale === 'en';
  const l = en ? 1 : 0;
  const c = input.change;
  const window = `${formatInstant(c.plannedStart, input.timezone, input.locale)} – ${formatInstant(c.plannedEnd, input.timezone, input.locale)}`;
  let subject: string;
  let title: string;
  let paragraphs: string[];
  let quote: { label: string; text: string } | undefined;
  switch (input.kind) {
    case 'approval-requested':
      subject = en
        ? `[${c.number}] Approval requested: ${c.title}`
        : `[${c.number}] Permohonan persetujuan perubahan: ${c.title}`;
      title = en ? 'A change awaits your approval' : 'Perubahan menunggu persetujuan Anda';
      paragraphs = [
        en
          ? 'Please review the plans and approve or reject the change in the approval queue.'
          : 'Mohon periksa rencananya lalu setujui atau tolak perubahan ini di antrean persetujuan.',
      ];
      if (input.reapproval) {
        subject = en
          ? `[${c.number}] Approval requested again after an edit: ${c.title}`
          : `[${c.number}] Persetujuan ulang setelah perubahan diubah: ${c.title}`;
        title = en
          ? 'An approved change was edited and awaits your approval again'
          : 'Perubahan yang sudah disetujui diubah dan menunggu persetujuan ulang';
        paragraphs.unshift(
          en
            ? 'The change was edited after its approval, so that approval no longer holds.'
            : 'Perubahan ini diubah setelah disetujui, sehingga persetujuan sebelumnya tidak berlaku lagi.',
        );
      }
      break;
    case 'decided': {
      const ok = input.decision?.approved;
      subject = en
        ? `[${c.number}] Change ${ok ? 'approved' : 'rejected'}: ${c.title}`
        : `[${c.number}] Perubahan ${ok ? 'disetujui' : 'ditolak'}: ${c.title}`;
      title = en
        ? `Your change was ${ok ? 'approved' : 'rejected'}`
        : `Perubahan Anda ${ok ? 'disetujui' : 'ditolak'}`;
      paragraphs = [
        en
          ? `${input.decision?.by ?? 'A supervisor'} decided on your change.`
          : `${input.decision?.by ?? 'Supervisor'} telah memutuskan perubahan Anda.`,
      ];
      quote = input.decision ? { label: en ? 'Reason' : 'Alasan', text: input.decision.reason } : undefined;
      break;
    }
    case 'window':
      subject = en
        ? `[${c.number}] Planned change ${window}: ${c.systems.join(', ')}`
        : `[${c.number}] Jadwal perubahan ${window}: ${c.systems.join(', ')}`;
      title = en ? 'A planned change affects your services' : 'Perubahan terjadwal memengaruhi layanan Anda';
      paragraphs = [
        en
          ? 'The systems below may be unavailable during the window. Please tell your users and expect related reports.'
          : 'Sistem di bawah ini dapat terganggu selama jadwal perubahan. Mohon informasikan kepada pengguna dan bersiap menerima laporan terkait.',
      ];
      break;
  }
  const body = layout({
    locale: input.locale,
    title,
    greeting: en ? `Dear ${input.recipientName},` : `Yth. ${input.recipientName},`,
    paragraphs,
    facts: [
      [en ? 'Change' : 'Perubahan', `${c.number} ${c.title}`],
      [en ? 'Type' : 'Jenis', TYPE_LABEL[c.type]?.[l] ?? c.type],
      [en ? 'Risk' : 'Risiko', RISK_LABEL[c.risk]?.[l] ?? c.risk],
      [en ? 'Owner' : 'Pemilik', c.owningUnitName],
      [en ? 'Systems' : 'Sistem', c.systems.join(', ') || '-'],
      [en ? 'Window' : 'Jadwal', window],
    ],
    quote,
    action: { label: en ? 'Open the change' : 'Buka perubahan', url: `${input.appUrl}/changes/${c.id}` },
    footer: en
      ? 'SPBE change management (Perbup Pasal 26): you receive this because of your role in this change.'
      : 'Manajemen perubahan SPBE (Perbup Pasal 26): Anda menerima surel ini karena peran Anda dalam perubahan ini.',
  });
  return { subject, ...body };
}
