/* Carnet de terrain: the service worker that keeps pages for permanences without network.
   Published at the site's root (MkDocs copies the theme's root files there) so that its scope is the
   whole site. Network first, the cache when the network fails. Only this site's own GET requests are
   touched (same origin, inside the scope); nothing from elsewhere is ever fetched or stored.
   Pages marked « Garder hors ligne » (carnet-hors-ligne.js) sit in their own cache, never trimmed.
   ECMAScript 2018, like every script of the carnet (README, « Supported browsers »). */
(() => {
  "use strict";
  const VISITED = "carnet-visites-v1";
  const KEPT = "carnet-gardees-v1";
  const MAX_VISITED = 300;

  self.addEventListener("install", () => { self.skipWaiting(); });

  self.addEventListener("activate", (event) => {
    event.waitUntil(caches.keys().then((names) => Promise.all(names
      .filter((name) => name.startsWith("carnet-") && name !== VISITED && name !== KEPT)
      .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()));
  });

  function ours(request) {
    const url = new URL(request.url);
    return request.method === "GET" && url.origin === self.location.origin &&
      request.url.startsWith(self.registration.scope) && !/\.zip$/.test(url.pathname);
  }

  function trim(cache) {
    return cache.keys().then((keys) =>
      Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_VISITED)).map((key) => cache.delete(key))));
  }

  function fromNetwork(request) {
    return fetch(request).then((response) => {
      if (response.ok && response.type === "basic" && !response.redirected) {
        const copy = response.clone();
        caches.open(VISITED).then((cache) => cache.put(request, copy).then(() => trim(cache)));
      }
      return response;
    });
  }

  // A page served from the cache says so (carnet-hors-ligne.js shows the « Hors ligne » banner).
  function marked(response) {
    return response.text().then((html) => {
      const headers = new Headers(response.headers);
      headers.delete("Content-Length");
      return new Response(html.replace("<html ", "<html data-carnet-depuis-cache "), { status: 200, headers });
    });
  }

  const MISSING = '<!doctype html><html lang="fr" data-carnet-depuis-cache><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Hors ligne — Carnet de terrain</title>' +
    '<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5">' +
    "<h1>Hors ligne</h1><p>Cette page n’a pas été gardée sur cet appareil\u00a0: elle sera lisible au retour du réseau.</p>" +
    "PAGES</body></html>";

  function escaped(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The pages this device holds (opened before, or kept), by title: without the list, the person
  // guessed which pages would open, and tried them one by one. The kept sheets come first.
  function heldPages() {
    const page = /\/$|\.html$/;
    return Promise.all([KEPT, VISITED].map((name) => caches.open(name).then((cache) => cache.keys()
      .then((keys) => Promise.all(keys.filter((key) => page.test(new URL(key.url).pathname))
        .map((key) => cache.match(key).then((response) => response.text()).then((html) => {
          const title = /<title>([^<]*)<\/title>/.exec(html);
          return { url: key.url, title: title ? title[1].replace(/ - Carnet de terrain$/, "").trim() : key.url };
        })))))))
      .then((lists) => {
        const seen = new Set();
        return lists.map((list) => list.filter((item) => !seen.has(item.url) && seen.add(item.url))
          .sort((a, b) => a.title.localeCompare(b.title, "fr")));
      });
  }

  function missingPage() {
    const home = `<a href="${escaped(self.registration.scope)}">l’accueil du carnet</a>`;
    return heldPages().then((lists) => {
      const held = lists[0].concat(lists[1]);
      if (!held.length) {
        return `<p>Aucune page du carnet n’est encore gardée sur cet appareil. Au retour du réseau, ouvrez ${home}, ` +
          "puis les fiches dont vous aurez besoin, ou touchez «\u00a0Garder hors ligne\u00a0» sur une fiche.</p>";
      }
      const items = held.map((item) => `<li style="margin:.8rem 0"><a href="${escaped(item.url)}">${item.title}</a></li>`).join("");
      return `<p>Lisibles sans réseau sur cet appareil\u00a0: ${held.length > 1 ? `ces ${held.length} pages` : "cette page"}.</p>` +
        `<ul>${items}</ul>`;
    }).catch(() => `<p>Les pages déjà ouvertes et les fiches gardées restent lisibles\u00a0: revenez à ${home}.</p>`);
  }

  function fromCache(request) {
    const navigation = request.mode === "navigate";
    return caches.match(request, { ignoreSearch: navigation }).then((found) => {
      if (found) { return navigation ? marked(found) : found; }
      if (!navigation) { return Response.error(); }
      return missingPage().then((pages) => new Response(MISSING.replace("PAGES", () => pages),
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }));
    });
  }

  self.addEventListener("fetch", (event) => {
    if (!ours(event.request)) { return; }
    event.respondWith(fromNetwork(event.request).catch(() => fromCache(event.request)));
  });
})();
