// Runs while the app's scripts download (index.html loads it async): for the page being opened it
// preloads that page's lazy chunks and style sheets, and with a stored session starts the page's
// first api reads (the account, then e.g. the categories), which src/api/client.ts takes over.
// The build writes the list per page into index.html (build/first-page.ts).
/* global document, location, localStorage, window */
(function () {
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
    var token = null;
    try {
      token = localStorage.getItem('desk.token');
    } catch (e) {
      /* storage unavailable: nothing to start */
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
