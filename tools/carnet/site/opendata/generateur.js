/* Carnet de terrain : la page « Widgets pour les sites partenaires » compose le code à coller et montre l'aperçu. */
(() => {
  "use strict";
  // ECMAScript 2018, like every script of the carnet (README, « Supported browsers »).
  const me = document.currentScript;
  const select = document.getElementById("carnet-widget-portee");
  const code = document.getElementById("carnet-widget-code");
  const preview = document.getElementById("carnet-widget-apercu");
  const copy = document.getElementById("carnet-widget-copier");
  const status = document.getElementById("carnet-widget-etat");
  if (!me || !select || !code || !preview) { return; }
  const site = new URL("../", me.src);

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
      .replace(/\u00a0/g, "&nbsp;");  // visible in the code, whatever the partner page's encoding
  }

  function parts() {
    const option = select.options[select.selectedIndex];
    return { scope: option.value, href: new URL(option.getAttribute("data-adresse"), site).href,
             text: `${option.textContent}\u00a0: le Carnet de terrain`, script: new URL("widgets/carnet-widget.js", site).href };
  }

  function update() {
    const p = parts();
    code.value = `<a href="${esc(p.href)}" data-carnet-widget="${esc(p.scope)}">${esc(p.text)}</a>\n` +
      `<script src="${esc(p.script)}" async></` + "script>";
    const link = document.createElement("a");
    link.href = p.href;
    link.setAttribute("data-carnet-widget", p.scope);
    link.textContent = p.text;
    const run = document.createElement("script");
    run.src = p.script;
    run.async = true;
    // Emptied, then filled: replaceChildren() would need Chrome 86 and Safari 14.
    preview.textContent = "";
    preview.append(link, run);
    if (status) { status.textContent = ""; }
  }

  // « ?portee=departement/63 »: the link from a territory's page chooses for the visitor.
  const asked = new URLSearchParams(location.search).get("portee");
  Array.from(select.options).forEach((option) => { if (option.value === asked) { select.value = asked; } });
  select.addEventListener("change", update);
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", () => {
      const said = () => { if (status) { status.textContent = "Code copié\u00a0: collez-le dans votre page."; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.value).then(said, () => { code.select(); });
      } else { code.select(); }
    });
  }
  update();
})();
