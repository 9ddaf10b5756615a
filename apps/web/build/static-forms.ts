import type { Plugin } from 'vite';
import en from '../src/i18n/en';
import id, { type Resources } from '../src/i18n/id';

/**
 * The sign-in and report forms as plain HTML, one `<template>` per form and language, written into
 * index.html. `public/boot.js` shows the right one in `#desk-static` before the app's scripts arrive
 * (a slow phone sees the form in about one round trip after the HTML instead of after ~300 KB of
 * JavaScript); the pages take over what was typed (`src/lib/static-form.ts`). The words come from
 * the app's translations, so the static and the React form say the same.
 *
 * The inputs carry no `name`: even a native submission could never put a password into a URL.
 */
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const req = '<span class="sf-req" aria-hidden="true"> *</span>';

function field(idp: string, name: string, label: string, control: string, description?: string): string {
  const desc = description ? `<p class="sf-desc" id="${idp}-${name}-desc">${esc(description)}</p>` : '';
  return `<div class="sf-field"><label class="sf-label" for="${idp}-${name}">${label}</label>${desc}${control}</div>`;
}

function loginForm(t: Resources, lang: string): string {
  const p = `sf-${lang}`;
  return `<div class="sf-login"><div class="sf-col">
<div class="sf-brand"><span class="sf-brandname"><img src="/favicon.svg" alt="" width="32" height="32">${esc(t.app.name)}</span><span class="sf-seg" aria-hidden="true"></span></div>
<main class="sf-paper">
<form data-static-form="login" novalidate method="post" class="sf-stack">
<div><h1 class="sf-h3">${esc(t.auth.title)}</h1><p class="sf-dimmed sf-sm sf-sub">${esc(t.auth.subtitle)}</p></div>
${field(
  p,
  'email',
  esc(t.auth.email) + req,
  `<input class="sf-input" id="${p}-email" data-field="email" type="email" autocomplete="username" inputmode="email" required aria-required="true" placeholder="${esc(t.auth.emailPlaceholder)}">`,
)}
${field(
  p,
  'password',
  esc(t.auth.password) + req,
  `<input class="sf-input sf-pw" id="${p}-password" data-field="password" type="password" autocomplete="current-password" required aria-required="true">`,
)}
<a class="sf-anchor" href="/forgot-password">${esc(t.password.forgotLink)}</a>
<button class="sf-button" type="submit" data-loading="${esc(t.common.loading)}">${esc(t.auth.submit)}</button>
</form>
</main>
<p class="sf-tagline">${esc(t.app.tagline)}</p>
</div></div>`;
}

function levels(t: Resources, p: string, name: 'impact' | 'urgency'): string {
  const options = (['1', '2', '3'] as const)
    .map(
      (level) =>
        `<label class="sf-card"><input type="radio" name="sf-${p}-${name}" value="${level}" data-field="${name}"> <span>${esc(t[name][level])}</span></label>`,
    )
    .join('');
  return `<fieldset class="sf-fieldset"><legend class="sf-label">${esc(t[name].label)}${req}</legend><div class="sf-cards">${options}</div></fieldset>`;
}

function reportForm(t: Resources, lang: string): string {
  const p = `sf-${lang}-r`;
  const kinds = Object.keys(t.kind) as (keyof Resources['kind'])[];
  const kindOptions = kinds
    .map(
      (k) =>
        `<option value="${k}" data-hint="${esc(t.kindHint[k])}"${k === 'incident' ? ' selected' : ''}>${esc(t.kind[k])}</option>`,
    )
    .join('');
  return `<div class="sf-shell">
<header class="sf-header"><span class="sf-brandname"><img src="/favicon.svg" alt="" width="28" height="28"><span class="sf-names"><span class="sf-name">${esc(t.app.name)}</span><span class="sf-xs sf-dimmed sf-wide">${esc(t.app.tagline)}</span></span></span></header>
<nav class="sf-nav" aria-hidden="true"></nav>
<main class="sf-main"><div class="sf-page">
<h1 class="sf-h2">${esc(t.report.title)}</h1><p class="sf-dimmed sf-intro">${esc(t.report.intro)}</p>
<div class="sf-paper sf-report">
<form data-static-form="report" novalidate method="post" class="sf-stack">
${field(
  p,
  'kind',
  esc(t.report.kind) + req,
  `<select class="sf-input" id="${p}-kind" data-field="kind" aria-describedby="${p}-kind-desc">${kindOptions}</select>`,
  t.kindHint.incident,
)}
${field(
  p,
  'title',
  esc(t.report.titleLabel) + req,
  `<input class="sf-input" id="${p}-title" data-field="title" type="text" maxlength="200" required aria-required="true" placeholder="${esc(t.report.titlePlaceholder)}">`,
)}
${field(
  p,
  'description',
  esc(t.report.description) + req,
  `<textarea class="sf-input sf-textarea" id="${p}-description" data-field="description" rows="4" required aria-required="true" placeholder="${esc(t.report.descriptionPlaceholder)}"></textarea>`,
)}
${field(
  p,
  'category',
  esc(t.report.category),
  `<select class="sf-input" id="${p}-category" disabled aria-describedby="${p}-category-desc"><option>${esc(t.report.categoryLoading)}</option></select>`,
  t.report.categoryHint,
)}
<div class="sf-grid">${levels(t, p, 'impact')}${levels(t, p, 'urgency')}</div>
<button class="sf-button" type="submit" data-loading="${esc(t.common.loading)}">${esc(t.report.submit)}</button>
</form>
</div></div></main>
</div>`;
}

/** The templates index.html carries (also used by the tests to check the words). */
export function staticFormTemplates(): string {
  const out: string[] = [];
  for (const [lang, t] of [
    ['id', id],
    ['en', en as Resources],
  ] as const) {
    // The tab title the page sets (src/lib/title.ts), shown from the start.
    const title = (page: string) => esc(`${page} · ${t.app.name}`);
    out.push(
      `<template id="desk-static-login-${lang}" data-title="${title(t.auth.tabTitle)}">${loginForm(t, lang)}</template>`,
    );
    out.push(
      `<template id="desk-static-report-${lang}" data-title="${title(t.report.title)}">${reportForm(t, lang)}</template>`,
    );
  }
  return out.join('\n');
}

const MARKER = '<!-- desk:static-forms -->';

/** Replaces the marker in index.html with the static forms (dev server and build alike). */
export function staticForms(): Plugin {
  return {
    name: 'desk:static-forms',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(MARKER)) throw new Error(`static forms: index.html has no ${MARKER}`);
        return html.replace(MARKER, staticFormTemplates());
      },
    },
  };
}
