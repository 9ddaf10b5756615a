import { SlaReportView } from './dto/sla-report.view';
import {
  durationText,
  instantText,
  pctColour,
  pctTextFor,
  REPORT_WORDS,
  satisfactionText,
} from './report-format';
import type { Locale } from './report-period';

export const CHART_CID = 'sla-chart@spbe-desk';
/** Breaches listed in the mail itself; the CSV and PDF carry up to 100. */
const MAIL_BREACHES = 15;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const TH = `${FONT}font-size:12px;color:#333;background:#eef2f7;text-align:left;padding:6px 8px;border-bottom:1px solid #d5dce5;`;
const TD = `${FONT}font-size:12px;color:#111;padding:6px 8px;border-bottom:1px solid #e6e9ee;word-break:break-word;`;
const NUM = 'text-align:right;white-space:nowrap;';

function table(header: string[], rows: string[][], numeric: boolean[] = []): string {
  // Headings wrap (a phone is narrow); numbers stay on one line.
  const head = header
    .map((h, i) => `<th style="${TH}${numeric[i] ? 'text-align:right;' : ''}">${esc(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td style="${TD}${numeric[i] ? NUM : ''}">${cell}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:6px 0 16px;">${head ? `<tr>${head}</tr>` : ''}${body}</table>`;
}

const heading = (text: string) =>
  `<h2 style="${FONT}font-size:15px;color:#0b3d75;margin:18px 0 4px;">${esc(text)}</h2>`;

const pctCell = (pct: number | null, locale: Locale) =>
  `<span style="color:${pctColour(pct)};font-weight:bold;">${esc(pctTextFor(pct, locale))}</span>`;

export interface ReportMailInput {
  report: SlaReportView;
  locale: Locale;
  subscriptionName: string;
  regionName: string;
  appUrl: string;
}

/**
 * The report mail: a single column at most 600 px wide, built from tables with inline styles
 * (Outlook, Gmail and phone clients render it alike), no table wider than a phone (two to five
 * columns; the PDs one card each), figure tiles that wrap and stack below 480 px, the chart as an
 * inline CID image, and a plain-text part with the same headline figures, in the dashboard's words.
 */
export function renderReportMail(input: ReportMailInput): { subject: string; html: string; text: string } {
  const { report: r, locale } = input;
  const w = REPORT_WORDS[locale];
  const s = r.summary;
  const tz = r.period.timezone;
  const pct = (p: number | null) => pctCell(p, locale);

  const tiles: [string, string, string][] = [
    [w.opened, String(s.opened), '#111'],
    [w.resolved, String(s.resolved), '#111'],
    [w.backlog, String(s.backlog), '#111'],
    [w.breaches, String(s.breaches), s.breaches ? '#b3261e' : '#111'],
    [w.responseMet, pctTextFor(s.response.pct, locale), pctColour(s.response.pct)],
    [w.resolutionMet, pctTextFor(s.resolution.pct, locale), pctColour(s.resolution.pct)],
    [w.tier1, pctTextFor(s.tier1Resolution.pct, locale), '#111'],
    [w.satisfaction, satisfactionText(s.satisfaction.average, locale), '#111'],
    [w.deflections, String(r.deflections), '#111'],
  ];
  // Fluid tiles: four in a row at 600 px, two where space is short, one per row on a phone (the
  // media query); clients without media queries still wrap them instead of scrolling sideways.
  const tile = ([label, value, colour]: [string, string, string]) =>
    `<div class="tile" style="display:inline-block;width:49%;max-width:132px;min-width:120px;vertical-align:top;margin:0 4px 8px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border:1px solid #d5dce5;background:#f8fafc;"><tr><td style="${FONT}font-size:11px;color:#555;padding:8px 10px 2px;">${esc(label)}</td></tr><tr><td style="${FONT}font-size:20px;font-weight:bold;color:${colour};padding:0 10px 8px;">${esc(value)}</td></tr></table></div>`;
  const kpis = `<div style="margin:8px 0;">${tiles.map(tile).join('')}</div>`;

  const priorities =
    table(
      [w.priority, w.opened, w.resolved, w.response, w.resolution],
      r.byPriority.map((p) => [
        esc(p.priority),
        String(p.opened),
        String(p.resolved),
        pct(p.response.pct),
        pct(p.resolution.pct),
      ]),
      [false, true, true, true, true],
    ) +
    table(
      [w.priority, w.medianRespond, w.medianResolve],
      r.byPriority.map((p) => [
        esc(p.priority),
        esc(durationText(p.timeToRespond.medianSeconds, locale)),
        esc(durationText(p.timeToResolve.medianSeconds, locale)),
      ]),
      [false, true, true],
    );
  const times = table(
    [],
    [
      [
        esc(w.meanRespond),
        `${esc(durationText(s.timeToRespond.meanSeconds, locale))} <span style="color:#555;">(${w.median} ${esc(durationText(s.timeToRespond.medianSeconds, locale))})</span>`,
      ],
      [
        esc(w.meanResolve),
        `${esc(durationText(s.timeToResolve.meanSeconds, locale))} <span style="color:#555;">(${w.median} ${esc(durationText(s.timeToResolve.medianSeconds, locale))})</span>`,
      ],
      [esc(w.escalation), pct(s.escalation.pct)],
    ],
    [false, true],
  );
  const b = r.backlogByAge;
  const backlog = table(w.ages, [[b.lt1d, b.d1to3, b.d3to7, b.gt7d].map(String)], [true, true, true, true]);
  const units = r.byUnit.length
    ? heading(w.units) +
      r.byUnit
        .map(
          (u) =>
            `<p style="${FONT}font-size:13px;font-weight:bold;color:#111;margin:10px 0 0;">${esc(u.unitName)}</p>` +
            table(
              [],
              [
                [esc(w.opened), String(u.opened)],
                [esc(w.resolved), String(u.resolved)],
                [esc(w.backlog), String(u.backlog)],
                [esc(w.responseMet), pct(u.response.pct)],
                [esc(w.resolutionMet), pct(u.resolution.pct)],
                [esc(w.tier1), esc(pctTextFor(u.tier1Resolution.pct, locale))],
                [esc(w.breaches), String(u.breaches)],
                [esc(w.satisfaction), esc(satisfactionText(u.satisfaction.average, locale))],
              ],
              [false, true],
            ),
        )
        .join('')
    : '';
  const categories = r.topCategories.length
    ? table(
        [w.category, w.tickets],
        r.topCategories.map((c) => [esc(c.name), String(c.count)]),
        [false, true],
      )
    : `<p style="${FONT}font-size:12px;color:#555;">${esc(w.none)}</p>`;
  const shown = r.breaches.items.slice(0, MAIL_BREACHES);
  const breaches = shown.length
    ? table(
        [w.number, w.ticketTitle],
        shown.map((x) => [
          `<a href="${esc(`${input.appUrl}/tickets/${x.ticketId}`)}" style="color:#0b5cad;">${esc(x.number)}</a><br><span style="color:#555;">${esc(w.clocks[x.clock] ?? x.clock)}</span>`,
          `${esc(x.title.length > 60 ? `${x.title.slice(0, 57)}...` : x.title)}<br><span style="color:#555;">${esc(x.unitName)} &middot; ${esc(w.breachedAt)} ${esc(instantText(x.breachedAt, tz, locale))}</span>`,
        ]),
      ) +
      (r.breaches.total > shown.length
        ? `<p style="${FONT}font-size:12px;color:#555;margin:-8px 0 12px;">${esc(w.more(r.breaches.total - shown.length))}</p>`
        : '')
    : `<p style="${FONT}font-size:12px;color:#555;">${esc(w.none)}</p>`;
  const incidents =
    table(
      [w.severity, ...Object.keys(r.securityIncidents.bySeverity).map((k) => w.severities[k] ?? k)],
      [[esc(w.incidents), ...Object.values(r.securityIncidents.bySeverity).map(String)]],
      [false, true, true, true, true],
    ) +
    // One row per phase: six phase columns would not fit a phone's width.
    table(
      [w.phase, w.incidents],
      Object.entries(r.securityIncidents.byPhase).map(([k, v]) => [esc(w.phases[k] ?? k), String(v)]),
      [false, true],
    ) +
    `<p style="${FONT}font-size:12px;color:#555;margin:-8px 0 12px;">${esc(
      w.ackMet(
        r.securityIncidents.acknowledgement.pct == null ? '-' : `${r.securityIncidents.acknowledgement.pct}%`,
        r.securityIncidents.acknowledgement.met,
        r.securityIncidents.acknowledgement.decided,
      ),
    )}</p>` +
    (r.securityIncidents.available
      ? ''
      : `<p style="${FONT}font-size:11px;color:#777;margin:-8px 0 12px;">${esc(w.incidentsPending)}</p>`);

  const changeRows: [string, string][] = [
    ...(r.changes
      ? ([
          [w.changesImplemented, String(r.changes.implemented)],
          [w.changesSuccessful, pctTextFor(r.changes.successful.pct, locale)],
          [w.changesEmergency, pctTextFor(r.changes.emergency.pct, locale)],
        ] as [string, string][])
      : []),
    [w.problemsOpened, String(r.problems.opened)],
    [w.problemsResolved, String(r.problems.resolved)],
    [w.knownErrors, String(r.problems.openKnownErrors)],
  ];
  const changesTable = table(
    [w.changesProblems, ''],
    changeRows.map(([k, v]) => [esc(k), esc(v)]),
    [false, true],
  );

  const html = `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(w.title)}</title>
<style>@media only screen and (max-width:480px){.tile{display:block!important;width:auto!important;max-width:none!important;margin-right:0!important}.pad{padding:12px 10px!important}.pad th,.pad td{padding-left:4px!important;padding-right:4px!important}.outer{padding:8px 4px!important}}</style></head>
<body style="margin:0;padding:0;background:#eef1f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#eef1f5;"><tr><td class="outer" align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #d5dce5;">
<tr><td style="background:#0b5cad;padding:14px 20px;${FONT}color:#ffffff;"><div style="font-size:12px;opacity:0.9;">${esc(input.regionName)}</div><div style="font-size:18px;font-weight:bold;">${esc(w.title)}</div></td></tr>
<tr><td class="pad" style="padding:16px 20px;">
<h1 style="${FONT}font-size:17px;color:#111;margin:0 0 2px;">${esc(input.subscriptionName)}</h1>
<p style="${FONT}font-size:13px;color:#444;margin:0 0 8px;">${esc(r.scope.label)} &middot; ${esc(r.period.label)}</p>
${kpis}
<img src="cid:${CHART_CID}" width="560" alt="${esc(w.chartAlt)}" style="display:block;width:100%;max-width:560px;height:auto;border:0;margin:8px 0 4px;">
${heading(w.byPriority)}${priorities}
${heading(w.times)}${times}
${heading(w.backlogAge)}${backlog}
${units}
${heading(w.categories)}${categories}
${heading(`${w.breachList} (${r.breaches.total})`)}${breaches}
${heading(w.incidents)}${incidents}
${heading(w.changesProblems)}${changesTable}
<p style="${FONT}font-size:12px;color:#333;margin:16px 0 4px;">${esc(w.attachments)}</p>
<p style="${FONT}font-size:12px;margin:0;"><a href="${esc(input.appUrl)}" style="color:#0b5cad;">${esc(w.open)}</a></p>
</td></tr>
<tr><td style="padding:10px 20px;border-top:1px solid #e3e7ed;${FONT}font-size:11px;color:#777;">${esc(w.footer(input.subscriptionName))} ${esc(w.generated)}: ${esc(instantText(r.generatedAt, tz, locale))}.</td></tr>
</table></td></tr></table></body></html>`;

  const lines = [
    `${w.title}: ${input.subscriptionName}`,
    `${r.scope.label} - ${r.period.label}`,
    '',
    `${w.opened}: ${s.opened}`,
    `${w.resolved}: ${s.resolved}`,
    `${w.backlog}: ${s.backlog}`,
    `${w.responseMet}: ${pctTextFor(s.response.pct, locale)}`,
    `${w.resolutionMet}: ${pctTextFor(s.resolution.pct, locale)}`,
    `${w.tier1}: ${pctTextFor(s.tier1Resolution.pct, locale)}`,
    `${w.escalation}: ${pctTextFor(s.escalation.pct, locale)}`,
    `${w.meanRespond}: ${durationText(s.timeToRespond.meanSeconds, locale)} (${w.median} ${durationText(s.timeToRespond.medianSeconds, locale)})`,
    `${w.meanResolve}: ${durationText(s.timeToResolve.meanSeconds, locale)} (${w.median} ${durationText(s.timeToResolve.medianSeconds, locale)})`,
    `${w.breaches}: ${s.breaches}`,
    `${w.satisfaction}: ${satisfactionText(s.satisfaction.average, locale)}`,
    `${w.deflections}: ${r.deflections}`,
    ...changeRows.map(([k, v]) => `${k}: ${v}`),
    '',
    `${w.byPriority}:`,
    ...r.byPriority.map(
      (p) =>
        `  ${p.priority}: ${w.opened} ${p.opened}, ${w.resolved} ${p.resolved}, ${w.response} ${pctTextFor(p.response.pct, locale)}, ${w.resolution} ${pctTextFor(p.resolution.pct, locale)}`,
    ),
    ...(r.byUnit.length
      ? [
          '',
          `${w.units}:`,
          ...r.byUnit.map(
            (u) =>
              `  ${u.unitName}: ${w.opened} ${u.opened}, ${w.resolved} ${u.resolved}, ${w.backlog} ${u.backlog}, ${w.response} ${pctTextFor(u.response.pct, locale)}, ${w.resolution} ${pctTextFor(u.resolution.pct, locale)}`,
          ),
        ]
      : []),
    '',
    w.attachments,
    `${w.open}: ${input.appUrl}`,
    '--',
    w.footer(input.subscriptionName),
  ];
  return {
    subject: w.subject(r.scope.label, r.period.label),
    html,
    text: lines.join('\n'),
  };
}
