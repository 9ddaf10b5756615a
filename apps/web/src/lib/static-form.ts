import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * The static sign-in and report forms that `public/boot.js` shows from the HTML before the app's
 * scripts arrive (`build/static-forms.ts` writes them). They live in `#desk-static`, outside React's
 * `#root` (hidden meanwhile), so they stay usable until their page mounts; the page then takes over
 * the values, the focused field and its caret, and a submit pressed early.
 */
export type StaticFormKind = 'login' | 'report';

export interface StaticFormSnapshot {
  /** Field name (`data-field`) to value; a radio group only when one is checked. */
  values: Record<string, string>;
  /** The field that had focus, with its caret, if a text field did. */
  focus: { field: string; start: number | null; end: number | null } | null;
  /** The user pressed submit before the app was there (boot.js held it back). */
  submitted: boolean;
}

const CONTAINER = 'desk-static';
const ACTIVE = 'desk-static-active';
/** Where each static form belongs: elsewhere the app drops it (e.g. a redirect to the home page). */
const PAGE_OF: Record<StaticFormKind, RegExp> = { login: /^\/login\/?$/, report: /^\/tickets\/new\/?$/ };

function staticForm(kind: StaticFormKind): HTMLFormElement | null {
  return document.querySelector<HTMLFormElement>(`#${CONTAINER} form[data-static-form="${kind}"]`);
}

/** What the static form of this kind holds now, or null when none is shown. */
export function readStaticForm(kind: StaticFormKind): StaticFormSnapshot | null {
  const form = staticForm(kind);
  if (!form) return null;
  const values: Record<string, string> = {};
  form
    .querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('[data-field]')
    .forEach((el) => {
      const name = el.dataset.field!;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (el.checked) values[name] = el.value;
      } else values[name] = el.value;
    });
  const active = document.activeElement;
  let focus: StaticFormSnapshot['focus'] = null;
  if (
    (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) &&
    form.contains(active) &&
    active.dataset.field &&
    active.type !== 'radio'
  ) {
    let start: number | null = null;
    let end: number | null = null;
    try {
      start = active.selectionStart;
      end = active.selectionEnd;
    } catch {
      // type=email has no selection API
    }
    focus = { field: active.dataset.field, start, end };
  }
  return { values, focus, submitted: form.dataset.pending === '1' };
}

/** From now on boot.js shows no static form (were it late, the app already shows the page). */
export function markAppStarted(): void {
  (window as { __deskAppStarted?: boolean }).__deskAppStarted = true;
}

/**
 * Where a report typed into the static form waits when the app drops that form before the report
 * page could take it over (an expired session sends the user to sign in first): kept for this tab
 * only, and read back by the report page once the user is signed in. Never the sign-in form's
 * values: a password is not stored anywhere.
 */
const REPORT_STASH = 'desk.staticReport';

function stashReport(): void {
  const snapshot = readStaticForm('report');
  if (!snapshot || !Object.entries(snapshot.values).some(([k, v]) => k !== 'kind' && v.trim())) return;
  try {
    sessionStorage.setItem(REPORT_STASH, JSON.stringify(snapshot.values));
  } catch {
    // storage unavailable or full: the typed text is lost as it was before this stash existed
  }
}

/** The stashed report (once: it is removed as it is read), or null. */
function takeStashedReport(): Record<string, string> | null {
  try {
    const raw = sessionStorage.getItem(REPORT_STASH);
    sessionStorage.removeItem(REPORT_STASH);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return null;
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return null;
  }
}

/** Removes the static form and shows the app. */
function removeStaticForm(): void {
  document.getElementById(CONTAINER)?.replaceChildren();
  document.documentElement.classList.remove(ACTIVE);
}

/** The app shows another page instead: a report typed into the static form is kept for later. */
export function dropStaticForm(): void {
  stashReport();
  removeStaticForm();
}

/** The app moved to a page the static form does not belong to: show the app instead. */
export function dropStaticFormOutside(pathname: string): void {
  const form = document.querySelector<HTMLFormElement>(`#${CONTAINER} form[data-static-form]`);
  const kind = form?.dataset.staticForm as StaticFormKind | undefined;
  if (kind && !PAGE_OF[kind]?.test(pathname)) dropStaticForm();
}

/**
 * For a page with a static twin: the values to start with (read once, before the first render), and
 * after mounting the latest values, focus and caret are carried over and the static form removed;
 * an early submit is replayed on the React form.
 */
export function useStaticForm<T extends Record<string, unknown>>(
  kind: StaticFormKind,
  formRef: RefObject<HTMLFormElement | null>,
  apply: (values: Partial<Record<keyof T, string>>) => void,
): Partial<Record<keyof T, string>> {
  const [initial] = useState(
    () =>
      (readStaticForm(kind)?.values ?? (kind === 'report' ? takeStashedReport() : null) ?? {}) as Partial<
        Record<keyof T, string>
      >,
  );
  const [handover, setHandover] = useState<StaticFormSnapshot | null>(null);
  const applyRef = useRef(apply);
  applyRef.current = apply;

  // Commit of the first render: nothing typed since then is lost, nothing painted in between.
  useLayoutEffect(() => {
    const latest = readStaticForm(kind);
    if (!latest) return;
    removeStaticForm(); // taken over here: nothing to keep for later
    applyRef.current(latest.values as Partial<Record<keyof T, string>>);
    setHandover(latest);
  }, [kind]);

  // After the carried values were rendered: the same field focused, the caret where it was.
  useLayoutEffect(() => {
    if (!handover) return;
    const form = formRef.current;
    if (handover.focus && form) {
      const el = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(
        `[data-field="${handover.focus.field}"]`,
      );
      if (el) {
        el.focus();
        if (handover.focus.start !== null && handover.focus.end !== null) {
          try {
            el.setSelectionRange(handover.focus.start, handover.focus.end);
          } catch {
            // no selection API on this input type
          }
        }
      }
    }
    if (handover.submitted) form?.requestSubmit();
  }, [handover, formRef]);

  return initial;
}
