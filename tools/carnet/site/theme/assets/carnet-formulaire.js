// « Proposer un contenu »: checks in the browser what `carnet check` checks, shows each error beside
// its field, previews the file, keeps the draft in localStorage, and sends it three ways.
// The forms, their constraints and the personal-data patterns come from the page's JSON, built
// from the same model as the GitHub issue forms and `carnet importer`.
(function () {
  "use strict";
  var specNode = document.getElementById("carnet-formulaires");
  if (!specNode) { return; }
  var spec = JSON.parse(specNode.textContent);
  var checks = spec.controles;
  var LIST_SECTIONS = spec.sections_listes;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function slug(text) {
    return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function regex(name) { return new RegExp(checks[name].source, checks[name].flags); }

  // --- Personal data and active HTML (mirrors personal_data.py and active_html.py) ---
  // The kinds of personal data, their patterns and messages, the allowed domains and official phone
  // numbers all come from personal_data.py through the page's JSON; only the checks run after a match
  // are written twice, here and there. tests/test_personal_data.py runs both on the same sentences.
  function mod97(digits) { return Number(BigInt(digits) % 97n); }
  function nirValid(body, key) {
    body = body.toUpperCase().replace("2A", "19").replace("2B", "18");
    return /^\d{13}$/.test(body) && 97 - mod97(body) === Number(key);
  }
  // The run an IBAN starts holds one when valid whole or cut before one of its separators (iban_in).
  function ibanIn(candidate) {
    var head = "", rest = 0, length = 0, chars = candidate.toUpperCase() + " ", value;
    for (var i = 0; i < chars.length; i++) {
      if (/[0-9A-Z]/.test(chars.charAt(i))) {
        value = parseInt(chars.charAt(i), 36);
        length += 1;
        if (length <= 4) { head += String(value); } else { rest = (rest * (value < 10 ? 10 : 100) + value) % 97; }
      } else if (length >= 15 && length <= 34 && (rest * Math.pow(10, head.length) + Number(head)) % 97 === 1) {
        return true;
      }
    }
    return false;
  }
  function national(number) { return "0" + number.replace(/[^0-9]/g, "").slice(-9); }
  function allowedDomain(domain) {
    domain = domain.toLowerCase();
    return /\.gouv\.fr$/.test(domain) || spec.domaines.some(function (d) { return domain === d || domain.endsWith("." + d); });
  }
  // What each check shows in the message, or null when the match is not personal data.
  var verifications = {
    email: function (m) {
      return allowedDomain((m[1] || m[2] || m[3]).replace(regex("email_point"), ".")) ? null : m[0];
    },
    telephone: function (m) { return spec.telephones.indexOf(national(m[0])) >= 0 ? null : m[0]; },
    nir: function (m) { return m[7] === undefined || nirValid(m.slice(1, 7).join(""), m[7]) ? "" : null; },
    iban: function (m) { return ibanIn(m[0]) ? "" : null; }
  };
  // Secrets: the same rule as looks_secret() in personal_data.py, on the token the shared pattern
  // finds after a keyword.
  var OPENING = /^[(\[{«‹“‘"'`*_¿¡]+/;
  var CLOSING = /[.,;:!?)\]}»›”’"'`*_…+]+$/;
  var NUMBER_SUFFIX = /^[0-9]+(?:er|re|ère|e|ème|eme|nde?|h[0-9]{0,2}|min)s?$/i;
  var LETTER = /[\p{L}\p{M}]/u;
  var SIGN = /[^\p{L}\p{M}0-9\-‐‑'’\/.·]/u;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  function looksSecret(token) {
    token = token.replace(OPENING, "").replace(CLOSING, "");
    if (Array.from(token).length < 4 || /^https?:\/\//i.test(token)) { return false; }
    var letters = LETTER.test(token), digits = /[0-9]/.test(token);
    if (/[0-9]{4}/.test(token)) { return true; }
    if (letters && digits) { return !NUMBER_SUFFIX.test(token); }
    return letters && SIGN.test(token);
  }
  function secrets(text) {
    var found = [], re = regex("secret"), m, keyword;
    while ((m = re.exec(text))) {
      // Like the checker: a keyword starts a word, and a secret is skipped whole (« code PIN 4821 »).
      if ((m.index > 0 && WORD_CHAR.test(text.charAt(m.index - 1))) || !looksSecret(m[2])) {
        re.lastIndex = m.index + 1;
        continue;
      }
      keyword = m[1].toLowerCase();
      found.push({ start: m.index, end: m.index + m[0].length,
                   shown: keyword + (/s$/.test(keyword.split(" ")[0]) ? " écrits" : " écrit") });
    }
    return found;
  }
  function candidates(kind, text) {
    if (kind.verification === "secret") { return secrets(text); }
    var found = [], re = regex(kind.controle), verify = verifications[kind.verification], m, shown;
    while ((m = re.exec(text))) {
      shown = verify ? verify(m) : "";
      if (shown !== null) { found.push({ start: m.index, end: m.index + m[0].length, shown: shown }); }
    }
    return found;
  }
  // Every piece of personal data, left to right; a match overlapping one found before is not repeated.
  function personalData(text) {
    var taken = new Uint8Array(text.length), found = [];
    spec.donnees.forEach(function (kind) {
      candidates(kind, text).forEach(function (c) {
        if (taken.subarray(c.start, c.end).indexOf(1) >= 0) { return; }
        taken.fill(1, c.start, c.end);
        found.push({ offset: c.start, code: kind.code,
                     message: kind.message.replace("{}", function () { return c.shown; }) });
      });
    });
    found.sort(function (a, b) { return a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0); });
    return found.map(function (f) { return f.message; });
  }
  function problems(text) {
    var found = personalData(text), m;
    ["balise", "attribut", "adresse_script"].forEach(function (name) {
      var r = regex(name);
      while ((m = r.exec(text))) { found.push("HTML actif refusé (« " + m[0].slice(0, 30) + " »)"); }
    });
    return found;
  }

  // --- Signs of an unwanted message (mirrors spam.py, patterns and word lists from the page's JSON) ---
  var junk = spec.indesirables;
  function hostOf(url) {
    try { return new URL(url.indexOf("://") >= 0 ? url : "https://" + url).hostname.replace(/^www\./, "").replace(/\.$/, ""); }
    catch (e) { return ""; }
  }
  function official(host) {
    return junk.sources.some(function (d) { return host === d || host.endsWith("." + d); });
  }
  function spam(text) {
    var found = [], seen = {}, hosts = [], m, re;
    re = new RegExp(junk.url, "gi");
    while ((m = re.exec(text))) { hosts.push([m.index, hostOf(m[0])]); }
    re = new RegExp(junk.domaine_nu, "gi");
    while ((m = re.exec(text))) { hosts.push([m.index, m[1].toLowerCase().replace(/^www\./, "")]); }
    hosts.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (h) {
      if (h[1] && !seen[h[1]] && !official(h[1])) {
        seen[h[1]] = true;
        found.push("lien vers « " + h[1] + " », qui n'est ni un service public ni une source officielle : le carnet ne renvoie " +
                   "qu'aux sites des administrations et aux sources officielles");
      }
    });
    var words = (text.match(new RegExp(junk.mot, "gi")) || []).map(function (w) { return w.toLowerCase(); });
    var english = words.filter(function (w) { return junk.anglais.indexOf(w) >= 0; }).length;
    var french = words.filter(function (w) { return junk.francais.indexOf(w) >= 0; }).length;
    var isEnglish = english >= junk.min_anglais && english >= 3 * french;
    var strong = text.match(new RegExp(junk.fort, "gi")) || [], weak = text.match(new RegExp(junk.faible, "gi")) || [];
    var flagged = strong.concat(strong.length || found.length || isEnglish ? weak : []);
    if (flagged.length) { found.push("formulation typique des messages indésirables : une contribution décrit une pratique de médiation"); }
    if (isEnglish) { found.push("texte en anglais : le carnet s'écrit en français"); }
    return found;
  }

  // --- Reading a form ---
  function values(form) {
    var out = {};
    form.spec.fields.forEach(function (f) {
      if (f.kind === "choices") {
        out[f.id] = Array.prototype.map.call(form.node.querySelectorAll('input[name="' + f.id + '"]:checked'),
          function (box) { return box.value; });
      } else if (f.kind === "consent") {
        out[f.id] = form.node.querySelector('[name="' + f.id + '"]').checked;
      } else {
        out[f.id] = form.node.querySelector('[name="' + f.id + '"]').value;
      }
    });
    return out;
  }
  // --- Forgiving input, strict output (mirrors normalise.py: the same readings, notes and refusals) ---
  // Only a list marker is taken off a line (« 1. », « - »): « 2 pièces » and « -5 % » stay whole.
  function unmark(line) { return line.replace(/^\s*(?:\d+[.)]|[-*•])\s+/, "").trim(); }
  function lines(value) {
    return String(value || "").split("\n").map(unmark).filter(function (l) { return l; });
  }
  function reading(value, notes, errors) { return { value: value, notes: notes || [], errors: errors || [] }; }
  function readItems(value, separators) {
    var items = lines(value);
    if (!separators || !items.some(function (l) { return /[,;]/.test(l); })) { return reading(items); }
    items = [].concat.apply([], items.map(function (l) { return l.split(/[,;]/); }))
      .map(function (x) { return x.trim(); }).filter(function (x) { return x; });
    return reading(items, ["séparés par des virgules ou des points-virgules : lus comme " + items.length + " éléments, un par ligne"]);
  }
  var URL_RE = /https?:\/\/[^\s<>|\[\]()«»"]+/gi;
  var MARKDOWN_LINK = /^\[([^\]]*)\]\(\s*<?(https?:\/\/[^\s<>()]+)>?\s*\)$/i;
  var EDGES = " \t|:–—-()<>[]«»\"'.,;!?";
  function strip(text, chars) {
    var a = 0, b = text.length;
    while (a < b && chars.indexOf(text.charAt(a)) >= 0) { a += 1; }
    while (b > a && chars.indexOf(text.charAt(b - 1)) >= 0) { b -= 1; }
    return text.slice(a, b);
  }
  function domain(url) { return url.split("/").length > 2 ? url.split("/")[2] : url; }
  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function readLink(line) {
    var md = MARKDOWN_LINK.exec(line), urls, url, start, title;
    if (md) {
      title = md[1].trim();
      return { link: { titre: title || domain(md[2]), url: md[2] }, note: "« " + line + " » lu comme « " + title + " | " + md[2] + " »" };
    }
    urls = (line.match(URL_RE) || []).map(function (u) { return u.replace(/[.,;:!?»]+$/, ""); });
    if (urls.length !== 1) {
      return { link: { titre: line, url: urls.length ? "" : line },
               error: "« " + line + " » : " + (urls.length ? urls.length + " adresses sur la même ligne" : "aucune adresse commençant par https://") };
    }
    url = urls[0];
    start = line.indexOf(url);
    title = [strip(line.slice(0, start).trim(), EDGES), strip(line.slice(start + url.length).trim(), EDGES)]
      .filter(function (x) { return x; }).join(" ");
    var canonical = new RegExp("^[^|]*[^|\\s]\\s*\\|\\s*" + escapeRe(url) + "$").test(line);
    return { link: { titre: title || domain(url), url: url },
             note: canonical || !title ? "" : "« " + line + " » lu comme « " + title + " | " + url + " »" };
  }
  function readLinks(value) {
    var out = reading([]);
    lines(value).forEach(function (line) {
      var r = readLink(line);
      out.value.push(r.link);
      if (r.note) { out.notes.push(r.note); }
      if (r.error) { out.errors.push(r.error); }
    });
    return out;
  }
  var DURATION = /^(?:(\d{1,2})\s*(?:h|heures?)\s*(?:(\d{1,2})\s*(?:min|minutes?|mn)?)?|(\d{1,3})\s*(?:min|minutes?|mn)?)$/i;
  function readDuration(value) {
    var text = String(value).split(/\s+/).filter(function (x) { return x; }).join(" "), m = DURATION.exec(text);
    if (!m) { return reading(text); }
    var minutes = m[3] ? Number(m[3]) : Number(m[1]) * 60 + Number(m[2] || 0);
    return reading(minutes, /^\d+$/.test(text) ? [] : ["« " + text + " » lu comme " + minutes + " minutes"]);
  }
  function readDate(value, month) {
    var text = String(value).trim(), d = /^(\d{1,2})[\/.](\d{1,2})[\/.](\d{4})$/.exec(text), iso;
    var m = month ? /^(\d{1,2})[\/.](\d{4})$/.exec(text) : null;
    if (d) { iso = d[3] + "-" + d[2].padStart(2, "0") + "-" + d[1].padStart(2, "0"); }
    else if (m) { iso = m[2] + "-" + m[1].padStart(2, "0"); }
    return iso ? reading(iso, ["« " + text + " » lu comme " + iso]) : reading(text);
  }
  function readAnswer(f, value) {
    if (value === undefined || value === null) { value = ""; }
    if (f.kind === "choices") { return reading(value || []); }
    if (f.kind === "lines") { return readItems(value, f.separators); }
    if (f.kind === "links") { return readLinks(value); }
    if (f.kind === "number") { return readDuration(value); }
    if (f.kind === "date" || f.kind === "month") { return readDate(value, f.kind === "month"); }
    if (f.kind === "consent") { return reading(Boolean(value)); }
    return reading(String(value === undefined || value === null ? "" : value).trim());
  }
  function frontValue(f, value) { return readAnswer(f, value).value; }
  function empty(value) {
    return value === "" || value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }

  // --- Checks, field by field (mirrors the schemas and the rules of `carnet check`) ---
  // Lengths count characters as Python does (code points), so that both refuse the same texts.
  function size(text) { return Array.from(text).length; }
  function chars(n) { return n + (n > 1 ? " caractères" : " caractère"); }
  function lengthErrors(text, low, high, prefix) {
    var n = size(text);
    if (low && n < low) { return [prefix + "trop court (" + chars(n) + ", minimum " + low + ")"]; }
    if (high && n > high) { return [prefix + "trop long (" + chars(n) + ", maximum " + high + ")"]; }
    return [];
  }
  function shown(text) { return size(text) > 40 ? Array.from(text).slice(0, 37).join("") + "…" : text; }
  function listErrors(f, items, unreadable) {
    var errors = [], seen = {};
    items.forEach(function (item, i) {
      var text = typeof item === "string" ? item : item.titre;
      if (unreadable[i]) { return; }
      errors = errors.concat(lengthErrors(text, f.item_min, f.item_max, "« " + shown(text) + " » : "));
      if (typeof item !== "string" && f.pattern && !new RegExp(f.pattern).test(item.url)) {
        errors.push("« " + shown(item.url) + " » : adresse complète commençant par https:// attendue");
      }
      if (f.unique && seen[text]) { errors.push("« " + shown(text) + " » est en double"); }
      seen[text] = true;
    });
    if (f.max_items && items.length > f.max_items) { errors.push(items.length + " éléments, " + f.max_items + " au plus"); }
    return errors;
  }
  function fieldErrors(form, f, value, all) {
    var r = readAnswer(f, value), v = r.value, errors = r.errors.slice();
    var text = Array.isArray(v) ? v.map(function (x) { return typeof x === "string" ? x : x.titre + " " + x.url; }).join("\n") : String(v);
    if (f.required && (empty(v) || v === false)) {
      return [f.kind === "consent" ? "à cocher pour envoyer" : "obligatoire"];
    }
    if (empty(v)) { return errors; }
    if (f.kind === "lines" || f.kind === "links") {
      var unreadable = f.kind === "links" ? lines(value).map(function (l) { return Boolean(readLink(l).error); }) : [];
      errors = errors.concat(listErrors(f, v, unreadable));
    } else if (f.kind !== "number") {
      errors = errors.concat(lengthErrors(text, f.min_length, f.max_length, ""));
    }
    if (f.kind === "number" && (typeof v !== "number" || (f.minimum && v < f.minimum) || (f.maximum && v > f.maximum))) {
      errors.push("une durée en minutes (45) ou en heures (1 h 30)" + (f.minimum ? ", de " + f.minimum + " à " + f.maximum + " minutes" : ""));
    }
    if (f.pattern && f.kind !== "textarea" && f.kind !== "lines" && f.kind !== "links" && !new RegExp(f.pattern).test(text)) {
      errors.push(f.id === "url" ? "adresse complète commençant par https:// attendue" : "format attendu : " + f.help);
    }
    if (f.kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) { errors.push("une date au format AAAA-MM-JJ (ou JJ/MM/AAAA)"); }
    if (f.kind === "month" && !/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(text)) { errors.push("un mois au format AAAA-MM (ou MM/AAAA)"); }
    if (f.kind === "date" && text > today()) { errors.push("cette date est dans le futur"); }
    if (f.kind === "month" && text > today().slice(0, 7)) { errors.push("ce mois est dans le futur"); }
    var seen = form.spec.kind === "confirmation" && f.id === "date" && (spec.constates || {})[all.dysfonctionnement];
    if (seen && text < seen) { errors.push("avant le jour où ce dysfonctionnement a été constaté (" + seen + ")"); }
    if (f.id === "titre" && !/[\p{L}\p{N}]/u.test(text)) { errors.push("ce titre ne donne aucun nom de fichier : écrivez-le avec des lettres"); }
    if (f.id === "contournement" && !text && all.statut === "contourne") { errors.push("obligatoire quand le statut est « Contourné »"); }
    return errors.concat(problems(text), f.id === "contenu" ? [] : spam(text));
  }
  function errorsOf(form, f, all) {
    if (f.id === "contournement" && all.statut === "contourne" && !String(all[f.id] || "").trim()) {
      return ["obligatoire quand le statut est « Contourné »"];
    }
    return fieldErrors(form, f, all[f.id], all);
  }
  // What was read differently from what was typed, said under the field (« Compris ainsi : … »).
  function showNotes(box, notes) {
    var node = box.querySelector(".carnet-lu");
    if (!node && notes.length) {
      node = document.createElement("p");
      node.className = "carnet-lu carnet-aide";
      box.querySelector(".carnet-erreur").insertAdjacentElement("afterend", node);
    }
    if (node) { node.textContent = notes.length ? typeset("Compris ainsi : " + notes.join(" ; ") + ".") : ""; }
  }
  // French typography on screen: no line break inside « … » or before « : ».
  function typeset(text) { return text.replace(/« /g, "«\u00a0").replace(/ »/g, "\u00a0»").replace(/ :/g, "\u00a0:"); }
  function check(form, show) {
    var all = values(form), count = 0;
    form.spec.fields.forEach(function (f) {
      var errors = errorsOf(form, f, all);
      count += errors.length;
      var box = form.node.querySelector('[data-champ="' + f.id + '"]');
      var touched = show || box.getAttribute("data-touche") === "oui";
      var message = box.querySelector(".carnet-erreur");
      var control = box.querySelector("input, select, textarea, [role=group]");
      message.textContent = touched && errors.length ? typeset(errors.join(" ; ")) : "";
      if (control) { control.setAttribute("aria-invalid", touched && errors.length ? "true" : "false"); }
      showNotes(box, readAnswer(f, all[f.id]).notes);
    });
    return count;
  }

  // --- The file, mirroring forms.render_content ---
  // JSON as Python's json.dumps writes it (« , » and « : » followed by a space): the same bytes either way.
  function dumps(v) {
    if (Array.isArray(v)) { return "[" + v.map(dumps).join(", ") + "]"; }
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).map(function (k) { return JSON.stringify(k) + ": " + dumps(v[k]); }).join(", ") + "}";
    }
    return JSON.stringify(v);
  }
  function render(form, answers) {
    var all = answers || values(form), out = ["---"];
    form.spec.fields.forEach(function (f) {
      if (f.section !== null) { return; }
      var v = frontValue(f, all[f.id]);
      if (empty(v) && !f.required) { return; }
      out.push(f.id + ": " + dumps(v));
    });
    (spec.dates_auto[form.spec.kind] || []).forEach(function (key) { out.push(key + ': "' + today() + '"'); });
    out.push("---");
    var body = [];
    form.spec.fields.forEach(function (f) {
      var text = String(all[f.id] || "").trim();
      if (f.section === null || !text) { return; }
      if (f.section) { body.push("## " + f.section, ""); }
      var style = LIST_SECTIONS[f.id];
      if (style === "numbered") {
        text = lines(text).map(function (l, i) { return (i + 1) + ". " + l; }).join("\n");
      } else if (style === "bullets") {
        text = lines(text).map(function (l) { return "- " + l; }).join("\n");
      }
      body.push(text, "");
    });
    return out.join("\n") + "\n\n" + body.join("\n");
  }
  function isContent(form) { return Boolean(spec.dates_auto[form.spec.kind]); }

  // --- Preview: what the page will show (title, résumé, sections) ---
  function preview(form) {
    var all = values(form), node = form.section.querySelector(".carnet-apercu");
    node.textContent = "";
    function add(tag, text, css) {
      var el = document.createElement(tag);
      el.textContent = text;
      if (css) { el.className = css; }
      node.appendChild(el);
      return el;
    }
    add("h3", all.titre || all.dysfonctionnement || all.contenu || "(sans titre)");
    if (all.resume) { add("p", all.resume, "carnet-resume"); }
    form.spec.fields.forEach(function (f) {
      var text = String(all[f.id] || "").trim();
      if (f.section === null || !text) { return; }
      if (f.section) { add("h4", f.section); }
      var style = LIST_SECTIONS[f.id];
      if (style) {
        var list = add(style === "numbered" ? "ol" : "ul", "");
        lines(text).forEach(function (l) {
          var li = document.createElement("li");
          li.textContent = l;
          list.appendChild(li);
        });
      } else {
        text.split(/\n\s*\n/).forEach(function (p) { add("p", p); });
      }
    });
    form.section.querySelector(".carnet-fichier").textContent = isContent(form) ? render(form) : summary(form);
  }
  // « Je l'ai vu aussi » and « Signaler une erreur » have no content file: their file is written as GitHub
  // writes an issue from the same form (« ### Libellé », the answer), which `carnet importer` reads.
  function summary(form, answers) {
    var all = answers || values(form);
    var parts = form.spec.fields.map(function (f) {
      var v = String(all[f.id] || "").trim();
      if (v && f.kind === "choice" && f.id !== "dysfonctionnement") {
        v = (f.options.filter(function (o) { return o[0] === v; })[0] || [v, v])[1];
      }
      return "### " + f.label + "\n\n" + (v || "_No response_");
    });
    return ["formulaire: " + form.spec.kind + " (" + form.spec.title + ")"].concat(parts).join("\n\n") + "\n";
  }

  // --- Draft kept in the browser ---
  function draftKey(form) { return "carnet-brouillon-" + form.spec.kind; }
  function save(form) {
    try { localStorage.setItem(draftKey(form), JSON.stringify(values(form))); } catch (e) { /* private mode */ }
  }
  function restore(form) {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || "null"); } catch (e) { saved = null; }
    if (!saved) { return false; }
    form.spec.fields.forEach(function (f) {
      var v = saved[f.id];
      if (v === undefined) { return; }
      if (f.kind === "choices") {
        form.node.querySelectorAll('input[name="' + f.id + '"]').forEach(function (box) { box.checked = v.indexOf(box.value) >= 0; });
      } else if (f.kind === "consent") {
        form.node.querySelector('[name="' + f.id + '"]').checked = Boolean(v);
      } else {
        form.node.querySelector('[name="' + f.id + '"]').value = v;
      }
    });
    return true;
  }

  // --- Sending ---
  function say(form, text) { form.section.querySelector(".carnet-message").textContent = text; }
  function ready(form) {
    var count = check(form, true);
    if (count) {
      say(form, count + (count > 1 ? " points à corriger" : " point à corriger") + " avant l'envoi : voir les messages sous les champs.");
      var first = form.node.querySelector('[aria-invalid="true"]');
      if (first) { first.focus(); }
      return false;
    }
    return true;
  }
  function issueUrl(form) {
    var all = values(form), params = new URLSearchParams();
    params.set("template", form.spec.kind + ".yml");
    params.set("title", "[" + form.spec.title + "] " + (all.titre || all.dysfonctionnement || all.contenu || ""));
    form.spec.fields.forEach(function (f) {
      var v = all[f.id];
      if (f.kind === "choices") { v = v.join(", "); }
      if (f.kind === "consent") { v = v ? "oui" : ""; }
      if (!empty(v)) { params.set(f.id, String(v)); }
    });
    // The whole file too: whatever GitHub does with a pre-filled dropdown, nothing written is lost.
    if (isContent(form)) { params.set("fichier", render(form)); }
    return spec.depot.replace(/\/$/, "") + "/issues/new?" + params.toString();
  }
  // A name of its own for each form: never the name of the malfunction's own file.
  var FILE_PREFIX = { confirmation: "je-l-ai-vu-aussi-", signalement: "signalement-" };
  function fileName(form) {
    var all = values(form);
    return (slug((FILE_PREFIX[form.spec.kind] || "") + (all.titre || all.dysfonctionnement || all.contenu || "")) || form.spec.kind) + ".md";
  }
  function sendTo() {
    return spec.contact ? "envoyez-le par e-mail aux animateurs du réseau, à " + spec.contact : "envoyez-le aux animateurs du réseau";
  }
  var actions = {
    github: function (form) {
      var url = issueUrl(form);
      if (url.length > spec.url_max) {
        say(form, "Ce contenu est trop long pour une adresse GitHub (" + url.length + " caractères, " + spec.url_max +
          " au plus). Envoyez-le par e-mail ou téléchargez le fichier : rien n'est perdu, le brouillon reste ici.");
        return;
      }
      window.open(url, "_blank", "noopener");
      say(form, "GitHub s'ouvre dans un nouvel onglet avec votre proposition : relisez-la puis validez « Submit new issue ».");
    },
    email: function (form) {
      if (!spec.contact) { say(form, "L'adresse du réseau n'est pas configurée : téléchargez le fichier et " + sendTo() + "."); return; }
      var body = isContent(form) ? render(form) : summary(form);
      var url = "mailto:" + spec.contact + "?subject=" + encodeURIComponent("[Carnet] " + form.spec.title) +
        "&body=" + encodeURIComponent(body);
      window.CarnetFormulaire.ouvrir(url);
      say(form, "Votre messagerie s'ouvre avec la proposition, adressée à " + spec.contact + ". Si elle ne s'ouvre pas, " +
        "téléchargez le fichier et joignez-le à un e-mail à cette adresse.");
    },
    telecharger: function (form) {
      var blob = new Blob([isContent(form) ? render(form) : summary(form)], { type: "text/markdown;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(form);
      document.body.appendChild(link);
      link.click();
      link.remove();
      say(form, "Fichier « " + fileName(form) + " » téléchargé : " + sendTo() + ".");
    },
    effacer: function (form) {
      if (!window.confirm("Effacer ce brouillon ? Ce que vous avez écrit sera perdu.")) { return; }
      form.node.reset();
      try { localStorage.removeItem(draftKey(form)); } catch (e) { /* private mode */ }
      form.node.querySelectorAll("[data-touche]").forEach(function (b) { b.removeAttribute("data-touche"); });
      check(form, false);
      preview(form);
      say(form, "Brouillon effacé.");
    }
  };

  // Opening a mailto: address goes through here, so that tests can watch it. `verifier` runs the form's
  // checks on answers given by field id, without touching the page: tests/test_contract.py compares its
  // verdicts with `carnet importer`'s on the same answers.
  window.CarnetFormulaire = {
    ouvrir: function (url) { window.location.href = url; },
    verifier: function (kind, answers) {
      var form = forms.filter(function (f) { return f.spec.kind === kind; })[0], erreurs = {}, notes = {};
      form.spec.fields.forEach(function (f) {
        var errors = errorsOf(form, f, answers);
        if (errors.length) { erreurs[f.id] = errors; }
        var read = readAnswer(f, answers[f.id] === undefined ? "" : answers[f.id]).notes;
        if (read.length) { notes[f.id] = read; }
      });
      return { erreurs: erreurs, notes: notes, fichier: isContent(form) ? render(form, answers) : summary(form, answers) };
    }
  };

  // --- Wiring ---
  var forms = spec.formulaires.map(function (formSpec) {
    var section = document.getElementById(formSpec.kind);
    return { spec: formSpec, section: section, node: section.querySelector("form") };
  });
  function show(kind) {
    forms.forEach(function (form) { form.section.hidden = form.spec.kind !== kind; });
    document.querySelectorAll("[data-onglet]").forEach(function (tab) {
      tab.classList.toggle("md-button--primary", tab.getAttribute("data-onglet") === kind);
      tab.setAttribute("aria-pressed", tab.getAttribute("data-onglet") === kind ? "true" : "false");
    });
  }
  forms.forEach(function (form) {
    var restored = restore(form);
    form.node.addEventListener("input", function (event) {
      var box = event.target.closest("[data-champ]");
      if (box) { box.setAttribute("data-touche", "oui"); }
      check(form, false);
      preview(form);
      save(form);
    });
    form.node.addEventListener("focusout", function (event) {
      var box = event.target.closest("[data-champ]");
      if (box) { box.setAttribute("data-touche", "oui"); check(form, false); }
    });
    form.node.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-action");
        if (action === "effacer" || ready(form)) { actions[action](form); }
      });
    });
    if (restored) { check(form, false); }
    preview(form);
  });
  document.querySelector(".carnet-onglets-bloc").hidden = false;
  document.querySelectorAll("[data-onglet]").forEach(function (tab) {
    tab.addEventListener("click", function () { show(tab.getAttribute("data-onglet")); history.replaceState(null, "", "#" + tab.getAttribute("data-onglet")); });
  });
  // « Je l'ai vu aussi » and « Signaler une erreur » links arrive with ?dysfonctionnement=… or ?contenu=…
  var query = new URLSearchParams(window.location.search);
  forms.forEach(function (form) {
    form.spec.fields.forEach(function (f) {
      var v = query.get(f.id);
      var control = form.node.querySelector('[name="' + f.id + '"]');
      if (v && control && control.tagName !== "DIV" && control.type !== "checkbox" && !control.value) { control.value = v; preview(form); }
    });
  });
  var wanted = window.location.hash.slice(1);
  show(forms.some(function (f) { return f.spec.kind === wanted; }) ? wanted : forms[0].spec.kind);
})();
