import { layout, Locale, MailBody } from '@desk/notifications';

/** The mail that tells a requester the problem behind their open tickets is resolved. */
export function problemResolvedMail(input: {
  locale: Locale;
  recipientName: string;
  number: string;
  title: string;
  permanentFix: string | null;
  ticketNumbers: string[];
  appUrl: string;
}): MailBody {
  const en = input.locale === 'en';
  const tickets = input.ticketNumbers.join(', ');
  const subject = en
    ? `[${input.number}] The cause of your reports is fixed: ${input.title}`
    : `[${input.number}] Penyebab laporan Anda telah diatasi: ${input.title}`;
  const body = layout({
    locale: input.locale,
    title: en ? 'The cause of your reports is fixed' : 'Penyebab laporan Anda telah diatasi',
    greeting: en ? `Dear ${input.recipientName},` : `Yth. ${input.recipientName},`,
    paragraphs: [
      en
        ? `The service desk found and fixed the problem behind your reports ${tickets}. If the trouble is still there, reply on your ticket.`
        : `Service desk telah menemukan dan memperbaiki masalah di balik laporan Anda ${tickets}. Bila gangguan masih terjadi, balas pada tiket Anda.`,
    ],
    facts: [
      [en ? 'Problem' : 'Masalah', `${input.number} ${input.title}`],
      [en ? 'Your tickets' : 'Tiket Anda', tickets],
    ],
    quote: input.permanentFix
      ? { label: en ? 'What was done' : 'Yang dilakukan', text: input.permanentFix }
      : undefined,
    action: { label: en ? 'Open the desk' : 'Buka service desk', url: `${input.appUrl}/tickets` },
    footer: en
      ? 'You receive this because you reported a ticket linked to this problem.'
      : 'Anda menerima surel ini karena melaporkan tiket yang terkait dengan masalah ini.',
  });
  return { subject, ...body };
}
