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
    "<p>Les pages déjà ouvertes et les fiches gardées hors ligne restent lisibles. " +
    '<a href="SCOPE">Revenir à l’accueil du carnet</a>.</p></body></html>';

  function fromCache(request) {
    const navigation = request.mode === "navigate";
    return caches.match(request, { ignoreSearch: navigation }).then((found) => {
      if (found) { return navigation ? marked(found) : found; }
      if (!navigation) { return Response.error(); }
      return new Response(MISSING.replace("SCOPE", self.registration.scope),
                          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }

  self.addEventListener("fetch", (event) => {
    if (!ours(event.request)) { return; }
    event.respondWith(fromNetwork(event.request).catch(() => fromCache(event.request)));
  });
})();
