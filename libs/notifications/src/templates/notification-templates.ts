import { NotificationKind } from '../notification-kind';
import { esc, formatInstant, layout, Locale, MailBody } from './mail-layout';

export interface TicketMailData {
  id: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  unitName: string;
  categoryName: string | null;
  teamName: string | null;
  assigneeName: string | null;
  requesterName: string;
  resolution: string | null;
  createdAt: Date;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export interface IncidentMailData {
  id: string;
  number: string;
  title: string;
  severity: string;
  category: string | null;
  unitName: string | null;
  reporterName: string | null;
  detectedAt: Date | null;
  /** TLP 2.0 marking (`amber`...): every incident mail carries it in subject and body. */
  tlp: string;
  /** Phase change: from, to and the CSIRT's note. */
  phase?: { from: string; to: string; note: string | null };
  /** Acknowledgement due time (breach mail). */
  ackDueAt?: Date | null;
}

export interface NotificationContext {
  kind: NotificationKind;
  locale: Locale;
  recipientName: string;
  timezone: string;
  appUrl: string;
  ticket?: TicketMailData;
  sla?: { clock: string; level: number | null; dueAt: Date | null };
  escalation?: { teamName: string | null; reason: string | null; automatic: boolean };
  incident?: IncidentMailData;
  /** The comment a reply or requester-comment mail quotes. */
  comment?: { authorName: string; body: string };
  /** Who returned the ticket to Tier 1, and their notes. */
  returned?: { teamName: string | null; notes: string | null };
}

const T = {
  id: {
    hello: (n: string) => `Halo ${n},`,
    footer:
      'Pesan otomatis dari SPBE Service Desk. Atur notifikasi di profil Anda; tanda terima, insiden keamanan dan pelanggaran SLA selalu dikirim.',
    open: 'Buka tiket',
    number: 'Nomor',
    title: 'Judul',
    priority: 'Prioritas',
    status: 'Status',
    unit: 'Perangkat Daerah',
    category: 'Kategori',
    team: 'Tim Tier 2',
    assignee: 'Petugas',
    requester: 'Pelapor',
    due: 'Batas waktu',
    created: 'Dilaporkan',
    reason: 'Alasan',
    resolution: 'Penyelesaian',
    message: 'Pesan',
    notes: 'Catatan',
    clocks: {
      response: 'tanggapan',
      resolution: 'penyelesaian',
      tier2_response: 'pengambilan Tier 2',
    } as Record<string, string>,
    severity: { low: 'rendah', medium: 'sedang', high: 'tinggi', critical: 'kritis' } as Record<
      string,
      string
    >,
    statuses: {
      new: 'baru',
      assigned: 'ditugaskan',
      in_progress: 'dikerjakan',
      pending: 'menunggu',
      resolved: 'selesai',
      closed: 'ditutup',
      cancelled: 'dibatalkan',
    } as Record<string, string>,
  },
  en: {
    hello: (n: string) => `Hello ${n},`,
    footer:
      'Automatic message from the SPBE Service Desk. Manage notifications in your profile; receipts, security incidents and SLA breaches are always sent.',
    open: 'Open the ticket',
    number: 'Number',
    title: 'Title',
    priority: 'Priority',
    status: 'Status',
    unit: 'Agency (PD)',
    category: 'Category',
    team: 'Tier 2 team',
    assignee: 'Assignee',
    requester: 'Requester',
    due: 'Due',
    created: 'Filed',
    reason: 'Reason',
    resolution: 'Resolution',
    message: 'Message',
    notes: 'Notes',
    clocks: {
      response: 'response',
      resolution: 'resolution',
      tier2_response: 'Tier 2 pick-up',
    } as Record<string, string>,
    severity: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' } as Record<string, string>,
    statuses: {
      new: 'new',
      assigned: 'assigned',
      in_progress: 'in progress',
      pending: 'pending',
      resolved: 'resolved',
      closed: 'closed',
      cancelled: 'cancelled',
    } as Record<string, string>,
  },
};

const PHASES_ID: Record<string, string> = {
  reported: 'dilaporkan',
  triage: 'triase',
  containment: 'penahanan',
  eradication: 'pembersihan',
  recovery: 'pemulihan',
  closed: 'ditutup',
};
const PHASES_EN: Record<string, string> = {
  reported: 'reported',
  triage: 'triage',
  containment: 'containment',
  eradication: 'eradication',
  recovery: 'recovery',
  closed: 'closed',
};

/** Subject, HTML and plain text of one notification, in the recipient's language. */
/**
 * Stands for the recipient's name while a mail is rendered once for many readers. PostgreSQL text
 * cannot hold NUL, so nothing a user wrote can contain it, and `esc` leaves it as it is.
 */
const NAME_SLOT = '\u0000recipient\u0000';

/**
 * Renders a mail once for every reader of the same language and fills in each reader's name: the
 * greeting is the only part that differs between them. Same output as `renderNotification`.
 */
export function notificationRenderer(
  ctx: Omit<NotificationContext, 'recipientName'>,
): (recipientName: string) => MailBody {
  const shared = renderNotification({ ...ctx, recipientName: NAME_SLOT });
  const html = shared.html.split(NAME_SLOT);
  const text = shared.text.split(NAME_SLOT);
  const subject = shared.subject.split(NAME_SLOT);
  return (recipientName) => ({
    subject: subject.join(recipientName),
    html: html.join(esc(recipientName)),
    text: text.join(recipientName),
  });
}

export function renderNotification(ctx: NotificationContext): MailBody {
  const l = T[ctx.locale];
  const t = ctx.ticket;
  const when = (d: Date | null | undefined) => formatInstant(d, ctx.timezone, ctx.locale);
  const ticketLink = t ? `${ctx.appUrl}/tickets/${t.id}` : ctx.appUrl;
  const ticketFacts = (extra: [string, string][] = []): [string, string][] =>
    t
      ? [
          [l.number, t.number],
          [l.title, t.title],
          [l.priority, t.priority],
          [l.status, l.statuses[t.status] ?? t.status],
          [l.unit, t.unitName],
          ...(t.categoryName ? ([[l.category, t.categoryName]] as [string, string][]) : []),
          ...extra,
        ]
      : extra;
  const en = ctx.locale === 'en';
  const base = {
    locale: ctx.locale,
    greeting: l.hello(ctx.recipientName),
    footer: l.footer,
    action: { label: l.open, url: ticketLink },
  };
  const clock = ctx.sla ? (l.clocks[ctx.sla.clock] ?? ctx.sla.clock) : '';
  let subject: string;
  let body: { html: string; text: string };
  switch (ctx.kind) {
    case NotificationKind.TicketReceipt:
      subject = en ? `[${t!.number}] We received your ticket` : `[${t!.number}] Laporan Anda telah diterima`;
      body = layout({
        ...base,
        title: en ? 'Your ticket was received' : 'Laporan Anda telah diterima',
        paragraphs: [
          en
            ? `We received your report and gave it the number ${t!.number}. The service desk of ${t!.unitName} will follow it up; quote this number when you ask about it.`
            : `Laporan Anda telah kami terima dengan nomor ${t!.number}. Service Desk ${t!.unitName} akan segera menindaklanjutinya; sebutkan nomor ini bila menanyakan perkembangannya.`,
        ],
        facts: ticketFacts([[l.created, when(t!.createdAt)]]),
      });
      break;
    case NotificationKind.TicketCreated:
      subject = en ? `[${t!.number}] New ticket: ${t!.title}` : `[${t!.number}] Tiket baru: ${t!.title}`;
      body = layout({
        ...base,
        title: en ? 'A new ticket reached your desk' : 'Tiket baru masuk ke Service Desk Anda',
        paragraphs: [
          en
            ? `${t!.requesterName} filed a ticket at ${t!.unitName}.`
            : `${t!.requesterName} melaporkan tiket baru di ${t!.unitName}.`,
        ],
        facts: ticketFacts([
          [l.requester, t!.requesterName],
          [l.due, when(t!.responseDueAt)],
        ]),
      });
      break;
    case NotificationKind.TicketAssigned:
      subject = en
        ? `[${t!.number}] Assigned to you: ${t!.title}`
        : `[${t!.number}] Tiket ditugaskan kepada Anda: ${t!.title}`;
      body = layout({
        ...base,
        title: en ? 'A ticket was assigned to you' : 'Tiket ditugaskan kepada Anda',
        paragraphs: [
          en ? 'You are now the assignee of this ticket.' : 'Anda sekarang menjadi petugas untuk tiket ini.',
        ],
        facts: ticketFacts([
          [l.requester, t!.requesterName],
          [l.due, when(t!.resolutionDueAt)],
        ]),
      });
      break;
    case NotificationKind.TicketEscalated: {
      const team = ctx.escalation?.teamName ?? t?.teamName ?? '-';
      subject = en
        ? `[${t!.number}] Escalated to ${team}: ${t!.title}`
        : `[${t!.number}] Eskalasi ke tim ${team}: ${t!.title}`;
      body = layout({
        ...base,
        title: en ? `Escalated to your team (${team})` : `Dieskalasi ke tim Anda (${team})`,
        paragraphs: [
          ctx.escalation?.automatic
            ? en
              ? 'The SLA was breached at Tier 1, so the ticket was escalated automatically. It waits in your team queue.'
              : 'SLA di Tier 1 terlampaui sehingga tiket dieskalasi secara otomatis. Tiket menunggu di antrean tim Anda.'
            : en
              ? `The Tier 1 desk of ${t!.unitName} escalated this ticket. It waits in your team queue.`
              : `Service Desk Tier 1 ${t!.unitName} mengeskalasi tiket ini. Tiket menunggu di antrean tim Anda.`,
        ],
        facts: ticketFacts([[l.team, team]]),
        quote: ctx.escalation?.reason ? { label: l.reason, text: ctx.escalation.reason } : undefined,
      });
      break;
    }
    case NotificationKind.SlaWarned:
      subject = en
        ? `[${t!.number}] SLA warning: the ${clock} due time is near`
        : `[${t!.number}] Peringatan SLA: batas waktu ${clock} segera tiba`;
      body = layout({
        ...base,
        title: en ? `The ${clock} due time is near` : `Batas waktu ${clock} segera tiba`,
        paragraphs: [
          en
            ? `Most of the ${clock} time of this ticket is used. Act before ${when(ctx.sla?.dueAt)}.`
            : `Sebagian besar waktu ${clock} tiket ini sudah terpakai. Tindak lanjuti sebelum ${when(ctx.sla?.dueAt)}.`,
        ],
        facts: ticketFacts([
          [l.assignee, t!.assigneeName ?? '-'],
          [l.due, when(ctx.sla?.dueAt)],
        ]),
      });
      break;
    case NotificationKind.SlaBreached:
      subject = en
        ? `[${t!.number}] SLA breached: the ${clock} due time has passed`
        : `[${t!.number}] SLA terlampaui: batas waktu ${clock} telah lewat`;
      body = layout({
        ...base,
        title: en ? `SLA breached (${clock})` : `SLA terlampaui (${clock})`,
        paragraphs: [
          en
            ? `The ${clock} due time of this ticket passed at ${when(ctx.sla?.dueAt)} without being met.`
            : `Batas waktu ${clock} tiket ini telah lewat pada ${when(ctx.sla?.dueAt)} tanpa terpenuhi.`,
        ],
        facts: ticketFacts([
          [l.assignee, t!.assigneeName ?? '-'],
          ...(t!.teamName ? ([[l.team, t!.teamName]] as [string, string][]) : []),
          [l.due, when(ctx.sla?.dueAt)],
        ]),
      });
      break;
    case NotificationKind.SlaLadder: {
      const level = ctx.sla?.level ?? 1;
      subject = en
        ? `[${t!.number}] SLA escalation level ${level} (${clock})`
        : `[${t!.number}] Eskalasi SLA tingkat ${level} (${clock})`;
      body = layout({
        ...base,
        title: en ? `SLA escalation level ${level}` : `Eskalasi SLA tingkat ${level}`,
        paragraphs: [
          en
            ? `This ticket is still open past the ${clock} target and reached escalation level ${level}; you are on the list for this level.`
            : `Tiket ini masih terbuka melewati target ${clock} dan mencapai eskalasi tingkat ${level}; Anda termasuk penerima untuk tingkat ini.`,
        ],
        facts: ticketFacts([
          [l.assignee, t!.assigneeName ?? '-'],
          [l.due, when(ctx.sla?.dueAt)],
        ]),
      });
      break;
    }
    case NotificationKind.TicketResolved:
      subject = en
        ? `[${t!.number}] Your ticket was resolved`
        : `[${t!.number}] Laporan Anda telah diselesaikan`;
      body = layout({
        ...base,
        title: en ? 'Your ticket was resolved' : 'Laporan Anda telah diselesaikan',
        paragraphs: [
          en
            ? 'The service desk resolved your ticket. Please rate the service; if the problem is back, you can reopen the ticket within three working days.'
            : 'Service Desk telah menyelesaikan laporan Anda. Mohon beri penilaian atas layanan kami; bila masalah muncul lagi, tiket dapat dibuka kembali dalam tiga hari kerja.',
        ],
        facts: ticketFacts([[l.assignee, t!.assigneeName ?? '-']]),
        quote: t!.resolution ? { label: l.resolution, text: t!.resolution } : undefined,
        action: { label: en ? 'Rate the service' : 'Beri penilaian', url: ticketLink },
      });
      break;
    case NotificationKind.TicketReply: {
      const who = ctx.comment?.authorName ?? '-';
      subject = en
        ? `[${t!.number}] New reply to your ticket`
        : `[${t!.number}] Balasan baru untuk laporan Anda`;
      body = layout({
        ...base,
        title: en ? 'The service desk replied' : 'Service Desk membalas laporan Anda',
        paragraphs: [
          en
            ? `${who} replied to your ticket "${t!.title}". You can answer on the ticket page.`
            : `${who} membalas laporan Anda "${t!.title}". Anda dapat menjawab di halaman tiket.`,
        ],
        facts: ticketFacts(),
        quote: ctx.comment ? { label: l.message, text: ctx.comment.body } : undefined,
        action: { label: en ? 'Read and answer' : 'Baca dan jawab', url: ticketLink },
      });
      break;
    }
    case NotificationKind.TicketRequesterComment: {
      subject = en
        ? `[${t!.number}] The requester wrote: ${t!.title}`
        : `[${t!.number}] Pelapor menulis komentar: ${t!.title}`;
      body = layout({
        ...base,
        title: en ? 'The requester added a comment' : 'Pelapor menambahkan komentar',
        paragraphs: [
          en
            ? `${t!.requesterName} wrote on this ticket.`
            : `${t!.requesterName} menulis komentar pada tiket ini.`,
        ],
        facts: ticketFacts([[l.assignee, t!.assigneeName ?? '-']]),
        quote: ctx.comment ? { label: l.message, text: ctx.comment.body } : undefined,
      });
      break;
    }
    case NotificationKind.TicketReturned: {
      const team = ctx.returned?.teamName ?? '-';
      subject = en
        ? `[${t!.number}] Returned to Tier 1: ${t!.title}`
        : `[${t!.number}] Dikembalikan ke Tier 1: ${t!.title}`;
      body = layout({
        ...base,
        title: en
          ? 'Tier 2 returned a ticket to your desk'
          : 'Tier 2 mengembalikan tiket ke Service Desk Anda',
        paragraphs: [
          en
            ? `The ${team} team sent this ticket back to the Tier 1 desk of ${t!.unitName}.`
            : `Tim ${team} mengembalikan tiket ini ke Service Desk Tier 1 ${t!.unitName}.`,
        ],
        facts: ticketFacts([
          [l.team, team],
          [l.assignee, t!.assigneeName ?? '-'],
        ]),
        quote: ctx.returned?.notes ? { label: l.notes, text: ctx.returned.notes } : undefined,
      });
      break;
    }
    case NotificationKind.TicketAutoResumed:
      subject = en
        ? `[${t!.number}] The wait is over: ticket back in progress`
        : `[${t!.number}] Waktu tunggu berakhir: tiket kembali dikerjakan`;
      body = layout({
        ...base,
        title: en ? 'A pending ticket resumed by itself' : 'Tiket yang ditunda dilanjutkan otomatis',
        paragraphs: [
          en
            ? 'The time this ticket was set to wait until has come: it is in progress again and its SLA clocks run.'
            : 'Batas waktu tunggu tiket ini telah tiba: tiket kembali berstatus dikerjakan dan jam SLA berjalan lagi.',
        ],
        facts: ticketFacts([
          [l.assignee, t!.assigneeName ?? '-'],
          [l.due, when(t!.resolutionDueAt)],
        ]),
        action: { label: en ? 'Open the ticket' : 'Buka tiket', url: ticketLink },
      });
      break;
    case NotificationKind.IncidentReported:
    case NotificationKind.IncidentReceipt:
    case NotificationKind.IncidentPhaseChanged:
    case NotificationKind.IncidentAckBreached: {
      const i = ctx.incident!;
      const severity = l.severity[i.severity] ?? i.severity;
      const tlp = `TLP:${i.tlp.toUpperCase()}`;
      const phases = en ? PHASES_EN : PHASES_ID;
      const facts: [string, string][] = [
        [en ? 'Marking' : 'Penandaan', tlp],
        [l.number, i.number],
        [l.title, i.title],
        [en ? 'Severity' : 'Tingkat keparahan', severity],
        ...(i.category ? ([[l.category, i.category]] as [string, string][]) : []),
        ...(i.unitName ? ([[l.unit, i.unitName]] as [string, string][]) : []),
        ...(i.reporterName ? ([[l.requester, i.reporterName]] as [string, string][]) : []),
        ...(i.detectedAt
          ? ([[en ? 'Detected' : 'Terdeteksi', when(i.detectedAt)]] as [string, string][])
          : []),
        ...(i.ackDueAt
          ? ([[en ? 'Acknowledge by' : 'Batas tanggapan', when(i.ackDueAt)]] as [string, string][])
          : []),
      ];
      const tlpLine = en
        ? `${tlp}: share this only as the TLP 2.0 marking allows.`
        : `${tlp}: sebarkan hanya sesuai penandaan TLP 2.0 ini.`;
      const link = {
        label: en ? 'Open the incident' : 'Buka insiden',
        url: `${ctx.appUrl}/incidents/${i.id}`,
      };
      let title: string;
      let lead: string;
      if (ctx.kind === NotificationKind.IncidentReported) {
        subject = en
          ? `[${tlp}] [${i.number}] Security incident reported (${severity}): ${i.title}`
          : `[${tlp}] [${i.number}] Insiden keamanan dilaporkan (${severity}): ${i.title}`;
        title = en ? 'A security incident was reported' : 'Insiden keamanan dilaporkan';
        lead = en
          ? 'A security incident was reported and waits for CSIRT triage.'
          : 'Sebuah insiden keamanan telah dilaporkan dan menunggu triase oleh CSIRT.';
      } else if (ctx.kind === NotificationKind.IncidentReceipt) {
        subject = en
          ? `[${tlp}] [${i.number}] We received your security incident report`
          : `[${tlp}] [${i.number}] Laporan insiden keamanan Anda telah diterima`;
        title = en ? 'Your incident report was received' : 'Laporan insiden Anda telah diterima';
        lead = en
          ? `Your report went straight to the regency CSIRT with the number ${i.number}. Keep the affected systems as they are unless the CSIRT tells you otherwise, and quote this number when you add facts.`
          : `Laporan Anda langsung diteruskan ke CSIRT kabupaten dengan nomor ${i.number}. Biarkan sistem yang terdampak apa adanya kecuali CSIRT meminta lain, dan sebutkan nomor ini bila menambahkan informasi.`;
      } else if (ctx.kind === NotificationKind.IncidentPhaseChanged) {
        const p = i.phase!;
        const to = phases[p.to] ?? p.to;
        subject = en
          ? `[${tlp}] [${i.number}] Incident phase: ${to}`
          : `[${tlp}] [${i.number}] Tahap penanganan insiden: ${to}`;
        title = en ? `The incident moved to ${to}` : `Insiden memasuki tahap ${to}`;
        lead = en
          ? `The CSIRT moved your incident from ${phases[p.from] ?? p.from} to ${to}.`
          : `CSIRT memindahkan insiden Anda dari tahap ${phases[p.from] ?? p.from} ke ${to}.`;
      } else {
        subject = en
          ? `[${tlp}] [${i.number}] Incident not acknowledged in time (${severity})`
          : `[${tlp}] [${i.number}] Insiden belum ditanggapi tepat waktu (${severity})`;
        title = en ? 'Acknowledgement deadline missed' : 'Batas waktu tanggapan terlewati';
        lead = en
          ? 'Nobody in the CSIRT acknowledged this incident before its deadline.'
          : 'Belum ada anggota CSIRT yang menanggapi insiden ini sebelum batas waktunya.';
      }
      body = layout({
        ...base,
        title: `${title} (${tlp})`,
        paragraphs: [lead, tlpLine],
        facts,
        quote: i.phase?.note ? { label: en ? 'Note' : 'Catatan', text: i.phase.note } : undefined,
        action: link,
      });
      break;
    }
  }
  return { subject, ...body };
}
