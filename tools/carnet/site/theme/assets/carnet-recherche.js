// Search: a header button (or the « / » key) opens a dialog driven by Pagefind's JavaScript API.
// Nothing is downloaded before the dialog opens; the filters' data only when « Filtrer » is opened,
// since at 10,000 sheets it weighs more than the index chunks a query needs.
// ECMAScript 2018 and import(), like every script of the carnet (README, « Supported browsers »).
(() => {
  "use strict";
  const dialog = document.getElementById("carnet-recherche");
  // Pagefind's bundle is ES2020 (?. and ??), which no feature test sees without eval: replaceAll()
  // came with it or after (Chrome 85, Firefox 77, Safari 13.1). Without the dialog or the bundle there
  // is no search button, and main.html shows the indexes instead, as without JavaScript.
  if (!dialog || !window.HTMLDialogElement || !String.prototype.replaceAll) { return; }
  // data-bundle is relative to the page (MkDocs writes relative addresses), not to this script:
  // resolved once here, it holds on every page, at the root or under a project site's path.
  const bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI);
  bundle.pathname = bundle.pathname.replace(/\/{2,}/g, "/");
  const input = dialog.querySelector("#carnet-q");
  const status = dialog.querySelector(".carnet-recherche__etat");
  const retry = dialog.querySelector(".carnet-recherche__reessayer");
  const list = dialog.querySelector(".carnet-resultats");
  const more = dialog.querySelector(".carnet-resultats__suite");
  const filterBox = dialog.querySelector(".carnet-filtres");
  const groups = dialog.querySelector(".carnet-filtres__groupes");
  const PAGE = 10;
  let loading = null, attempts = 0, synonyms = {}, longest = 1;
  const stopwords = {};
  let results = [], shown = 0, filterSets = null, counter = 0;
  const selected = {};

  // Accent and case folding, as carnet.text.fold: lowercasing leaves alone what Python's casefold()
  // expands, such as the ligatures of a text pasted from a PDF (« certiﬁcat »). tests/fold_corpus.yml
  // holds this copy, carnet-formulaire.js's and Python's to the same results.
  function fold(text) {
    const expanded = {
      "ß": "ss", "ſ": "s", "ŉ": "ʼn", "ẚ": "aʾ", "\u00b5": "\u03bc",  // the micro sign becomes the Greek mu
      "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    };
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[ßſŉẚ\u00b5ﬀ-ﬆ]/g, (c) => expanded[c]);
  }
  // A query's words: folded, without elided articles, punctuation or function words, as
  // search.query_words reads the synonyms' keys (and as the index was built, without function words).
  function words(text) {
    return fold(text).replace(/['’]/g, "' ").split(/\s+/)
      .map((word) => word.replace(/^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'/, "").replace(/^[.,;:!?«»()"'’]+|[.,;:!?«»()"'’]+$/g, ""))
      .filter((word) => word && !stopwords[word]);
  }
  // One part per typed word, or per typed abbreviation or expression of the synonyms (« carte grise »):
  // a synonym is looked up whole (« mdp » never matches the start of « MDPH ») and by its expressions.
  function parts(text) {
    const all = words(text), found = [];
    for (let i = 0; i < all.length;) {
      for (let n = Math.min(longest, all.length - i); n > 0; n--) {
        const key = all.slice(i, i + n).join(" ");
        if (n === 1 || synonyms[key]) {
          found.push({ words: key, whole: Boolean(synonyms[key]), also: synonyms[key] || [] });
          i += n;
          break;
        }
      }
    }
    return found;
  }

  function loadSynonyms() {
    return fetch(new URL("../assets/synonymes.json", bundle)).then((response) => {
      if (!response.ok) { throw new Error(`synonymes.json : ${response.status}`); }
      return response.json();
    }).then((data) => {
      synonyms = data.synonymes || {};
      Object.keys(synonyms).forEach((key) => { longest = Math.max(longest, key.split(" ").length); });
      (data.mots_vides || []).forEach((word) => { stopwords[fold(word)] = true; });
    });
  }

  // Loaded once; a failure is not kept, so that the next try loads again (a new address after a failed
  // attempt, since a browser may remember a module that failed).
  function start() {
    if (!loading) {
      const address = new URL("pagefind.js", bundle);
      if (attempts) { address.search = `?essai=${attempts}`; }
      attempts += 1;
      loading = Promise.all([import(address.href), loadSynonyms()]).then(([api]) =>
        // Result addresses are relative to the site's root, which is not / on a project's Pages site.
        api.options({ baseUrl: new URL("../", bundle).pathname }).then(() => api.init()).then(() => api));
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  // Without a network (a phone in a basement, the offline edition) retrying cannot help: say what
  // still works.
  function failed() {
    status.textContent = navigator.onLine === false
      ? "La recherche a besoin du réseau, et cet appareil n'en a pas pour l'instant. Sans réseau, parcourez les fiches de A à Z ou par administration (menu), puis réessayez une fois connecté."
      : "La recherche n'a pas pu être chargée (connexion interrompue ?). Réessayez dans un instant.";
    retry.hidden = false;
    list.textContent = "";
    more.hidden = true;
  }

  function filterOptions() {
    const filters = {};
    Object.keys(selected).forEach((name) => {
      if (selected[name].length) { filters[name] = { any: selected[name] }; }
    });
    return filters;
  }

  // A word or phrase: Pagefind's ranked search, and for a synonym or an expression (matched whole), the
  // exact search that tells which of those pages have it whole: « mdp » never matches the start of
  // « MDPH », « carte identité » needs the two words together.
  function searchPhrase(api, phrase, whole, filters) {
    const runs = [api.search(phrase, { filters })];
    if (whole) { runs.push(api.search(`"${phrase}"`, { filters })); }
    return Promise.all(runs).then(([ranked, exactly]) => {
      if (!whole) { return ranked.results.map((r) => ({ result: r, score: r.score })); }
      const exact = new Set(exactly.results.map((r) => r.id));
      const hits = ranked.results.filter((r) => exact.has(r.id)).map((r) => ({ result: r, score: r.score }));
      const kept = new Set(hits.map((hit) => hit.result.id));
      exactly.results.forEach((r) => { if (!kept.has(r.id)) { hits.push({ result: r, score: 0 }); } });
      return hits;
    });
  }

  // One part at a time (Pagefind wants every word of a query on the page): id → { result, score } of
  // the pages the part's words, or one of its expressions, lead to.
  function searchPart(api, part, filters) {
    const phrases = [searchPhrase(api, part.words, part.whole, filters)].concat(
      part.also.map((expression) => searchPhrase(api, expression, true, filters)));
    return Promise.all(phrases).then((found) => {
      const pages = new Map();
      found.forEach((hits) => {
        hits.forEach((hit) => {
          const known = pages.get(hit.result.id);
          if (!known || known.score < hit.score) { pages.set(hit.result.id, hit); }
        });
      });
      return pages;
    });
  }

  // The pages with every part, best first; when none has them all, the pages with any part,
  // those with the most parts first.
  function combine(perPart) {
    const pages = new Map();
    perPart.forEach((found) => {
      found.forEach((hit, id) => {
        const page = pages.get(id) || { result: hit.result, score: 0, parts: 0 };
        page.score += hit.score;
        page.parts += 1;
        pages.set(id, page);
      });
    });
    const all = Array.from(pages.values());
    const every = all.filter((page) => page.parts === perPart.length);
    const chosen = every.length ? every : all;
    chosen.sort((a, b) => b.parts - a.parts || b.score - a.score);
    return { results: chosen.map((page) => page.result), partial: !every.length && all.length > 0 };
  }

  function run(api, term) {
    const filters = filterOptions();
    const found = parts(term);
    if (!found.length) {
      return api.search(term ? term : null, { filters }).then((f) => ({ results: f.results, partial: false }));
    }
    return Promise.all(found.map((part) => searchPart(api, part, filters))).then(combine);
  }

  function render(data) {
    const item = document.createElement("li");
    item.className = "carnet-resultat";
    const link = document.createElement("a");
    link.href = data.url;
    link.className = "carnet-resultat__lien";
    if (data.meta.type) {
      const type = document.createElement("span");
      type.className = "carnet-resultat__type";
      type.textContent = data.meta.type + (data.meta.exemple ? " · Exemple" : "");
      link.appendChild(type);
    }
    link.appendChild(document.createTextNode(data.meta.title || data.url));
    const resume = document.createElement("p");
    resume.className = "carnet-resultat__resume";
    if (data.meta.resume) { resume.textContent = data.meta.resume; } else { resume.innerHTML = data.excerpt; }
    item.appendChild(link);
    item.appendChild(resume);
    return item;
  }

  function showMore() {
    const slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map((r) => r.data())).then((all) => {
      all.forEach((data) => { list.appendChild(render(data)); });
    });
  }

  function quoted(term) { return `«\u00a0${term}\u00a0»`; }

  function describe(term, found) {
    const n = found.results.length;
    const count = n + (n > 1 ? " résultats" : " résultat");
    if (n === 0) { return term ? `Aucun résultat pour ${quoted(term)}.` : "Aucun résultat avec ces filtres."; }
    if (found.partial) {
      return `Aucune page ne contient tous les mots de ${quoted(term)}\u00a0: ${count} pour l'un ou l'autre.`;
    }
    return `${count}${term ? ` pour ${quoted(term)}` : ""}.`;
  }

  function search() {
    const term = input.value.trim();
    const ticket = ++counter;
    retry.hidden = true;
    if (!term && !Object.keys(filterOptions()).length) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    status.textContent = "Recherche…";
    return start().then((api) => run(api, term)).then((found) => {
      if (ticket !== counter) { return; }  // a newer query is on its way
      results = found.results;
      shown = 0;
      const page = document.createDocumentFragment();
      const slice = results.slice(0, PAGE);
      return Promise.all(slice.map((r) => r.data())).then((all) => {
        if (ticket !== counter) { return; }
        all.forEach((data) => { page.appendChild(render(data)); });
        shown = slice.length;
        more.hidden = shown >= results.length;
        list.textContent = "";
        list.appendChild(page);
        if (filterSets) { updateCounts(); }
        status.textContent = describe(term, found);  // last: the status line tells the results are there
      });
    }).catch(() => { if (ticket === counter) { failed(); } });
  }

  // Filters: loaded the first time the panel opens; counts follow the results shown afterwards.
  function buildFilters(all) {
    groups.textContent = "";
    Object.keys(all).sort().forEach((name) => {
      const set = document.createElement("fieldset");
      set.className = "carnet-filtre";
      const legend = document.createElement("legend");
      legend.textContent = name;
      set.appendChild(legend);
      Object.keys(all[name]).sort((a, b) => a.localeCompare(b, "fr")).forEach((value) => {
        const label = document.createElement("label");
        label.className = "carnet-case";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.value = value;
        box.setAttribute("data-filtre", name);
        box.addEventListener("change", () => {
          selected[name] = Array.from(set.querySelectorAll("input:checked"), (b) => b.value);
          search();
        });
        const count = document.createElement("span");
        count.className = "carnet-filtre__nombre";
        count.textContent = ` (${all[name][value]})`;
        label.appendChild(box);
        label.appendChild(document.createTextNode(` ${value}`));
        label.appendChild(count);
        set.appendChild(label);
      });
      groups.appendChild(set);
    });
  }
  // The pages of each filter value, to count the results shown whatever searches produced them.
  function loadFilterSets(api, all) {
    const sets = {};
    return Promise.all(Object.keys(all).map((name) => {
      sets[name] = {};
      return Promise.all(Object.keys(all[name]).map((value) =>
        api.search(null, { filters: { [name]: value } }).then((found) => {
          sets[name][value] = new Set(found.results.map((r) => r.id));
        })));
    })).then(() => sets);
  }
  function updateCounts() {
    groups.querySelectorAll("input[data-filtre]").forEach((box) => {
      const pages = (filterSets[box.getAttribute("data-filtre")] || {})[box.value] || new Set();
      const n = results.filter((r) => pages.has(r.id)).length;
      box.parentNode.querySelector(".carnet-filtre__nombre").textContent = ` (${n})`;
    });
  }
  filterBox.addEventListener("toggle", () => {
    if (!filterBox.open || groups.childElementCount) { return; }
    groups.textContent = "Chargement des filtres…";
    start().then((api) => api.filters().then((all) => loadFilterSets(api, all).then((sets) => {
      buildFilters(all);
      filterSets = sets;
      if (input.value.trim()) { search(); }
    }))).catch(() => {
      groups.textContent = "";
      filterBox.open = false;
      failed();
    });
  });

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  dialog.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  more.addEventListener("click", showMore);
  retry.addEventListener("click", () => {
    retry.hidden = true;
    input.focus();
    if (input.value.trim()) { search(); return; }
    const ticket = ++counter;
    status.textContent = "Chargement…";
    start().then(() => {
      if (ticket === counter) { status.textContent = "La recherche est prête."; }
    }, () => { if (ticket === counter) { failed(); } });
  });

  // Loading starts when the dialog opens, so that the first query answers sooner; a failure is said at once.
  function prepare() {
    const ticket = counter;
    start().catch(() => { if (ticket === counter) { failed(); } });
  }
  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    prepare();
  }

  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon carnet-recherche-bouton";
  button.setAttribute("aria-label", "Rechercher dans le carnet");
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("title", "Rechercher (touche /)");
  button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 ' +
    '6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg>';
  button.addEventListener("click", open);
  const title = document.querySelector(".md-header__title");
  if (title) { title.insertAdjacentElement("afterend", button); }

  dialog.querySelector(".carnet-recherche__fermer").addEventListener("click", () => { dialog.close(); });
  dialog.addEventListener("click", (event) => { if (event.target === dialog) { dialog.close(); } });
  // « / » or « s » opens the search, unless a modifier asks for something else (Ctrl+S saves the page).
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || dialog.open) { return; }
    const active = document.activeElement;
    const typing = active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable);
    if (!typing && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
})();
