import { NotificationKind } from '../notification-kind';
import { NotificationContext, notificationRenderer, renderNotification } from './notification-templates';

const ticket = {
  id: '3f1c1a52-5d2e-4a53-9d5b-3f0b7f1c2a10',
  number: 'TIK-2026-000123',
  title: '<script>alert("x")</script> Printer & "scanner"',
  priority: 'P2',
  status: 'new',
  unitName: 'Dinas Kesehatan',
  categoryName: null,
  teamName: null,
  assigneeName: null,
  requesterName: 'Siti <b>Rahmah</b>',
  resolution: null,
  createdAt: new Date('2026-03-03T02:00:00Z'),
  responseDueAt: new Date('2026-03-03T02:30:00Z'),
  resolutionDueAt: null,
};

const context = (kind: NotificationKind, locale: 'id' | 'en' = 'id'): NotificationContext => ({
  kind,
  locale,
  recipientName: 'Budi',
  timezone: 'Asia/Makassar',
  appUrl: 'https://desk.example',
  ticket,
  sla: { clock: 'response', level: 2, dueAt: new Date('2026-03-03T02:30:00Z') },
  escalation: { teamName: 'Jaringan', reason: 'Switch mati', automatic: false },
  comment: { authorName: 'Siti <b>Rahmah</b>', body: '<script>x</script> coba lagi' },
  returned: { teamName: 'Jaringan', notes: 'Cek kabel <b>Rahmah</b>' },
  incident: {
    id: 'a8d7f0b2-8a55-4a53-9d5b-3f0b7f1c2a10',
    number: 'INS-2026-0001',
    title: 'Defacement',
    severity: 'critical',
    category: 'defacement',
    unitName: 'Dinas Kesehatan',
    reporterName: null,
    detectedAt: null,
    tlp: 'amber',
    phase: { from: 'reported', to: 'triage', note: 'Sedang diperiksa' },
  },
});

describe('renderNotification', () => {
  it.each(Object.values(NotificationKind))('should escape what users wrote in the HTML of %s', (kind) => {
    const mail = renderNotification(context(kind));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Rahmah</b>');
    expect(mail.subject).not.toMatch(/undefined|null/);
    expect(mail.text).toContain('https://desk.example/');
  });

  it('should show local times in the region’s zone', () => {
    expect(renderNotification(context(NotificationKind.TicketReceipt)).text).toContain(
      '3 Mar 2026 10.00 WITA',
    );
    expect(renderNotification(context(NotificationKind.SlaWarned, 'en')).text).toContain(
      '3 Mar 2026 10:30 WITA',
    );
  });

  it.each([
    [NotificationKind.TicketReceipt, 'id', '[TIK-2026-000123] Laporan Anda telah diterima'],
    [NotificationKind.TicketReceipt, 'en', '[TIK-2026-000123] We received your ticket'],
    [
      NotificationKind.SlaBreached,
      'id',
      '[TIK-2026-000123] SLA terlampaui: batas waktu tanggapan telah lewat',
    ],
    [NotificationKind.SlaLadder, 'en', '[TIK-2026-000123] SLA escalation level 2 (response)'],
    [
      NotificationKind.IncidentReported,
      'id',
      '[TLP:AMBER] [INS-2026-0001] Insiden keamanan dilaporkan (kritis): Defacement',
    ],
    [
      NotificationKind.IncidentReceipt,
      'en',
      '[TLP:AMBER] [INS-2026-0001] We received your security incident report',
    ],
    [
      NotificationKind.IncidentPhaseChanged,
      'id',
      '[TLP:AMBER] [INS-2026-0001] Tahap penanganan insiden: triase',
    ],
    [
      NotificationKind.IncidentAckBreached,
      'id',
      '[TLP:AMBER] [INS-2026-0001] Insiden belum ditanggapi tepat waktu (kritis)',
    ],
  ] as const)('should title %s in %s as %s', (kind, locale, subject) => {
    expect(renderNotification(context(kind, locale)).subject).toBe(subject);
  });

  it('should carry the TLP marking in the body of every incident mail', () => {
    for (const kind of [
      NotificationKind.IncidentReported,
      NotificationKind.IncidentReceipt,
      NotificationKind.IncidentPhaseChanged,
      NotificationKind.IncidentAckBreached,
    ]) {
      const mail = renderNotification(context(kind));
      expect(mail.text).toContain('TLP:AMBER');
      expect(mail.html).toContain('TLP:AMBER');
    }
  });

  it.each(Object.values(NotificationKind))(
    'should give each reader of %s the mail rendered for them alone when it is rendered once for all',
    (kind) => {
      for (const locale of ['id', 'en'] as const) {
        const { recipientName: _, ...shared } = context(kind, locale);
        const render = notificationRenderer(shared);
        // Names with HTML, a replacement pattern and a second reader in the same batch.
        for (const name of ['Budi <b>Santoso</b> & "Co"', "Rina $& $' $1", 'Ani']) {
          expect(render(name)).toEqual(renderNotification({ ...context(kind, locale), recipientName: name }));
        }
      }
    },
  );
});
