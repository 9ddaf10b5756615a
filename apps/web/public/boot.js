// Runs while the app's scripts download (index.html loads it async): for the page being opened it
// preloads that page's lazy chunks and style sheets, and with a stored session starts the page's
// first api reads (the account, then e.g. the categories), which src/api/client.ts takes over.
// The build writes the list per page into index.html (build/first-page.ts).
// It also shows the static sign-in or report form of index.html (build/static-forms.ts) until the
// app takes over what was typed (src/lib/static-form.ts).
/* global document, location, localStorage, window */
(function () {
  var token = null;
  var lang = null;
  try {
    token = localStorage.getItem('desk.token');
    lang = localStorage.getItem('desk.lang');
  } catch (e) {
    /* storage unavailable: signed out, Bahasa Indonesia */
  }

  // The form the page opens with: sign-in (also for a signed-out visitor of the report form, whom
  // the app sends to sign in), or the report form with a stored session. Other pages keep the
  // loading screen.
  var showStaticForm = function () {
    try {
      if (window.__deskAppStarted) return; // the app was first: it shows the page itself
      var path = location.pathname;
      var kind = /^\/login\/?$/.test(path)
        ? 'login'
        : /^\/tickets\/new\/?$/.test(path)
          ? token
            ? 'report'
            : 'login'
          : null;
      var language = lang === 'en' ? 'en' : 'id';
      var template = kind && document.getElementById('desk-static-' + kind + '-' + language);
      var box = document.getElementById('desk-static');
      if (!template || !box || box.firstChild) return;
      box.appendChild(template.content.cloneNode(true));
      document.documentElement.classList.add('desk-static-active');
      document.documentElement.lang = language;
      document.title = template.getAttribute('data-title') || document.title;
      var form = box.querySelector('form');
      // Never a native submission: the app sends it once it is there (the button says it is coming).
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        form.setAttribute('data-pending', '1');
        form.setAttribute('aria-busy', 'true');
        var button = form.querySelector('button[type=submit]');
        button.textContent = button.getAttribute('data-loading');
        button.setAttribute('aria-disabled', 'true');
      });
      var kindSelect = form.querySelector('select[data-field=kind]');
      if (kindSelect)
        kindSelect.addEventListener('change', function () {
          var hint = document.getElementById(kindSelect.getAttribute('aria-describedby'));
          hint.textContent = kindSelect.options[kindSelect.selectedIndex].getAttribute('data-hint');
        });
    } catch (e) {
      /* the loading screen stays: the app works the same without the static form */
    }
  };
  // Async: the body may still be parsing. "interactive" comes before the app's module scripts run.
  if (document.readyState === 'loading')
    document.addEventListener('readystatechange', function once() {
      document.removeEventListener('readystatechange', once);
      showStaticForm();
    });
  else showStaticForm();

  try {
    var node = document.getElementById('desk-first-page');
    var routes = node ? JSON.parse(node.textContent || '[]') : [];
    var path = location.pathname;
    var route = null;
    for (var i = 0; i < routes.length && !route; i++)
      if (new RegExp(routes[i].path).test(path)) route = routes[i];
    var head = document.head;
    var add = function (rel, href) {
      var link = document.createElement('link');
      link.rel = rel;
      link.href = href;
      link.crossOrigin = '';
      head.appendChild(link);
    };
    if (route) {
      route.js.forEach(function (href) {
        add('modulepreload', href);
      });
      route.css.forEach(function (href) {
        add('stylesheet', href);
      });
    }
    if (!token || !window.fetch) return;
    var headers = { Accept: 'application/json', Authorization: 'Bearer ' + token };
    var early = { token: token, at: Date.now(), answers: {} };
    var reads = ['/auth/me'].concat(route ? route.data : []);
    reads.forEach(function (p) {
      var url = '/api/v1' + p;
      early.answers[url] = fetch(url, { headers: headers });
      // An unused failure must not be reported as unhandled.
      early.answers[url].catch(function () {});
    });
    window.__deskEarly = early;
  } catch (e) {
    /* a head start only: the app works the same without it */
  }
})();
