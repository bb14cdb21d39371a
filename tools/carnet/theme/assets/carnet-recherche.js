// Search: a header button (or the « / » key) opens a dialog driven by Pagefind's JavaScript API.
// Nothing is downloaded before the first search; the filters' data only when « Filtrer » is opened,
// since at 10,000 sheets it weighs more than the index chunks a query needs.
(function () {
  "use strict";
  var dialog = document.getElementById("carnet-recherche");
  if (!dialog || !window.HTMLDialogElement) { return; }
  var bundle = dialog.getAttribute("data-bundle");
  var input = dialog.querySelector("#carnet-q");
  var status = dialog.querySelector(".carnet-recherche__etat");
  var list = dialog.querySelector(".carnet-resultats");
  var more = dialog.querySelector(".carnet-resultats__suite");
  var filterBox = dialog.querySelector(".carnet-filtres");
  var groups = dialog.querySelector(".carnet-filtres__groupes");
  var PAGE = 10;
  var pagefind = null, synonyms = {}, stopwords = {}, results = [], shown = 0, selected = {}, counter = 0;

  // People's words → the sheets' words (« mdp » → « mot de passe »), from assets/synonymes.json.
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // Then the function words go, as they went from the index (search.py's STOPWORDS).
  function expand(term) {
    var query = " " + fold(term).replace(/['’]/g, "' ").replace(/\s+/g, " ").trim() + " ";
    Object.keys(synonyms).forEach(function (word) {
      query = query.split(" " + word + " ").join(" " + fold(synonyms[word]) + " ");
    });
    return query.split(" ").map(function (word) { return word.replace(/^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'/, ""); })
      .filter(function (word) { return word && !stopwords[word.replace(/[.,;:!?«»()"']/g, "")]; }).join(" ");
  }
  function loadSynonyms() {
    return fetch(bundle + "../assets/synonymes.json").then(function (r) { return r.json(); })
      .then(function (data) {
        synonyms = data.synonymes || {};
        (data.mots_vides || []).forEach(function (w) { stopwords[fold(w)] = true; });
      }, function () { synonyms = {}; });
  }

  function start() {
    if (!pagefind) {
      pagefind = Promise.all([import(bundle + "pagefind.js"), loadSynonyms()]).then(function (loaded) {
        var api = loaded[0];
        // Result addresses are relative to the site's root, which is not / on a project's Pages site.
        return api.options({ baseUrl: new URL(bundle + "../", window.location.href).pathname })
          .then(function () { return api.init(); }).then(function () { return api; });
      });
    }
    return pagefind;
  }

  function filterOptions() {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      if (selected[name].length) { filters[name] = { any: selected[name] }; }
    });
    return filters;
  }

  function render(data) {
    var item = document.createElement("li");
    item.className = "carnet-resultat";
    var link = document.createElement("a");
    link.href = data.url;
    link.className = "carnet-resultat__lien";
    if (data.meta.type) {
      var type = document.createElement("span");
      type.className = "carnet-resultat__type";
      type.textContent = data.meta.type;
      link.appendChild(type);
    }
    link.appendChild(document.createTextNode(data.meta.title || data.url));
    var resume = document.createElement("p");
    resume.className = "carnet-resultat__resume";
    if (data.meta.resume) { resume.textContent = data.meta.resume; } else { resume.innerHTML = data.excerpt; }
    item.appendChild(link);
    item.appendChild(resume);
    return item;
  }

  function showMore() {
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (all) {
      all.forEach(function (data) { list.appendChild(render(data)); });
    });
  }

  function search() {
    var term = input.value.trim();
    var ticket = ++counter;
    if (!term && !Object.keys(filterOptions()).length) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    status.textContent = "Recherche…";
    return start().then(function (api) {
      return api.search(term ? expand(term) : null, { filters: filterOptions() });
    }).then(function (found) {
      if (ticket !== counter || !found) { return; }  // a newer query is on its way
      results = found.results;
      shown = 0;
      list.textContent = "";
      var n = results.length;
      status.textContent = n === 0 ? "Aucun résultat pour « " + term + " »." :
        n + (n > 1 ? " résultats" : " résultat") + (term ? " pour « " + term + " »" : "");
      if (found.filters && groups.childElementCount) { updateCounts(found.filters); }
      return showMore();
    });
  }

  // Filters: loaded the first time the panel opens; counts follow the current search afterwards.
  function buildFilters(all) {
    groups.textContent = "";
    Object.keys(all).sort().forEach(function (name) {
      var set = document.createElement("fieldset");
      set.className = "carnet-filtre";
      var legend = document.createElement("legend");
      legend.textContent = name;
      set.appendChild(legend);
      Object.keys(all[name]).sort(function (a, b) { return a.localeCompare(b, "fr"); }).forEach(function (value) {
        var label = document.createElement("label");
        label.className = "carnet-case";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = value;
        box.setAttribute("data-filtre", name);
        box.addEventListener("change", function () {
          selected[name] = Array.prototype.map.call(set.querySelectorAll("input:checked"), function (b) { return b.value; });
          search();
        });
        var count = document.createElement("span");
        count.className = "carnet-filtre__nombre";
        count.textContent = " (" + all[name][value] + ")";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value));
        label.appendChild(count);
        set.appendChild(label);
      });
      groups.appendChild(set);
    });
  }
  function updateCounts(counts) {
    groups.querySelectorAll("input[data-filtre]").forEach(function (box) {
      var n = (counts[box.getAttribute("data-filtre")] || {})[box.value] || 0;
      box.parentNode.querySelector(".carnet-filtre__nombre").textContent = " (" + n + ")";
    });
  }
  filterBox.addEventListener("toggle", function () {
    if (!filterBox.open || groups.childElementCount) { return; }
    groups.textContent = "Chargement des filtres…";
    start().then(function (api) { return api.filters(); }).then(function (all) {
      buildFilters(all);
      if (input.value.trim()) { search(); }
    });
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); search(); });
  more.addEventListener("click", showMore);

  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    start();
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

  // The same query rewriting, for tests and for anyone scripting the search.
  window.CarnetRecherche = { expand: expand, loadSynonyms: loadSynonyms };
})();
