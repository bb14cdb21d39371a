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
  // Only a list marker is taken off a line (« 1. », « - »): « 2 pièces » and « -5 % » stay whole.
  function unmark(line) { return line.replace(/^\s*(?:\d+[.)]|[-*])\s+/, "").trim(); }
  function lines(value) {
    return String(value || "").split("\n").map(unmark).filter(function (l) { return l; });
  }
  function links(value) {
    return lines(value).map(function (line) {
      var cut = line.lastIndexOf("|");
      var title = cut >= 0 ? line.slice(0, cut).trim() : "";
      var url = (cut >= 0 ? line.slice(cut + 1) : line).trim();
      return { titre: title || (url.indexOf("//") >= 0 ? url.split("/")[2] : url), url: url };
    });
  }
  function frontValue(f, value) {
    if (f.kind === "choices") { return value; }
    if (f.kind === "lines") { return lines(value); }
    if (f.kind === "links") { return links(value); }
    if (f.kind === "number") { return /^\d+$/.test(String(value).trim()) ? Number(value) : String(value).trim(); }
    if (f.kind === "consent") { return Boolean(value); }
    return String(value).trim();
  }
  function empty(value) {
    return value === "" || value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }

  // --- Checks, field by field (mirrors the schemas and the rules of `carnet check`) ---
  function fieldErrors(form, f, value, all) {
    var errors = [];
    var v = frontValue(f, value);
    var text = Array.isArray(v) ? v.map(function (x) { return typeof x === "string" ? x : x.titre + " " + x.url; }).join("\n") : String(v);
    if (f.required && (empty(v) || v === false)) {
      errors.push(f.kind === "consent" ? "à cocher pour envoyer" : "obligatoire");
      return errors;
    }
    if (empty(v)) { return errors; }
    if (f.min_length && text.length < f.min_length) { errors.push("trop court : " + text.length + " caractères, minimum " + f.min_length); }
    if (f.max_length && text.length > f.max_length) { errors.push("trop long : " + text.length + " caractères, maximum " + f.max_length); }
    if (f.kind === "number" && (typeof v !== "number" || (f.minimum && v < f.minimum) || (f.maximum && v > f.maximum))) {
      errors.push("un nombre entier" + (f.minimum ? " de " + f.minimum + " à " + f.maximum : ""));
    }
    if (f.pattern && f.kind !== "textarea" && !new RegExp(f.pattern).test(text)) { errors.push("format attendu : " + f.help); }
    if (f.kind === "date" && text > today()) { errors.push("cette date est dans le futur"); }
    if (f.kind === "month" && text > today().slice(0, 7)) { errors.push("ce mois est dans le futur"); }
    if (f.kind === "links") {
      v.forEach(function (l) { if (!/^https:\/\/\S+$/.test(l.url)) { errors.push("adresse en https:// attendue : « " + l.url + " »"); } });
    }
    if (f.id === "url" && text && !/^https:\/\/\S+$/.test(text)) { errors.push("adresse en https:// attendue"); }
    if (f.id === "contournement" && !text && all.statut === "contourne") { errors.push("obligatoire quand le statut est « contourne »"); }
    return errors.concat(problems(text));
  }
  function check(form, show) {
    var all = values(form), count = 0;
    form.spec.fields.forEach(function (f) {
      var errors = fieldErrors(form, f, all[f.id], all);
      if (f.id === "contournement" && all.statut === "contourne" && !String(all[f.id] || "").trim()) {
        errors = ["obligatoire quand le statut est « contourne »"];
      }
      count += errors.length;
      var box = form.node.querySelector('[data-champ="' + f.id + '"]');
      var touched = show || box.getAttribute("data-touche") === "oui";
      var message = box.querySelector(".carnet-erreur");
      var control = box.querySelector("input, select, textarea, [role=group]");
      message.textContent = touched && errors.length ? errors.join(" ; ") : "";
      if (control) { control.setAttribute("aria-invalid", touched && errors.length ? "true" : "false"); }
    });
    return count;
  }

  // --- The file, mirroring forms.render_content ---
  function render(form) {
    var all = values(form), out = ["---"];
    form.spec.fields.forEach(function (f) {
      if (f.section !== null) { return; }
      var v = frontValue(f, all[f.id]);
      if (empty(v) && !f.required) { return; }
      out.push(f.id + ": " + JSON.stringify(v));
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
  function summary(form) {
    var all = values(form);
    return form.spec.fields.map(function (f) { return f.label + " : " + (all[f.id] || "—"); }).join("\n");
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
  function fileName(form) {
    var all = values(form);
    return (slug(all.titre || all.dysfonctionnement || form.spec.kind) || form.spec.kind) + ".md";
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
      if (!spec.contact) { say(form, "L'adresse du réseau n'est pas configurée : téléchargez le fichier et envoyez-le."); return; }
      var body = isContent(form) ? render(form) : summary(form);
      var url = "mailto:" + spec.contact + "?subject=" + encodeURIComponent("[Carnet] " + form.spec.title) +
        "&body=" + encodeURIComponent(body);
      window.CarnetFormulaire.ouvrir(url);
      say(form, "Votre messagerie s'ouvre avec la proposition. Si elle ne s'ouvre pas, téléchargez le fichier et joignez-le à un e-mail.");
    },
    telecharger: function (form) {
      var blob = new Blob([isContent(form) ? render(form) : summary(form)], { type: "text/markdown;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(form);
      document.body.appendChild(link);
      link.click();
      link.remove();
      say(form, "Fichier « " + fileName(form) + " » téléchargé : envoyez-le aux animateurs du réseau.");
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

  // Opening a mailto: address goes through here, so that tests can watch it.
  window.CarnetFormulaire = { ouvrir: function (url) { window.location.href = url; } };

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
