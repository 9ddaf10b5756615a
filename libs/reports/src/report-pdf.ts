import { existsSync } from 'node:fs';
import { SlaReportView } from './dto/sla-report.view';
import { durationText, instantText, pctTextFor, REPORT_WORDS, satisfactionText } from './report-format';
import type { Locale } from './report-period';

/** A Unicode font when the system has one (ticket titles are free text); Helvetica otherwise. */
const FONTS = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
].find(([regular, bold]) => existsSync(regular) && existsSync(bold));

/** What Helvetica (WinAnsi) cannot draw is replaced, so the PDF never shows garbage glyphs. */
const winAnsi = (text: string) => (FONTS ? text : text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?'));

const MARGIN = 40;
const BLUE = '#0b5cad';

export interface ReportPdfInput {
  report: SlaReportView;
  locale: Locale;
  subscriptionName: string;
  regionName: string;
  chartPng: Buffer;
}

/**
 * The printable report (A4, pdfkit): the headline figures, the chart, the tables of the mail, the
 * full breach list (up to 100) and page numbers.
 */
export async function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  // Loaded on first use: pdfkit adds some 20 MB to every process that imports this lib.
  const { default: PDFDocument } = await import('pdfkit');
  const { report: r, locale } = input;
  const w = REPORT_WORDS[locale];
  const ws = w.short;
  const tz = r.period.timezone;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${w.title} - ${r.scope.label} - ${r.period.label}`, Author: input.regionName },
  });
  const regular = FONTS ? 'body' : 'Helvetica';
  const bold = FONTS ? 'body-bold' : 'Helvetica-Bold';
  if (FONTS) {
    doc.registerFont('body', FONTS[0]);
    doc.registerFont('body-bold', FONTS[1]);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).font(bold).fontSize(12).fillColor('#0b3d75').text(winAnsi(text), MARGIN, doc.y);
    doc.moveDown(0.2);
  };
  /** A table with fixed column fractions; numeric columns right-aligned; repeats its header on new pages. */
  const table = (header: string[], rows: string[][], fractions: number[], numeric: boolean[] = []) => {
    const cols = fractions.map((f) => f * width);
    const rowH = 16;
    // Header cells may wrap to two lines; body cells stay on one line and end in an ellipsis.
    const drawRow = (cells: string[], head: boolean) => {
      const h = head ? 24 : rowH;
      ensure(h);
      const y = doc.y;
      if (head) doc.rect(MARGIN, y - 2, width, h).fill('#eef2f7');
      let x = MARGIN;
      doc
        .font(head ? bold : regular)
        .fontSize(head ? 8 : 8.5)
        .fillColor('#111111');
      cells.forEach((cell, i) => {
        doc.text(winAnsi(cell), x + 3, y + 2, {
          width: cols[i] - 6,
          height: h - 2,
          align: numeric[i] ? 'right' : 'left',
          lineBreak: head,
          ellipsis: true,
        });
        x += cols[i];
      });
      doc
        .moveTo(MARGIN, y + h - 2)
        .lineTo(MARGIN + width, y + h - 2)
        .lineWidth(0.5)
        .strokeColor('#dde3ea')
        .stroke();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    if (header.length) drawRow(header, true);
    for (const row of rows) {
      if (header.length && doc.y + rowH > bottom()) {
        doc.addPage();
        drawRow(header, true);
      }
      drawRow(row, false);
    }
    doc.moveDown(0.4);
  };

  // Title band.
  doc.rect(0, 0, doc.page.width, 70).fill(BLUE);
  doc.font(regular).fontSize(9).fillColor('#dce9f7').text(winAnsi(input.regionName), MARGIN, 18);
  doc.font(bold).fontSize(16).fillColor('#ffffff').text(winAnsi(w.title), MARGIN, 32);
  doc.y = 86;
  doc.font(bold).fontSize(13).fillColor('#111111').text(winAnsi(input.subscriptionName), MARGIN);
  doc
    .font(regular)
    .fontSize(10)
    .fillColor('#444444')
    .text(winAnsi(`${r.scope.label} - ${r.period.label}`));
  doc.moveDown(0.6);

  const s = r.summary;
  const tiles: [string, string][] = [
    [w.opened, String(s.opened)],
    [w.resolved, String(s.resolved)],
    [w.backlog, String(s.backlog)],
    [w.breaches, String(s.breaches)],
    [w.responseMet, pctTextFor(s.response.pct, locale)],
    [w.resolutionMet, pctTextFor(s.resolution.pct, locale)],
    [w.tier1, pctTextFor(s.tier1Resolution.pct, locale)],
    [w.satisfaction, satisfactionText(s.satisfaction.average, locale)],
    // The mail's tile, same figure and words: reports a knowledge-base article made unnecessary.
    [w.deflections, String(r.deflections)],
  ];
  const tileW = width / 4;
  const top = doc.y;
  tiles.forEach(([label, value], i) => {
    const x = MARGIN + (i % 4) * tileW;
    const y = top + Math.floor(i / 4) * 46;
    doc
      .rect(x + 2, y, tileW - 4, 42)
      .lineWidth(0.5)
      .fillAndStroke('#f8fafc', '#d5dce5');
    doc
      .font(regular)
      .fontSize(8)
      .fillColor('#555555')
      .text(winAnsi(label), x + 8, y + 6, { width: tileW - 16 });
    doc
      .font(bold)
      .fontSize(15)
      .fillColor('#111111')
      .text(winAnsi(value), x + 8, y + 19, { width: tileW - 16 });
  });
  doc.x = MARGIN;
  doc.y = top + Math.ceil(tiles.length / 4) * 46 + 4;
  doc.image(input.chartPng, MARGIN, doc.y, { width });
  doc.y += (width * 320) / 720 + 6;

  heading(w.byPriority);
  table(
    [w.priority, ws.opened, ws.resolved, ws.response, ws.resolution, ws.medianRespond, ws.medianResolve],
    r.byPriority.map((p) => [
      p.priority,
      String(p.opened),
      String(p.resolved),
      pctTextFor(p.response.pct, locale),
      pctTextFor(p.resolution.pct, locale),
      durationText(p.timeToRespond.medianSeconds, locale),
      durationText(p.timeToResolve.medianSeconds, locale),
    ]),
    [0.1, 0.12, 0.12, 0.14, 0.16, 0.18, 0.18],
    [false, true, true, true, true, true, true],
  );
  heading(w.times);
  table(
    [],
    [
      [
        w.meanRespond,
        `${durationText(s.timeToRespond.meanSeconds, locale)} (${w.median} ${durationText(s.timeToRespond.medianSeconds, locale)})`,
      ],
      [
        w.meanResolve,
        `${durationText(s.timeToResolve.meanSeconds, locale)} (${w.median} ${durationText(s.timeToResolve.medianSeconds, locale)})`,
      ],
      [w.escalation, pctTextFor(s.escalation.pct, locale)],
    ],
    [0.5, 0.5],
    [false, true],
  );
  heading(w.backlogAge);
  const b = r.backlogByAge;
  table(
    w.ages,
    [[b.lt1d, b.d1to3, b.d3to7, b.gt7d].map(String)],
    [0.25, 0.25, 0.25, 0.25],
    [true, true, true, true],
  );
  if (r.byUnit.length) {
    heading(w.units);
    table(
      [
        w.unit,
        ws.opened,
        ws.resolved,
        ws.backlog,
        ws.response,
        ws.resolution,
        ws.tier1,
        ws.breaches,
        ws.satisfaction,
      ],
      r.byUnit.map((u) => [
        u.unitName,
        String(u.opened),
        String(u.resolved),
        String(u.backlog),
        pctTextFor(u.response.pct, locale),
        pctTextFor(u.resolution.pct, locale),
        pctTextFor(u.tier1Resolution.pct, locale),
        String(u.breaches),
        satisfactionText(u.satisfaction.average, locale),
      ]),
      [0.24, 0.07, 0.08, 0.09, 0.09, 0.12, 0.07, 0.1, 0.14],
      [false, true, true, true, true, true, true, true, true],
    );
  }
  heading(w.categories);
  table(
    [w.category, w.tickets],
    r.topCategories.map((c) => [c.name, String(c.count)]),
    [0.8, 0.2],
    [false, true],
  );
  heading(w.incidents);
  table(
    Object.keys(r.securityIncidents.bySeverity).map((k) => w.severities[k] ?? k),
    [Object.values(r.securityIncidents.bySeverity).map(String)],
    [0.25, 0.25, 0.25, 0.25],
    [true, true, true, true],
  );
  table(
    Object.keys(r.securityIncidents.byPhase).map((k) => w.phases[k] ?? k),
    [Object.values(r.securityIncidents.byPhase).map(String)],
    Object.keys(r.securityIncidents.byPhase).map(() => 1 / 6),
    Object.keys(r.securityIncidents.byPhase).map(() => true),
  );
  {
    const ack = r.securityIncidents.acknowledgement;
    doc
      .font(regular)
      .fontSize(8)
      .fillColor('#555555')
      .text(winAnsi(w.ackMet(ack.pct == null ? '-' : `${ack.pct}%`, ack.met, ack.decided)));
  }
  if (!r.securityIncidents.available)
    doc.font(regular).fontSize(8).fillColor('#777777').text(winAnsi(w.incidentsPending));
  heading(`${w.breachList} (${r.breaches.total})`);
  if (r.breaches.items.length) {
    table(
      [w.number, w.ticketTitle, w.unit, 'Prio', w.clock, w.breachedAt],
      r.breaches.items.map((x) => [
        x.number,
        x.title,
        x.unitName,
        x.priority,
        w.clocks[x.clock] ?? x.clock,
        instantText(x.breachedAt, tz, locale),
      ]),
      [0.17, 0.27, 0.17, 0.06, 0.13, 0.2],
    );
  } else {
    doc.font(regular).fontSize(9).fillColor('#555555').text(winAnsi(w.none));
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin must not trigger pdfkit's automatic page break.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(regular)
      .fontSize(8)
      .fillColor('#777777')
      .text(
        winAnsi(`${r.scope.label} - ${r.period.label}    ${w.page(i + 1, pages.count)}`),
        MARGIN,
        doc.page.height - MARGIN + 8,
        { width, align: 'right', lineBreak: false },
      );
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
