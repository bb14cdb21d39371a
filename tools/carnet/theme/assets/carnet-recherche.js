// Search: a header button opens a dialog with Pagefind's interface, loaded on first use only
// (nothing is downloaded for a reader who never searches).
(function () {
  "use strict";
  var dialog = document.getElementById("carnet-recherche");
  if (!dialog || !window.HTMLDialogElement) { return; }
  var bundle = dialog.getAttribute("data-bundle");
  var started = false;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // People's words → the sheets' words (« mdp » → « mot de passe »), from assets/synonymes.json.
  var synonyms = null;
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function expand(term) {
    var query = " " + fold(term).replace(/\s+/g, " ").trim() + " ";
    if (synonyms) {
      Object.keys(synonyms).forEach(function (word) {
        query = query.split(" " + word + " ").join(" " + synonyms[word] + " ");
      });
    }
    return query.trim();
  }
  function loadSynonyms() {
    return fetch(bundle + "../assets/synonymes.json").then(function (r) { return r.json(); })
      .then(function (data) { synonyms = data; }, function () { synonyms = {}; });
  }
  window.CarnetRecherche = { expand: expand, loadSynonyms: loadSynonyms };

  function start() {
    started = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      loadSynonyms();
      new window.PagefindUI({
        processTerm: expand,
        element: "#carnet-pagefind",
        bundlePath: bundle,
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        autofocus: true,
        processResult: function (result) {
          var meta = result.meta || {};
          if (meta.resume) { result.excerpt = escapeHtml(meta.resume); }
          if (meta.type) { result.meta.title = meta.type + " · " + (meta.title || ""); }
          delete result.meta.resume;  // already shown: not again as tags
          delete result.meta.type;
          return result;
        }
      });
      focusInput();
    };
    document.body.appendChild(script);
  }

  function focusInput() {
    var input = dialog.querySelector("input");
    if (input) { input.focus(); }
  }

  function open() {
    if (!dialog.open) { dialog.showModal(); }
    if (!started) { start(); } else { focusInput(); }
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon carnet-recherche-bouton";
  button.setAttribute("aria-label", "Rechercher dans le carnet");
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("title", "Rechercher (touche /)");
  button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 ' +
    '6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg>';
  button.addEventListener("click", open);
  var title = document.querySelector(".md-header__title");
  if (title) { title.insertAdjacentElement("afterend", button); }

  dialog.querySelector(".carnet-recherche__fermer").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) { dialog.close(); } });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && !dialog.open && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
})();
