/* Carnet de terrain : widget pour les sites partenaires (licence du code : EUPL-1.2 ; données : CC BY-SA 4.0).
 *
 * À coller :
 *   <a href="https://…/territoires/63/" data-carnet-widget="departement/63">Puy-de-Dôme : le Carnet de terrain</a>
 *   <script src="https://…/widgets/carnet-widget.js" async></script>
 *
 * Sans JavaScript, le lien reste un lien. Avec, il est remplacé par un encadré dans un Shadow DOM : la
 * feuille de style de la page hôte n'y entre pas, la sienne n'en sort pas. Les données viennent du site
 * du carnet seul (api/v1/widgets/<portée>.js, le même contenu que le .json voisin), sans autre requête.
 */
(() => {
  "use strict";
  // ECMAScript 2018, like every script of the carnet (README, « Supported browsers »). Where Shadow DOM
  // is missing, the link stays a link.
  const me = document.currentScript;
  if (!me || !me.src || !("attachShadow" in Element.prototype)) { return; }
  const site = new URL("../", me.src);
  const SCOPE = /^(administration|competence|departement)\/[a-z0-9]+(-[a-z0-9]+)*$/i;
  const GRAVITES = { bloquant: "Bloquant", genant: "Gênant", mineur: "Mineur" };
  const CSS = [
    ":host{all:initial;display:block;contain:content;max-width:40rem;margin:1rem 0}",
    ".carnet{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2328;background:#fff;",
    "border:1px solid #b8c7c5;border-top:4px solid #00695c;border-radius:6px;padding:.75rem 1rem}",
    ".titre{font-size:1.1em;font-weight:700;margin:0 0 .5rem}",
    ".rubrique{font-size:.95em;font-weight:700;margin:.75rem 0 .25rem;color:#004d40}",
    "ul{margin:0;padding:0 0 0 1.2em}li{margin:.2rem 0}",
    "a{color:#00695c;text-decoration:underline}a:hover,a:focus{color:#004d40}",
    "a:focus-visible{outline:3px solid #e65100;outline-offset:2px}",
    ".note{font-size:.85em;color:#4d5358}.vide{font-style:italic;color:#4d5358;margin:0}",
    ".pied{margin:.75rem 0 0;font-size:.9em}",
  ].join("");

  function el(root, tag, css, text) {
    const node = document.createElement(tag);
    if (css) { node.className = css; }
    if (text) { node.textContent = text; }
    if (root) { root.appendChild(node); }
    return node;
  }

  // Addresses are written with the published site's address: they are read against the address the
  // widget came from (a mirror, a test server), and only addresses of the carnet itself get a link.
  let published = "";
  function safeLink(parent, address, text) {
    const a = el(parent, "a", "", text);
    const path = published && address.startsWith(published) ? address.slice(published.length) : address;
    const url = new URL(path, site);
    if (url.origin === site.origin && url.href.startsWith(site.href)) { a.href = url.href; }
    return a;
  }

  function section(box, title, items, empty, describe) {
    el(box, "p", "rubrique", title);
    if (!items.length) { el(box, "p", "vide", empty); return; }
    const list = el(box, "ul");
    items.forEach((item) => {
      const li = el(list, "li");
      safeLink(li, item.adresse, item.titre);
      const note = describe(item);
      if (note) { el(li, "span", "note", ` — ${note}`); }
    });
  }

  function show(link, data) {
    published = (data.site && data.site.adresse) || "";
    const host = document.createElement("div");
    host.setAttribute("data-carnet-widget-hote", `${data.portee.type}/${data.portee.id}`);
    // The partner's page may be in another language: screen readers must read this box in French.
    host.setAttribute("lang", "fr");
    const root = host.attachShadow({ mode: "open" });
    el(root, "style", "", CSS);
    const box = el(root, "section", "carnet");
    // French typography: a non-breaking space before « : », never left alone at a line's start.
    box.setAttribute("aria-label", `Carnet de terrain\u00a0: ${data.portee.nom}`);
    el(box, "p", "titre", `${data.portee.nom}\u00a0: le Carnet de terrain`);
    section(box, "Dysfonctionnements en cours", data.dysfonctionnements, "Aucun dysfonctionnement en cours.", (d) => {
      const n = d.nombre_confirmations;
      return [GRAVITES[d.gravite] || "", n ? n + (n > 1 ? " confirmations" : " confirmation") : "",
              d.exemple ? "exemple" : ""].filter(Boolean).join(", ");
    });
    // The data lists the most serious ones only: say how many more the carnet holds.
    const rest = (data.nombre_dysfonctionnements || 0) - data.dysfonctionnements.length;
    if (rest > 0) {
      el(box, "p", "note", rest > 1 ? `Et ${rest} autres en cours sur le carnet.` : "Et 1 autre en cours sur le carnet.");
    }
    section(box, "Fiches pratiques utiles", data.fiches, "Aucune fiche pour l'instant.",
            (f) => [f.locale ? "locale" : "", f.exemple ? "exemple" : ""].filter(Boolean).join(", "));
    const foot = el(box, "p", "pied");
    safeLink(foot, data.portee.adresse, "Tout voir sur le Carnet de terrain");
    link.replaceWith(host);
  }

  function load(link) {
    const scope = link.getAttribute("data-carnet-widget") || "";
    if (!SCOPE.test(scope) || link.hasAttribute("data-carnet-widget-charge")) { return; }
    link.setAttribute("data-carnet-widget-charge", "");
    const data = document.createElement("script");
    data.src = new URL(`api/v1/widgets/${scope}.js`, site).href;
    data.async = true;
    data.addEventListener("carnet-donnees", (event) => {
      if (event.detail && event.detail.portee === scope) { show(link, event.detail.donnees); }
    });
    const done = () => { data.remove(); };  // on failure the link stays: it still leads to the carnet
    data.addEventListener("load", done);
    data.addEventListener("error", () => { done(); link.removeAttribute("data-carnet-widget-charge"); });
    (document.head || document.documentElement).appendChild(data);
  }

  document.querySelectorAll("a[data-carnet-widget]").forEach(load);
})();
