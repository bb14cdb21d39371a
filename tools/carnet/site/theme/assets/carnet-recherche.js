// Search: a header button (or the « / » key) opens a dialog driven by Pagefind's JavaScript API.
// Nothing is downloaded before the dialog opens; the filters' data only when « Filtrer » is opened,
// since at 10,000 sheets it weighs more than the index chunks a query needs.
(function () {
  "use strict";
  var dialog = document.getElementById("carnet-recherche");
  if (!dialog || !window.HTMLDialogElement) { return; }
  // data-bundle is relative to the page (MkDocs writes relative addresses), not to this script:
  // resolved once here, it holds on every page, at the root or under a project site's path.
  var bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI);
  bundle.pathname = bundle.pathname.replace(/\/{2,}/g, "/");
  var input = dialog.querySelector("#carnet-q");
  var status = dialog.querySelector(".carnet-recherche__etat");
  var retry = dialog.querySelector(".carnet-recherche__reessayer");
  var list = dialog.querySelector(".carnet-resultats");
  var more = dialog.querySelector(".carnet-resultats__suite");
  var filterBox = dialog.querySelector(".carnet-filtres");
  var groups = dialog.querySelector(".carnet-filtres__groupes");
  var PAGE = 10;
  var loading = null, attempts = 0, synonyms = {}, longest = 1, stopwords = {};
  var results = [], shown = 0, selected = {}, filterSets = null, counter = 0;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // A query's words: folded, without elided articles, punctuation or function words, as
  // search.query_words reads the synonyms' keys (and as the index was built, without function words).
  function words(text) {
    return fold(text).replace(/['’]/g, "' ").split(/\s+/).map(function (word) {
      return word.replace(/^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'/, "").replace(/^[.,;:!?«»()"'’]+|[.,;:!?«»()"'’]+$/g, "");
    }).filter(function (word) { return word && !stopwords[word]; });
  }
  // One part per typed word, or per typed abbreviation or expression of the synonyms (« carte grise »):
  // a synonym is looked up whole (« mdp » never matches the start of « MDPH ») and by its expressions.
  function parts(text) {
    var all = words(text), found = [];
    for (var i = 0; i < all.length;) {
      for (var n = Math.min(longest, all.length - i); n > 0; n--) {
        var key = all.slice(i, i + n).join(" ");
        if (n === 1 || synonyms[key]) {
          found.push({ words: key, whole: !!synonyms[key], also: synonyms[key] || [] });
          i += n;
          break;
        }
      }
    }
    return found;
  }

  function loadSynonyms() {
    return fetch(new URL("../assets/synonymes.json", bundle)).then(function (response) {
      if (!response.ok) { throw new Error("synonymes.json : " + response.status); }
      return response.json();
    }).then(function (data) {
      synonyms = data.synonymes || {};
      Object.keys(synonyms).forEach(function (key) { longest = Math.max(longest, key.split(" ").length); });
      (data.mots_vides || []).forEach(function (word) { stopwords[fold(word)] = true; });
    });
  }

  // Loaded once; a failure is not kept, so that the next try loads again (a new address after a failed
  // attempt, since a browser may remember a module that failed).
  function start() {
    if (!loading) {
      var address = new URL("pagefind.js", bundle);
      if (attempts) { address.search = "?essai=" + attempts; }
      attempts += 1;
      loading = Promise.all([import(address.href), loadSynonyms()]).then(function (loaded) {
        var api = loaded[0];
        // Result addresses are relative to the site's root, which is not / on a project's Pages site.
        return api.options({ baseUrl: new URL("../", bundle).pathname })
          .then(function () { return api.init(); }).then(function () { return api; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function failed() {
    status.textContent = "La recherche n'a pas pu être chargée (connexion interrompue ?). Réessayez dans un instant.";
    retry.hidden = false;
    list.textContent = "";
    more.hidden = true;
  }

  function filterOptions() {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      if (selected[name].length) { filters[name] = { any: selected[name] }; }
    });
    return filters;
  }

  // A word or phrase: Pagefind's ranked search, and for a synonym or an expression (matched whole), the
  // exact search that tells which of those pages have it whole: « mdp » never matches the start of
  // « MDPH », « carte identité » needs the two words together.
  function searchPhrase(api, words, whole, filters) {
    var runs = [api.search(words, { filters: filters })];
    if (whole) { runs.push(api.search('"' + words + '"', { filters: filters })); }
    return Promise.all(runs).then(function (found) {
      if (!whole) { return found[0].results.map(function (r) { return { result: r, score: r.score }; }); }
      var exact = new Set(found[1].results.map(function (r) { return r.id; }));
      var hits = found[0].results.filter(function (r) { return exact.has(r.id); })
        .map(function (r) { return { result: r, score: r.score }; });
      var ranked = new Set(hits.map(function (hit) { return hit.result.id; }));
      found[1].results.forEach(function (r) { if (!ranked.has(r.id)) { hits.push({ result: r, score: 0 }); } });
      return hits;
    });
  }

  // One part at a time (Pagefind wants every word of a query on the page): id → { result, score } of
  // the pages the part's words, or one of its expressions, lead to.
  function searchPart(api, part, filters) {
    var phrases = [searchPhrase(api, part.words, part.whole, filters)].concat(
      part.also.map(function (expression) { return searchPhrase(api, expression, true, filters); }));
    return Promise.all(phrases).then(function (found) {
      var pages = new Map();
      found.forEach(function (hits) {
        hits.forEach(function (hit) {
          var known = pages.get(hit.result.id);
          if (!known || known.score < hit.score) { pages.set(hit.result.id, hit); }
        });
      });
      return pages;
    });
  }

  // The pages with every part, best first; when none has them all, the pages with any part,
  // those with the most parts first.
  function combine(perPart) {
    var pages = new Map();
    perPart.forEach(function (found) {
      found.forEach(function (hit, id) {
        var page = pages.get(id) || { result: hit.result, score: 0, parts: 0 };
        page.score += hit.score;
        page.parts += 1;
        pages.set(id, page);
      });
    });
    var all = Array.from(pages.values());
    var every = all.filter(function (page) { return page.parts === perPart.length; });
    var chosen = every.length ? every : all;
    chosen.sort(function (a, b) { return b.parts - a.parts || b.score - a.score; });
    return { results: chosen.map(function (page) { return page.result; }), partial: !every.length && all.length > 0 };
  }

  function run(api, term) {
    var filters = filterOptions();
    var found = parts(term);
    if (!found.length) {
      return api.search(term ? term : null, { filters: filters }).then(function (f) { return { results: f.results, partial: false }; });
    }
    return Promise.all(found.map(function (part) { return searchPart(api, part, filters); })).then(combine);
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
      type.textContent = data.meta.type + (data.meta.exemple ? " · Exemple" : "");
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

  function quoted(term) { return "«\u00a0" + term + "\u00a0»"; }

  function describe(term, found) {
    var n = found.results.length;
    var count = n + (n > 1 ? " résultats" : " résultat");
    if (n === 0) { return term ? "Aucun résultat pour " + quoted(term) + "." : "Aucun résultat avec ces filtres."; }
    if (found.partial) {
      return "Aucune page ne contient tous les mots de " + quoted(term) + " : " + count + " pour l'un ou l'autre.";
    }
    return count + (term ? " pour " + quoted(term) : "") + ".";
  }

  function search() {
    var term = input.value.trim();
    var ticket = ++counter;
    retry.hidden = true;
    if (!term && !Object.keys(filterOptions()).length) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    status.textContent = "Recherche…";
    return start().then(function (api) { return run(api, term); }).then(function (found) {
      if (ticket !== counter) { return; }  // a newer query is on its way
      results = found.results;
      shown = 0;
      var page = document.createDocumentFragment();
      var slice = results.slice(0, PAGE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (all) {
        if (ticket !== counter) { return; }
        all.forEach(function (data) { page.appendChild(render(data)); });
        shown = slice.length;
        more.hidden = shown >= results.length;
        list.textContent = "";
        list.appendChild(page);
        if (filterSets) { updateCounts(); }
        status.textContent = describe(term, found);  // last: the status line tells the results are there
      });
    }).catch(function () { if (ticket === counter) { failed(); } });
  }

  // Filters: loaded the first time the panel opens; counts follow the results shown afterwards.
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
  // The pages of each filter value, to count the results shown whatever searches produced them.
  function loadFilterSets(api, all) {
    var sets = {};
    return Promise.all(Object.keys(all).map(function (name) {
      sets[name] = {};
      return Promise.all(Object.keys(all[name]).map(function (value) {
        var only = {};
        only[name] = value;
        return api.search(null, { filters: only }).then(function (found) {
          sets[name][value] = new Set(found.results.map(function (r) { return r.id; }));
        });
      }));
    })).then(function () { return sets; });
  }
  function updateCounts() {
    groups.querySelectorAll("input[data-filtre]").forEach(function (box) {
      var pages = (filterSets[box.getAttribute("data-filtre")] || {})[box.value] || new Set();
      var n = results.filter(function (r) { return pages.has(r.id); }).length;
      box.parentNode.querySelector(".carnet-filtre__nombre").textContent = " (" + n + ")";
    });
  }
  filterBox.addEventListener("toggle", function () {
    if (!filterBox.open || groups.childElementCount) { return; }
    groups.textContent = "Chargement des filtres…";
    start().then(function (api) {
      return api.filters().then(function (all) {
        return loadFilterSets(api, all).then(function (sets) {
          buildFilters(all);
          filterSets = sets;
          if (input.value.trim()) { search(); }
        });
      });
    }).catch(function () {
      groups.textContent = "";
      filterBox.open = false;
      failed();
    });
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  more.addEventListener("click", showMore);
  retry.addEventListener("click", function () {
    retry.hidden = true;
    input.focus();
    if (input.value.trim()) { search(); return; }
    var ticket = ++counter;
    status.textContent = "Chargement…";
    start().then(function () {
      if (ticket === counter) { status.textContent = "La recherche est prête."; }
    }, function () { if (ticket === counter) { failed(); } });
  });

  // Loading starts when the dialog opens, so that the first query answers sooner; a failure is said at once.
  function prepare() {
    var ticket = counter;
    start().catch(function () { if (ticket === counter) { failed(); } });
  }
  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    prepare();
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
  // « / » or « s » opens the search, unless a modifier asks for something else (Ctrl+S saves the page).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || dialog.open) { return; }
    var active = document.activeElement;
    var typing = active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable);
    if (!typing && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
})();
