/**
 * After a form is sent and refused, focus goes to what the user must fix: the first field marked
 * invalid, or the form's own error message, whichever comes first on the page. It works for every
 * form of the app at once (client-side checks and the api's 400s alike) by watching the form that
 * was just submitted until an error shows, the user types again, or 30 seconds pass.
 */
const ERROR = '[aria-invalid="true"], [data-form-error]';
const WATCH_MS = 30_000;

let stopWatching: (() => void) | null = null;

function focusFirstError(form: HTMLFormElement): boolean {
  const target = form.querySelector<HTMLElement>(ERROR);
  if (!target) return false;
  if (document.activeElement !== target) target.focus();
  return true;
}

function watch(form: HTMLFormElement): void {
  stopWatching?.();
  let frame = 0;
  const check = () => {
    frame = 0;
    if (!form.isConnected) return stop(); // sent: the form went away (a dialog closed, a page changed)
    if (focusFirstError(form)) stop();
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(check);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(form, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-invalid'],
  });
  const timer = window.setTimeout(() => stop(), WATCH_MS);
  // Once the user edits again, focus is theirs: nothing moves it any more.
  const onInput = () => stop();
  form.addEventListener('input', onInput, { once: true });
  function stop() {
    observer.disconnect();
    if (frame) cancelAnimationFrame(frame);
    window.clearTimeout(timer);
    form.removeEventListener('input', onInput);
    if (stopWatching === stop) stopWatching = null;
  }
  stopWatching = stop;
  // Client-side checks mark the fields on the next render.
  schedule();
}

/** Installs the behaviour once for the whole document (see main.tsx). */
export function installFocusOnFormErrors(): void {
  document.addEventListener('submit', (event) => {
    if (event.target instanceof HTMLFormElement) watch(event.target);
  });
}
