import { DateTime } from 'luxon';

export type Locale = 'id' | 'en';

export const asLocale = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'id');

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything that came from users (titles, names, reasons) goes through this before HTML. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * "12 Mar 2026 14.05 WITA" in the region's zone and the reader's language, as the app writes it:
 * Indonesian separates hours and minutes with a dot, English with a colon.
 */
export function formatInstant(
  at: Date | string | null | undefined,
  timezone: string,
  locale: Locale,
): string {
  if (!at) return '-';
  const local = DateTime.fromJSDate(new Date(at), { zone: timezone }).setLocale(
    locale === 'en' ? 'en-GB' : 'id-ID',
  );
  return `${local.toFormat(locale === 'en' ? 'd LLL yyyy HH:mm' : 'd LLL yyyy HH.mm')} ${zoneAbbreviation(timezone)}`;
}

/** Indonesian zone names people know (WIB, WITA, WIT); the IANA name elsewhere. */
export function zoneAbbreviation(timezone: string): string {
  return (
    { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[
      timezone
    ] ?? timezone
  );
}

export interface MailBody {
  subject: string;
  html: string;
  text: string;
}

export interface LayoutInput {
  locale: Locale;
  /** The heading inside the mail. */
  title: string;
  greeting?: string;
  paragraphs: string[];
  /** Label and value rows shown as a small table. */
  facts?: [string, string][];
  /** Quoted text from a person (reason, resolution). */
  quote?: { label: string; text: string };
  action?: { label: string; url: string };
  footer: string;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';

/**
 * A single-column mail that reads well in Outlook, Gmail and phone clients: tables for layout, all
 * styles inline, no images or scripts. The plain-text part carries the same content.
 */
export function layout(input: LayoutInput): { html: string; text: string } {
  const facts = input.facts?.length
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:12px 0;width:100%;">${input.facts
        .map(
          ([label, value]) =>
            `<tr><td style="${FONT}font-size:13px;color:#555;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap;">${esc(label)}</td><td style="${FONT}font-size:13px;color:#111;padding:4px 0;vertical-align:top;">${esc(value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const quote = input.quote
    ? `<p style="${FONT}font-size:13px;color:#555;margin:12px 0 4px;">${esc(input.quote.label)}</p><div style="${FONT}font-size:14px;color:#111;border-left:3px solid #0b5cad;padding:6px 12px;background:#f3f6fa;white-space:pre-wrap;">${esc(input.quote.text)}</div>`
    : '';
  const action = input.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:18px 0;"><tr><td style="background:#0b5cad;border-radius:4px;"><a href="${esc(input.action.url)}" style="${FONT}display:inline-block;padding:10px 18px;font-size:14px;color:#ffffff;text-decoration:none;font-weight:bold;">${esc(input.action.label)}</a></td></tr></table><p style="${FONT}font-size:12px;color:#777;margin:0;">${esc(input.action.url)}</p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(input.title)}</title></head>
<body style="margin:0;padding:0;background:#eef1f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#eef1f5;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #d8dee6;">
<tr><td style="background:#0b5cad;padding:14px 20px;${FONT}font-size:16px;color:#ffffff;font-weight:bold;">SPBE Service Desk</td></tr>
<tr><td style="padding:20px;">
<h1 style="${FONT}font-size:18px;color:#111;margin:0 0 12px;">${esc(input.title)}</h1>
${input.greeting ? `<p style="${FONT}font-size:14px;color:#111;margin:0 0 10px;">${esc(input.greeting)}</p>` : ''}
${input.paragraphs.map((p) => `<p style="${FONT}font-size:14px;color:#111;line-height:1.5;margin:0 0 10px;">${esc(p)}</p>`).join('\n')}
${facts}${quote}${action}
</td></tr>
<tr><td style="padding:12px 20px;border-top:1px solid #e3e7ed;${FONT}font-size:11px;color:#777;">${esc(input.footer)}</td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    input.title,
    '',
    ...(input.greeting ? [input.greeting, ''] : []),
    ...input.paragraphs.flatMap((p) => [p, '']),
    ...(input.facts ?? []).map(([label, value]) => `${label}: ${value}`),
    ...(input.facts?.length ? [''] : []),
    ...(input.quote ? [`${input.quote.label}:`, input.quote.text, ''] : []),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ''] : []),
    '--',
    input.footer,
  ].join('\n');
  return { html, text };
}
