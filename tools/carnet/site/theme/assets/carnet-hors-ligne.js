/* Carnet de terrain: pages readable without network on a phone.
   Registers the service worker (carnet-sw.js, at the site's root), shows a « Hors ligne » banner when the
   network is gone or the page comes from the device's memory, and on sheet pages a « Garder hors ligne »
   button that stores the page and what it needs in the cache the service worker reads first.
   Nothing happens where browsers cannot keep pages (file://, no service worker): no dead button.
   ECMAScript 2018, like every script of the carnet (README, « Supported browsers »). */
(() => {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches || !window.isSecureContext || location.protocol === "file:") { return; }
  const KEPT = "carnet-gardees-v1";
  const VISITED = "carnet-visites-v1";  // the service worker's cache of pages already opened
  const LIST = "carnet-gardees";
  const root = new URL("../", document.currentScript.src).href;
  // The page that installs the service worker was loaded before it: the worker never saw it, and the
  // first page opened (most often the home page) was missing offline. It is stored here, as the
  // worker stores the pages after it.
  const firstVisit = !navigator.serviceWorker.controller && !document.documentElement.hasAttribute("data-carnet-depuis-cache");
  navigator.serviceWorker.register(`${root}carnet-sw.js`)
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      if (!firstVisit) { return null; }
      return caches.open(VISITED).then((cache) => Promise.all(needs(location.href.split("#")[0].split("?")[0])
        .map((url) => cache.match(url).then((found) => found || fetch(url).then((response) => {
          if (response.ok && !response.redirected) { return cache.put(url, response); }
        })))));
    })
    .catch(() => {});

  const style = document.createElement("style");
  style.textContent =
    ".carnet-hors-ligne-bandeau{position:fixed;left:0;right:0;bottom:0;z-index:5;margin:0;padding:.7rem 1rem;" +
    "font-size:.8rem;line-height:1.4;text-align:center;background:#3e2723;color:#fff;box-shadow:0 -2px 6px rgba(0,0,0,.3)}" +
    ".carnet-hors-ligne-bandeau strong{text-transform:uppercase;letter-spacing:.04em}" +
    "body.carnet-hors-ligne{padding-bottom:4rem}" +
    ".md-typeset .carnet-garder .md-button{margin:0 .6rem .3rem 0}" +
    ".carnet-garder__etat{font-size:.7rem}";
  document.head.appendChild(style);

  // --- The « Hors ligne » state ---
  const banner = document.createElement("p");
  banner.className = "carnet-hors-ligne-bandeau";
  banner.setAttribute("role", "status");
  banner.hidden = true;
  document.body.appendChild(banner);
  let fromCache = document.documentElement.hasAttribute("data-carnet-depuis-cache");
  function update() {
    const offline = !navigator.onLine || fromCache;
    banner.innerHTML = `<strong>Hors ligne</strong> — ${fromCache
      ? "cette page vient de la mémoire de cet appareil, telle qu’elle était à votre dernière visite."
      : "pas de réseau\u00a0: les pages déjà ouvertes et les fiches gardées restent lisibles."}`;
    banner.hidden = !offline;
    document.body.classList.toggle("carnet-hors-ligne", offline);
  }
  window.addEventListener("online", () => { fromCache = false; update(); });
  window.addEventListener("offline", update);
  update();

  // --- Pages kept on this device: their addresses and titles, for the « Hors ligne » page ---
  function kept() {
    try { return JSON.parse(localStorage.getItem(LIST) || "{}"); } catch (error) { return {}; }
  }
  function remember(url, title) {
    const list = kept();
    if (title) { list[url] = { titre: title, le: new Date().toISOString().slice(0, 10) }; } else { delete list[url]; }
    try { localStorage.setItem(LIST, JSON.stringify(list)); } catch (error) { /* private browsing: the cache still holds it */ }
  }
  // The page and every file of this site it loaded (styles, scripts, icons), so that it shows as it did.
  function needs(page) {
    const urls = [page];
    document.querySelectorAll('link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src], img[src]')
      .forEach((el) => { urls.push(el.href || el.src); });
    return urls.filter((url, i) => new URL(url).origin === location.origin && url.startsWith(root) && urls.indexOf(url) === i);
  }

  const slot = document.querySelector("[data-carnet-garder]");
  if (slot) {
    const page = location.href.split("#")[0].split("?")[0];
    const title = (document.querySelector("article h1") || {}).textContent || document.title;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button carnet-garder__bouton";
    const state = document.createElement("span");
    state.className = "carnet-garder__etat";
    state.setAttribute("role", "status");
    const show = (isKept, said) => {
      slot.setAttribute("data-gardee", isKept ? "oui" : "non");
      button.textContent = isKept ? "Ne plus garder hors ligne" : "Garder hors ligne";
      state.textContent = said || (isKept ? "Gardée sur cet appareil\u00a0: lisible sans réseau." : "");
    };
    button.addEventListener("click", () => {
      caches.open(KEPT).then((cache) => {
        if (slot.getAttribute("data-gardee") === "oui") {
          return cache.delete(page).then(() => { remember(page, ""); show(false, "Retirée de cet appareil."); });
        }
        state.textContent = "Enregistrement…";
        return Promise.all(needs(page).map((url) => fetch(url, { cache: "no-cache" }).then((response) => {
          if (response.ok) { return cache.put(url, response); }
        }))).then(() => { remember(page, title.trim()); show(true); });
      }).catch(() => { show(false, "Impossible de garder cette page sur cet appareil (mémoire pleine ou navigation privée\u00a0?)."); });
    });
    caches.open(KEPT).then((cache) => cache.match(page))
      .then((found) => { show(Boolean(found)); }, () => { show(false); });
    slot.appendChild(button);
    slot.appendChild(state);
    slot.hidden = false;
  }

  // --- The « Hors ligne » page lists what this device keeps ---
  const listing = document.querySelector("[data-carnet-gardees]");
  if (listing) {
    const entries = Object.keys(kept()).sort((a, b) => kept()[a].titre.localeCompare(kept()[b].titre, "fr"));
    const heading = document.createElement("p");
    heading.innerHTML = `<strong>Sur cet appareil\u00a0:</strong> ${entries.length
      ? entries.length + (entries.length > 1 ? " fiches gardées." : " fiche gardée.") : "aucune fiche gardée pour l’instant."}`;
    listing.appendChild(heading);
    if (entries.length) {
      const ul = document.createElement("ul");
      entries.forEach((url) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = url;
        a.textContent = kept()[url].titre;
        li.appendChild(a);
        ul.appendChild(li);
      });
      listing.appendChild(ul);
    }
    listing.hidden = false;
  }
})();
