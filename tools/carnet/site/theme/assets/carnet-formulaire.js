// « Proposer un contenu »: checks in the browser what `carnet check` checks, shows each error beside
// its field, previews the file, keeps the draft in localStorage, and sends it three ways.
// The forms, their constraints and the personal-data patterns come from the page's JSON, built
// from the same model as the GitHub issue forms and `carnet importer`.
// ECMAScript 2018, like every script of the carnet (README, « Supported browsers »).
(() => {
  "use strict";
  const specNode = document.getElementById("carnet-formulaires");
  if (!specNode) { return; }
  // The checker's patterns use lookbehind (Safari 16.4) and Unicode classes: a browser that cannot
  // build them keeps the form hidden, and main.html shows the templates instead, as without JavaScript.
  try { new RegExp("(?<![0-9])\\p{L}", "u"); } catch (error) { return; }
  const spec = JSON.parse(specNode.textContent);
  const checks = spec.controles;
  const LIST_SECTIONS = spec.sections_listes;

  // Accent and case folding, as carnet.text.fold: lowercasing leaves alone what Python's casefold()
  // expands, such as the ligatures of a text pasted from a PDF (« certiﬁcat »). tests/fold_corpus.yml
  // holds this copy, carnet-recherche.js's and Python's to the same results.
  function fold(text) {
    const expanded = {
      "ß": "ss", "ſ": "s", "ŉ": "ʼn", "ẚ": "aʾ", "\u00b5": "\u03bc",  // the micro sign becomes the Greek mu
      "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    };
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[ßſŉẚ\u00b5ﬀ-ﬆ]/g, (c) => expanded[c]);
  }
  function slug(text) {
    return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }
  const pad = (n) => String(n).padStart(2, "0");
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  function regex(name) { return new RegExp(checks[name].source, checks[name].flags); }

  // --- Personal data and active HTML (mirrors personal_data.py and active_html.py) ---
  // The kinds of personal data, their patterns and messages, the allowed domains and official phone
  // numbers all come from personal_data.py through the page's JSON; only the checks run after a match
  // are written twice, here and there. tests/test_personal_data.py runs both on the same sentences.
  // The remainder by 97 of a long run of digits, one digit at a time: Numbers stay small and exact,
  // so no BigInt (Safari 14) is needed.
  function mod97(digits) {
    let rest = 0;
    for (const digit of digits) { rest = (rest * 10 + Number(digit)) % 97; }
    return rest;
  }
  function nirValid(body, key) {
    const digits = body.toUpperCase().replace("2A", "19").replace("2B", "18");
    return /^\d{13}$/.test(digits) && 97 - mod97(digits) === Number(key);
  }
  // The run an IBAN starts holds one when valid whole or cut before one of its separators (iban_in).
  function ibanIn(candidate) {
    let head = "", rest = 0, length = 0;
    for (const char of `${candidate.toUpperCase()} `) {
      if (/[0-9A-Z]/.test(char)) {
        const value = parseInt(char, 36);
        length += 1;
        if (length <= 4) { head += String(value); } else { rest = (rest * (value < 10 ? 10 : 100) + value) % 97; }
      } else if (length >= 15 && length <= 34 && (rest * Math.pow(10, head.length) + Number(head)) % 97 === 1) {
        return true;
      }
    }
    return false;
  }
  function national(number) { return `0${number.replace(/[^0-9]/g, "").slice(-9)}`; }
  function allowedDomain(domain) {
    const host = domain.toLowerCase();
    return /\.gouv\.fr$/.test(host) || spec.domaines.some((d) => host === d || host.endsWith(`.${d}`));
  }
  // What each check shows in the message, or null when the match is not personal data.
  const verifications = {
    email: (m) => (allowedDomain((m[1] || m[2] || m[3]).replace(regex("email_point"), ".")) ? null : m[0]),
    telephone: (m) => (spec.telephones.includes(national(m[0])) ? null : m[0]),
    nir: (m) => (m[7] === undefined || nirValid(m.slice(1, 7).join(""), m[7]) ? "" : null),
    iban: (m) => (ibanIn(m[0]) ? "" : null),
  };
  // Secrets: the same rule as looks_secret() in personal_data.py, on the token the shared pattern
  // finds after a keyword.
  const OPENING = /^[(\[{«‹“‘"'`*_¿¡]+/;
  const CLOSING = /[.,;:!?)\]}»›”’"'`*_…+]+$/;
  const NUMBER_SUFFIX = /^[0-9]+(?:er|re|ère|e|ème|eme|nde?|h[0-9]{0,2}|min)s?$/i;
  const LETTER = /[\p{L}\p{M}]/u;
  const SIGN = /[^\p{L}\p{M}0-9\-‐‑'’\/.·]/u;
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  function looksSecret(word) {
    const token = word.replace(OPENING, "").replace(CLOSING, "");
    if (Array.from(token).length < 4 || /^https?:\/\//i.test(token)) { return false; }
    const letters = LETTER.test(token), digits = /[0-9]/.test(token);
    if (/[0-9]{4}/.test(token)) { return true; }
    if (letters && digits) { return !NUMBER_SUFFIX.test(token); }
    return letters && SIGN.test(token);
  }
  function secrets(text) {
    const found = [], re = regex("secret");
    let m;
    while ((m = re.exec(text))) {
      // Like the checker: a keyword starts a word, and a secret is skipped whole (« code PIN 4821 »).
      if ((m.index > 0 && WORD_CHAR.test(text.charAt(m.index - 1))) || !looksSecret(m[2])) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const keyword = m[1].toLowerCase();
      found.push({ start: m.index, end: m.index + m[0].length,
                   shown: keyword + (/s$/.test(keyword.split(" ")[0]) ? " écrits" : " écrit") });
    }
    return found;
  }
  function candidates(kind, text) {
    if (kind.verification === "secret") { return secrets(text); }
    const found = [], re = regex(kind.controle), verify = verifications[kind.verification];
    let m;
    while ((m = re.exec(text))) {
      const shown = verify ? verify(m) : "";
      if (shown !== null) { found.push({ start: m.index, end: m.index + m[0].length, shown }); }
    }
    return found;
  }
  // Every piece of personal data, left to right, with what to write instead; a match overlapping one
  // found before is not repeated.
  function personalFindings(text) {
    const taken = new Uint8Array(text.length), found = [];
    spec.donnees.forEach((kind) => {
      candidates(kind, text).forEach((c) => {
        if (taken.subarray(c.start, c.end).includes(1)) { return; }
        taken.fill(1, c.start, c.end);
        // A function, so that a « $ » in what is shown is never read as a replacement pattern.
        found.push({ offset: c.start, code: kind.code, message: kind.message.replace("{}", () => c.shown),
                     hint: kind.aide });
      });
    });
    found.sort((a, b) => a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return found;
  }
  function personalData(text) { return personalFindings(text).map((f) => f.message); }
  function problems(text) {
    // The hint says what to write instead, as `carnet check` does: a refusal alone leaves people stuck.
    const found = personalFindings(text).map((f) => `${f.message}. Aide : ${f.hint}.`);
    ["balise", "attribut", "adresse_script"].forEach((name) => {
      const r = regex(name);
      let m;
      while ((m = r.exec(text))) { found.push(`HTML actif refusé (« ${m[0].slice(0, 30)} »)`); }
    });
    return found;
  }

  // --- Signs of an unwanted message (mirrors spam.py, patterns and word lists from the page's JSON) ---
  const junk = spec.indesirables;
  function hostOf(url) {
    try { return new URL(url.includes("://") ? url : `https://${url}`).hostname.replace(/^www\./, "").replace(/\.$/, ""); }
    catch (error) { return ""; }
  }
  function official(host) {
    return junk.sources.some((d) => host === d || host.endsWith(`.${d}`));
  }
  function spam(text) {
    const found = [], seen = {}, hosts = [];
    let m, re = new RegExp(junk.url, "gi");
    while ((m = re.exec(text))) { hosts.push([m.index, hostOf(m[0])]); }
    re = new RegExp(junk.domaine_nu, "gi");
    while ((m = re.exec(text))) { hosts.push([m.index, m[1].toLowerCase().replace(/^www\./, "")]); }
    hosts.sort((a, b) => a[0] - b[0]).forEach(([, host]) => {
      if (host && !seen[host] && !official(host)) {
        seen[host] = true;
        found.push(`lien vers « ${host} », qui n'est ni un service public ni une source officielle : le carnet ne renvoie ` +
                   "qu'aux sites des administrations et aux sources officielles");
      }
    });
    const words = (text.match(new RegExp(junk.mot, "gi")) || []).map((w) => w.toLowerCase());
    const english = words.filter((w) => junk.anglais.includes(w)).length;
    const french = words.filter((w) => junk.francais.includes(w)).length;
    const isEnglish = english >= junk.min_anglais && english >= 3 * french;
    const strong = text.match(new RegExp(junk.fort, "gi")) || [], weak = text.match(new RegExp(junk.faible, "gi")) || [];
    const flagged = strong.concat(strong.length || found.length || isEnglish ? weak : []);
    if (flagged.length) { found.push("formulation typique des messages indésirables : une contribution décrit une pratique de médiation"); }
    if (isEnglish) { found.push("texte en anglais : le carnet s'écrit en français"); }
    return found;
  }

  // --- Reading a form ---
  const control = (form, id) => form.node.querySelector(`[name="${id}"]`);
  function values(form) {
    const out = {};
    form.spec.fields.forEach((f) => {
      if (f.kind === "choices") {
        out[f.id] = Array.from(form.node.querySelectorAll(`input[name="${f.id}"]:checked`), (box) => box.value);
      } else if (f.kind === "consent") {
        out[f.id] = control(form, f.id).checked;
      } else {
        out[f.id] = control(form, f.id).value;
      }
    });
    return out;
  }
  // --- Forgiving input, strict output (mirrors normalise.py: the same readings, notes and refusals) ---
  // Only a list marker is taken off a line (« 1. », « - »): « 2 pièces » and « -5 % » stay whole.
  // The same markers as carnet.model.normalise.MARKER, Word's pasted bullets and dashes included.
  function unmark(line) { return line.replace(/^\s*(?:(?:\d+[.)]|[-*+•◦▪▫■□●○‣⁃∙·➢➤►✓✔–—\uf0b7\uf0a7\uf0d8\uf0fc])\s+)+/, "").trim(); }
  function lines(value) {
    return String(value || "").split("\n").map(unmark).filter((l) => l);
  }
  function reading(value, notes, errors) { return { value, notes: notes || [], errors: errors || [] }; }
  function readItems(value, separators) {
    const items = lines(value);
    if (!separators || !items.some((l) => /[,;]/.test(l))) { return reading(items); }
    const split = [].concat(...items.map((l) => l.split(/[,;]/))).map((x) => x.trim()).filter((x) => x);
    return reading(split, [`séparés par des virgules ou des points-virgules : lus comme ${split.length} éléments, un par ligne`]);
  }
  const URL_RE = /https?:\/\/[^\s<>|\[\]()«»"]+/gi;
  const MARKDOWN_LINK = /^\[([^\]]*)\]\(\s*<?(https?:\/\/[^\s<>()]+)>?\s*\)$/i;
  const EDGES = " \t|:–—-()<>[]«»\"'.,;!?";
  function strip(text, chars) {
    let a = 0, b = text.length;
    while (a < b && chars.includes(text.charAt(a))) { a += 1; }
    while (b > a && chars.includes(text.charAt(b - 1))) { b -= 1; }
    return text.slice(a, b);
  }
  function domain(url) { return url.split("/").length > 2 ? url.split("/")[2] : url; }
  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function readLink(line) {
    const md = MARKDOWN_LINK.exec(line);
    if (md) {
      const title = md[1].trim();
      return { link: { titre: title || domain(md[2]), url: md[2] }, note: `« ${line} » lu comme « ${title} | ${md[2]} »` };
    }
    const urls = (line.match(URL_RE) || []).map((u) => u.replace(/[.,;:!?»]+$/, ""));
    if (urls.length !== 1) {
      return { link: { titre: line, url: urls.length ? "" : line },
               error: `« ${line} » : ${urls.length ? `${urls.length} adresses sur la même ligne` : "aucune adresse commençant par https://"}` };
    }
    const url = urls[0];
    const start = line.indexOf(url);
    const title = [strip(line.slice(0, start).trim(), EDGES), strip(line.slice(start + url.length).trim(), EDGES)]
      .filter((x) => x).join(" ");
    const canonical = new RegExp(`^[^|]*[^|\\s]\\s*\\|\\s*${escapeRe(url)}$`).test(line);
    return { link: { titre: title || domain(url), url },
             note: canonical || !title ? "" : `« ${line} » lu comme « ${title} | ${url} »` };
  }
  function readLinks(value) {
    const out = reading([]);
    lines(value).forEach((line) => {
      const r = readLink(line);
      out.value.push(r.link);
      if (r.note) { out.notes.push(r.note); }
      if (r.error) { out.errors.push(r.error); }
    });
    return out;
  }
  const DURATION = /^(?:(\d{1,2})\s*(?:h|heures?)\s*(?:(\d{1,2})\s*(?:min|minutes?|mn)?)?|(\d{1,3})\s*(?:min|minutes?|mn)?)$/i;
  function readDuration(value) {
    const text = String(value).split(/\s+/).filter((x) => x).join(" "), m = DURATION.exec(text);
    if (!m) { return reading(text); }
    const minutes = m[3] ? Number(m[3]) : Number(m[1]) * 60 + Number(m[2] || 0);
    return reading(minutes, /^\d+$/.test(text) ? [] : [`« ${text} » lu comme ${minutes} minutes`]);
  }
  function readDate(value, month) {
    const text = String(value).trim(), d = /^(\d{1,2})[\/.](\d{1,2})[\/.](\d{4})$/.exec(text);
    const m = month ? /^(\d{1,2})[\/.](\d{4})$/.exec(text) : null;
    let iso;
    if (d) { iso = `${d[3]}-${pad(d[2])}-${pad(d[1])}`; }
    else if (m) { iso = `${m[2]}-${pad(m[1])}`; }
    return iso ? reading(iso, [`« ${text} » lu comme ${iso}`]) : reading(text);
  }
  function readAnswer(f, given) {
    const value = given === undefined || given === null ? "" : given;
    if (f.kind === "choices") { return reading(value || []); }
    if (f.kind === "lines") { return readItems(value, f.separators); }
    if (f.kind === "links") { return readLinks(value); }
    if (f.kind === "number") { return readDuration(value); }
    if (f.kind === "date" || f.kind === "month") { return readDate(value, f.kind === "month"); }
    if (f.kind === "consent") { return reading(Boolean(value)); }
    return reading(String(value).trim());
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
    const n = size(text);
    if (low && n < low) { return [`${prefix}trop court (${chars(n)}, minimum ${low})`]; }
    if (high && n > high) { return [`${prefix}trop long (${chars(n)}, maximum ${high})`]; }
    return [];
  }
  function shown(text) { return size(text) > 40 ? `${Array.from(text).slice(0, 37).join("")}…` : text; }
  function listErrors(f, items, unreadable) {
    let errors = [];
    const seen = {};
    items.forEach((item, i) => {
      const text = typeof item === "string" ? item : item.titre;
      if (unreadable[i]) { return; }
      errors = errors.concat(lengthErrors(text, f.item_min, f.item_max, `« ${shown(text)} » : `));
      if (typeof item !== "string" && f.pattern && !new RegExp(f.pattern).test(item.url)) {
        errors.push(`« ${shown(item.url)} » : adresse complète commençant par https:// attendue`);
      }
      if (f.unique && seen[text]) { errors.push(`« ${shown(text)} » est en double`); }
      seen[text] = true;
    });
    if (f.max_items && items.length > f.max_items) { errors.push(`${items.length} éléments, ${f.max_items} au plus`); }
    return errors;
  }
  // Invisible characters, as carnet.model.frontmatter.CONTROL finds them (tests/test_form.py compares the
  // two): pasted from a PDF or a word processor (Word's « line separator »), they passed unseen here and
  // `carnet check` refused the file. Where it is, since nobody can see it: the words just before.
  const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]/;
  function controlErrors(value) {
    const text = String(value), m = CONTROL.exec(text);
    if (!m) { return []; }
    const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    const words = Array.from(text.slice(0, m.index).replace(/\s+/g, " ").trim());
    const where = words.length ? ` juste après « ${words.length > 30 ? "…" : ""}${words.slice(-30).join("")} »` : " au début";
    const separator = m[0] === "\u2028" || m[0] === "\u2029";
    return [`caractère invisible ${code}${separator ? " (séparateur de ligne)" : ""}${where}, collé depuis un PDF ou ` +
      `un traitement de texte. Aide : ${separator ? "effacez ce retour à la ligne et retapez-le avec la touche Entrée"
        : "effacez-le en retapant les mots autour"}.`];
  }
  function fieldErrors(form, f, value, all) {
    const r = readAnswer(f, value), v = r.value;
    let errors = r.errors.slice();
    const text = Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : `${x.titre} ${x.url}`)).join("\n") : String(v);
    if (f.required && (empty(v) || v === false)) {
      return [f.kind === "consent" ? "à cocher pour envoyer" : "obligatoire"];
    }
    if (empty(v)) { return errors; }
    if (f.kind === "lines" || f.kind === "links") {
      const unreadable = f.kind === "links" ? lines(value).map((l) => Boolean(readLink(l).error)) : [];
      errors = errors.concat(listErrors(f, v, unreadable));
    } else if (f.kind !== "number") {
      errors = errors.concat(lengthErrors(text, f.min_length, f.max_length, ""));
    }
    if (f.kind === "number" && (typeof v !== "number" || (f.minimum && v < f.minimum) || (f.maximum && v > f.maximum))) {
      errors.push(`une durée en minutes (45) ou en heures (1 h 30)${f.minimum ? `, de ${f.minimum} à ${f.maximum} minutes` : ""}`);
    }
    if (f.pattern && f.kind !== "textarea" && f.kind !== "lines" && f.kind !== "links" && !new RegExp(f.pattern).test(text)) {
      errors.push(f.id === "url" ? "adresse complète commençant par https:// attendue" : `format attendu : ${f.help}`);
    }
    if (f.kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) { errors.push("une date au format AAAA-MM-JJ (ou JJ/MM/AAAA)"); }
    if (f.kind === "month" && !/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(text)) { errors.push("un mois au format AAAA-MM (ou MM/AAAA)"); }
    if (f.kind === "date" && text > today()) { errors.push("cette date est dans le futur"); }
    if (f.kind === "month" && text > today().slice(0, 7)) { errors.push("ce mois est dans le futur"); }
    const seen = form.spec.kind === "confirmation" && f.id === "date" && (spec.constates || {})[all.dysfonctionnement];
    if (seen && text < seen) { errors.push(`avant le jour où ce dysfonctionnement a été constaté (${seen})`); }
    if (f.id === "titre" && !/[\p{L}\p{N}]/u.test(text)) { errors.push("ce titre ne donne aucun nom de fichier : écrivez-le avec des lettres"); }
    if (f.id === "contournement" && !text && all.statut === "contourne") { errors.push("obligatoire quand le statut est « Contourné »"); }
    return errors.concat(Array.isArray(value) ? [] : controlErrors(value), problems(text), f.id === "contenu" ? [] : spam(text));
  }
  function errorsOf(form, f, all) {
    if (f.id === "contournement" && all.statut === "contourne" && !String(all[f.id] || "").trim()) {
      return ["obligatoire quand le statut est « Contourné »"];
    }
    return fieldErrors(form, f, all[f.id], all);
  }
  // What was read differently from what was typed, said under the field (« Compris ainsi : … »).
  function showNotes(box, notes) {
    let node = box.querySelector(".carnet-lu");
    if (!node && notes.length) {
      node = document.createElement("p");
      node.className = "carnet-lu carnet-aide";
      // Read with the field by a screen reader, like its help and its errors.
      const described = box.querySelector("[aria-describedby]");
      if (described) {
        node.id = `${described.id}-lu`;
        described.setAttribute("aria-describedby", `${described.getAttribute("aria-describedby")} ${node.id}`);
      }
      box.querySelector(".carnet-erreur").insertAdjacentElement("afterend", node);
    }
    if (node) { node.textContent = notes.length ? typeset(`Compris ainsi : ${notes.join(" ; ")}.`) : ""; }
  }
  // French typography on screen: no line break inside « … » or before « : », « ; », « ! », « ? » (a hint's
  // « ; » began a line).
  function typeset(text) { return text.replace(/« /g, "«\u00a0").replace(/ »/g, "\u00a0»").replace(/ ([:;!?])/g, "\u00a0$1"); }
  function check(form, show) {
    const all = values(form);
    let count = 0;
    form.spec.fields.forEach((f) => {
      const errors = errorsOf(form, f, all);
      count += errors.length;
      const box = form.node.querySelector(`[data-champ="${f.id}"]`);
      // Once shown by a sending, a field's errors stay until fixed: they vanished at the next Tab.
      if (show) { box.setAttribute("data-touche", "oui"); }
      const touched = show || box.getAttribute("data-touche") === "oui";
      const message = box.querySelector(".carnet-erreur");
      const input = box.querySelector("input, select, textarea, [role=group]");
      // One line per error (white-space: pre-line); « ; » still makes a screen reader pause between them.
      message.textContent = touched && errors.length ? typeset(errors.join(" ;\n")) : "";
      if (input) { input.setAttribute("aria-invalid", touched && errors.length ? "true" : "false"); }
      showNotes(box, readAnswer(f, all[f.id]).notes);
    });
    return count;
  }

  // --- The file, mirroring forms.render_content ---
  // JSON as Python's json.dumps writes it (« , » and « : » followed by a space): the same bytes either way.
  function dumps(v) {
    if (Array.isArray(v)) { return `[${v.map(dumps).join(", ")}]`; }
    if (v && typeof v === "object") {
      return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}: ${dumps(v[k])}`).join(", ")}}`;
    }
    return JSON.stringify(v);
  }
  function render(form, answers) {
    const all = answers || values(form), out = ["---"];
    form.spec.fields.forEach((f) => {
      if (f.section !== null) { return; }
      const v = frontValue(f, all[f.id]);
      if (empty(v) && !f.required) { return; }
      out.push(`${f.id}: ${dumps(v)}`);
    });
    (spec.dates_auto[form.spec.kind] || []).forEach((key) => { out.push(`${key}: "${today()}"`); });
    out.push("---");
    const body = [];
    form.spec.fields.forEach((f) => {
      let text = String(all[f.id] || "").trim();
      if (f.section === null || !text) { return; }
      if (f.section) { body.push(`## ${f.section}`, ""); }
      const style = LIST_SECTIONS[f.id];
      if (style === "numbered") {
        text = lines(text).map((l, i) => `${i + 1}. ${l}`).join("\n");
      } else if (style === "bullets") {
        text = lines(text).map((l) => `- ${l}`).join("\n");
      }
      body.push(text, "");
    });
    return `${out.join("\n")}\n\n${body.join("\n")}`;
  }
  function isContent(form) { return Boolean(spec.dates_auto[form.spec.kind]); }

  // --- Preview: what the page will show (title, résumé, sections) ---
  function optionLabel(f, v) { return (f.options.filter((o) => o[0] === v)[0] || [v, v])[1]; }
  // What a proposal is about, as people name it: the title, or the confirmed malfunction's title (not its
  // id), or the reported page. The preview's heading, the issue's title and the e-mail's subject.
  function headline(form, all) {
    const malfunction = form.spec.fields.filter((f) => f.id === "dysfonctionnement")[0];
    return String(all.titre || "").trim() ||
      (malfunction && all.dysfonctionnement ? optionLabel(malfunction, all.dysfonctionnement) : "") ||
      pageId(String(all.contenu || ""));
  }
  function preview(form) {
    const all = values(form), node = form.section.querySelector(".carnet-apercu");
    node.textContent = "";
    const add = (tag, text, css) => {
      const el = document.createElement(tag);
      el.textContent = text;
      if (css) { el.className = css; }
      node.appendChild(el);
      return el;
    };
    // « Actif : le problème est là » shows as « Actif », as on the page.
    const choiceLabel = (f, v) => optionLabel(f, v).split(" : ")[0];
    add("h3", headline(form, all) || "(sans titre)");
    if (all.resume) { add("p", all.resume, "carnet-resume"); }
    // What the page shows beside the text: niveau, durée, publics, statut, gravité, démarche, dates…
    // (the preview showed a sheet without them, and an anecdote without its lesson).
    const facts = [], notes = [];
    form.spec.fields.forEach((f) => {
      const v = all[f.id];
      if (f.section !== null || empty(v) || ["titre", "resume", "dysfonctionnement", "auteurs", "mots_cles", "liens"].includes(f.id)) {
        return;
      }
      if (f.kind === "choice") { facts.push(choiceLabel(f, v)); }
      else if (f.kind === "choices") { v.forEach((x) => { facts.push(choiceLabel(f, x)); }); }
      else if (f.kind === "number" && typeof readDuration(v).value === "number") { facts.push(`${readDuration(v).value} min`); }
      else if (f.kind === "lines") { facts.push(`${f.label} : ${lines(v).join(" ; ")}`); }
      else if (f.kind === "textarea") { notes.push(f); }
      else if (f.kind !== "consent" && f.kind !== "number") { facts.push(`${f.label} : ${String(v).trim()}`); }
    });
    if (facts.length) { add("p", typeset(facts.join(" · ")), "carnet-apercu-faits"); }
    notes.forEach((f) => { add("h4", f.label); add("p", String(all[f.id]).trim()); });
    form.spec.fields.forEach((f) => {
      const text = String(all[f.id] || "").trim();
      if (f.section === null || !text) { return; }
      if (f.section) { add("h4", f.section); }
      const style = LIST_SECTIONS[f.id];
      if (style) {
        const list = add(style === "numbered" ? "ol" : "ul", "");
        lines(text).forEach((l) => {
          const li = document.createElement("li");
          li.textContent = l;
          list.appendChild(li);
        });
      } else {
        text.split(/\n\s*\n/).forEach((p) => { add("p", p); });
      }
    });
    form.section.querySelector(".carnet-fichier").textContent = isContent(form) ? render(form) : summary(form);
  }
  // « Je l'ai vu aussi » and « Signaler une erreur » have no content file: their file is written as GitHub
  // writes an issue from the same form (« ### Libellé », the answer), which `carnet importer` reads.
  function summary(form, answers) {
    const all = answers || values(form);
    const parts = form.spec.fields.map((f) => {
      let v = String(all[f.id] || "").trim();
      if (v && f.kind === "choice" && f.id !== "dysfonctionnement") {
        v = (f.options.filter((o) => o[0] === v)[0] || [v, v])[1];
      }
      return `### ${f.label}\n\n${v || "_No response_"}`;
    });
    return `${[`formulaire: ${form.spec.kind} (${form.spec.title})`].concat(parts).join("\n\n")}\n`;
  }

  // --- Draft kept in the browser ---
  function draftKey(form) { return `carnet-brouillon-${form.spec.kind}`; }
  // The form written in last: the page opens on it when its address names none (from the menu).
  const LAST_DRAFT = "carnet-brouillon-dernier";
  function save(form) {
    try {
      localStorage.setItem(draftKey(form), JSON.stringify(values(form)));
      localStorage.setItem(LAST_DRAFT, form.spec.kind);
    } catch (error) { /* private mode */ }
  }
  function restore(form) {
    let saved;
    try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || "null"); } catch (error) { saved = null; }
    if (!saved) { return false; }
    form.spec.fields.forEach((f) => {
      const v = saved[f.id];
      if (v === undefined) { return; }
      if (f.kind === "choices") {
        form.node.querySelectorAll(`input[name="${f.id}"]`).forEach((box) => { box.checked = v.includes(box.value); });
      } else if (f.kind === "consent") {
        control(form, f.id).checked = Boolean(v);
      } else {
        control(form, f.id).value = v;
      }
    });
    return form.spec.fields.some((f) => !empty(saved[f.id]) && saved[f.id] !== false);
  }
  // Said at the top of the form, where people look: filled fields alone look like someone else's text.
  function announceDraft(form, restored) {
    let node = form.section.querySelector(".carnet-brouillon");
    if (!node) {
      node = document.createElement("p");
      node.className = "carnet-brouillon";
      form.section.querySelector("h2").insertAdjacentElement("afterend", node);
    }
    node.hidden = !restored;
    node.textContent = restored ? typeset("Brouillon retrouvé : ce que vous aviez écrit dans ce navigateur est revenu. " +
      "Pour repartir de zéro, « Effacer le brouillon » en bas du formulaire.") : "";
  }

  // --- Sending ---
  function say(form, text) { form.section.querySelector(".carnet-message").textContent = typeset(text); }
  // After sending, what becomes of the draft: kept, so that nothing is lost if the sending fails, and
  // found again on the next visit unless cleared.
  const KEPT = " Le brouillon reste dans ce navigateur : effacez-le une fois votre proposition bien partie.";
  function ready(form) {
    const count = check(form, true);
    if (count) {
      say(form, `${count}${count > 1 ? " points à corriger" : " point à corriger"} avant l'envoi : voir les messages sous les champs.`);
      const first = form.node.querySelector('[aria-invalid="true"]');
      if (first) {
        // A group of boxes takes no focus: its first box does (a screen reader reads the group's legend
        // and message with it). The field is scrolled to its label, which focus() alone may leave under
        // the header.
        const target = first.getAttribute("role") === "group" ? first.querySelector("input") : first;
        first.closest("[data-champ]").scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      }
      return false;
    }
    // The checker's bound on a file (carnet.model.frontmatter.MAX_BYTES, compared by tests/test_form.py):
    // a longer text left by e-mail or download and was refused on arrival, with nothing said here.
    const bytes = isContent(form) ? new Blob([render(form)]).size : 0;
    if (bytes > MAX_BYTES) {
      say(form, `Ce contenu fait ${Math.ceil(bytes / 1024)} Ko, plus que les ${MAX_BYTES / 1024} Ko d'un fichier du ` +
        "carnet : raccourcissez-le, ou faites-en deux propositions.");
      return false;
    }
    return true;
  }
  const MAX_BYTES = 256 * 1024;
  function issueUrl(form) {
    const all = values(form), params = new URLSearchParams();
    params.set("template", `${form.spec.kind}.yml`);
    params.set("title", `[${form.spec.title}] ${headline(form, all)}`);
    form.spec.fields.forEach((f) => {
      let v = all[f.id];
      if (f.kind === "choices") { v = v.join(", "); }
      if (f.kind === "consent") { v = v ? "oui" : ""; }
      if (!empty(v)) { params.set(f.id, String(v)); }
    });
    // The whole file too: whatever GitHub does with a pre-filled dropdown, nothing written is lost.
    if (isContent(form)) { params.set("fichier", render(form)); }
    return `${spec.depot.replace(/\/$/, "")}/issues/new?${params.toString()}`;
  }
  // A name of its own for each form: never the name of the malfunction's own file.
  const FILE_PREFIX = { confirmation: "je-l-ai-vu-aussi-", signalement: "signalement-" };
  // A page's address copied from the browser names its content, as issue_forms.page_id reads it: the file
  // is « signalement-mot-de-passe.md », not a slug of the whole address.
  function pageId(address) {
    return address.trim().split(/[?#]/)[0].replace(/\/+$/, "").split("/").pop().replace(/\.md$/, "").replace(/\.html$/, "");
  }
  function fileName(form) {
    const all = values(form);
    return `${slug((FILE_PREFIX[form.spec.kind] || "") + (all.titre || all.dysfonctionnement || pageId(all.contenu || ""))) || form.spec.kind}.md`;
  }
  function sendTo() {
    return spec.contact ? `envoyez-le par e-mail aux animateurs du réseau, à ${spec.contact}` : "envoyez-le aux animateurs du réseau";
  }
  const actions = {
    github(form) {
      const url = issueUrl(form);
      if (url.length > spec.url_max) {
        say(form, `Ce contenu est trop long pour une adresse GitHub (${url.length} caractères, ${spec.url_max}` +
          " au plus). Envoyez-le par e-mail ou téléchargez le fichier : rien n'est perdu, le brouillon reste ici.");
        return;
      }
      window.open(url, "_blank", "noopener");
      say(form, `GitHub s'ouvre dans un nouvel onglet avec votre proposition : relisez-la puis validez « Submit new issue ».${KEPT}`);
    },
    email(form) {
      if (!spec.contact) { say(form, `L'adresse du réseau n'est pas configurée : téléchargez le fichier et ${sendTo()}.`); return; }
      const body = isContent(form) ? render(form) : summary(form);
      const subject = `[Carnet] ${form.spec.title} : ${headline(form, values(form))}`;
      const url = `mailto:${spec.contact}?subject=${encodeURIComponent(subject)}` +
        `&body=${encodeURIComponent(body)}`;
      window.CarnetFormulaire.ouvrir(url);
      say(form, `Votre messagerie s'ouvre avec la proposition, adressée à ${spec.contact}. Si elle ne s'ouvre pas, ` +
        `téléchargez le fichier et joignez-le à un e-mail à cette adresse.${KEPT}`);
    },
    telecharger(form) {
      const blob = new Blob([isContent(form) ? render(form) : summary(form)], { type: "text/markdown;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(form);
      document.body.appendChild(link);
      link.click();
      link.remove();
      say(form, `Fichier « ${fileName(form)} » téléchargé : ${sendTo()}.${KEPT}`);
    },
    effacer(form) {
      if (!window.confirm(typeset("Effacer ce brouillon ? Ce que vous avez écrit sera perdu."))) { return; }
      form.node.reset();
      try { localStorage.removeItem(draftKey(form)); } catch (error) { /* private mode */ }
      form.node.querySelectorAll("[data-touche]").forEach((b) => { b.removeAttribute("data-touche"); });
      announceDraft(form, false);
      check(form, false);
      preview(form);
      say(form, "Brouillon effacé.");
    },
  };

  // --- Wiring ---
  const forms = spec.formulaires.map((formSpec) => {
    const section = document.getElementById(formSpec.kind);
    return { spec: formSpec, section, node: section.querySelector("form") };
  });

  // Opening a mailto: address goes through here, so that tests can watch it. `verifier` runs the form's
  // checks on answers given by field id, without touching the page: tests/test_contract.py compares its
  // verdicts with `carnet importer`'s on the same answers.
  window.CarnetFormulaire = {
    ouvrir(url) { window.location.href = url; },
    verifier(kind, answers) {
      const form = forms.filter((f) => f.spec.kind === kind)[0], erreurs = {}, notes = {};
      form.spec.fields.forEach((f) => {
        const errors = errorsOf(form, f, answers);
        if (errors.length) { erreurs[f.id] = errors; }
        const read = readAnswer(f, answers[f.id] === undefined ? "" : answers[f.id]).notes;
        if (read.length) { notes[f.id] = read; }
      });
      return { erreurs, notes, fichier: isContent(form) ? render(form, answers) : summary(form, answers) };
    },
  };

  function show(kind) {
    forms.forEach((form) => { form.section.hidden = form.spec.kind !== kind; });
    document.querySelectorAll("[data-onglet]").forEach((tab) => {
      tab.classList.toggle("md-button--primary", tab.getAttribute("data-onglet") === kind);
      tab.setAttribute("aria-pressed", tab.getAttribute("data-onglet") === kind ? "true" : "false");
    });
  }
  const restoredKinds = [];
  forms.forEach((form) => {
    // A phone's date picker then greys out the future, which the checker refuses (the build's own date
    // would go stale: today is the browser's).
    form.node.querySelectorAll("input[type=date]").forEach((input) => { input.max = today(); });
    form.node.querySelectorAll("input[type=month]").forEach((input) => { input.max = today().slice(0, 7); });
    const restored = restore(form);
    if (restored) { restoredKinds.push(form.spec.kind); }
    announceDraft(form, restored);
    // A field's errors show once it is left (focusout) or on sending, then follow each key: a message
    // after the first letter (« trop court ») would blame people for what they have not finished, and be
    // read out at every key.
    const changed = () => {
      check(form, false);
      preview(form);
      save(form);
    };
    form.node.addEventListener("input", changed);
    // A list's choice may come as « change » alone (older Safari, assistive tools, Selenium's Select):
    // the preview and the draft kept the previous choice.
    form.node.addEventListener("change", changed);
    form.node.addEventListener("focusout", (event) => {
      const box = event.target.closest("[data-champ]");
      if (box) { box.setAttribute("data-touche", "oui"); check(form, false); }
    });
    form.node.querySelectorAll("[data-action]").forEach((button) => {
      button.addEventListener("click", () => {
        const action = button.getAttribute("data-action");
        if (action === "effacer" || ready(form)) { actions[action](form); }
      });
    });
    if (restored) { check(form, false); }
    preview(form);
  });
  document.querySelector(".carnet-onglets-bloc").hidden = false;
  document.querySelectorAll("[data-onglet]").forEach((tab) => {
    tab.addEventListener("click", () => {
      show(tab.getAttribute("data-onglet"));
      history.replaceState(null, "", `#${tab.getAttribute("data-onglet")}`);
    });
  });
  // « Je l'ai vu aussi » and « Signaler une erreur » links arrive with ?dysfonctionnement=… or ?contenu=…
  // The link names the page it comes from: it wins over a draft about another one, which would otherwise
  // send a confirmation for the wrong malfunction.
  const query = new URLSearchParams(window.location.search);
  forms.forEach((form) => {
    let changed = false;
    form.spec.fields.forEach((f) => {
      const v = query.get(f.id), input = control(form, f.id);
      if (!v || !input || input.type === "checkbox" || input.value === v) { return; }
      if (input.tagName === "SELECT" && !Array.from(input.options).some((o) => o.value === v)) { return; }
      input.value = v;
      changed = true;
    });
    // An older draft is updated; a link followed without typing anything leaves no draft behind (the next
    // visit would open on it as « Brouillon retrouvé »).
    if (changed) {
      check(form, false);
      preview(form);
      if (restoredKinds.includes(form.spec.kind)) { save(form); }
    }
  });
  const wanted = window.location.hash.slice(1);
  let last = null;
  try { last = localStorage.getItem(LAST_DRAFT); } catch (error) { /* private mode */ }
  const kinds = forms.map((f) => f.spec.kind);
  show(kinds.includes(wanted) ? wanted : restoredKinds.includes(last) ? last : kinds[0]);
})();
