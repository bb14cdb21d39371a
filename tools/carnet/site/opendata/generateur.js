/* Carnet de terrain : la page « Widgets pour les sites partenaires » compose le code à coller et montre l'aperçu. */
(function () {
  "use strict";
  var me = document.currentScript;
  var select = document.getElementById("carnet-widget-portee");
  var code = document.getElementById("carnet-widget-code");
  var preview = document.getElementById("carnet-widget-apercu");
  var copy = document.getElementById("carnet-widget-copier");
  var status = document.getElementById("carnet-widget-etat");
  if (!me || !select || !code || !preview) { return; }
  var site = new URL("../", me.src);

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function parts() {
    var option = select.options[select.selectedIndex];
    return { scope: option.value, href: new URL(option.getAttribute("data-adresse"), site).href,
             text: option.textContent + " : le Carnet de terrain", script: new URL("widgets/carnet-widget.js", site).href };
  }

  function update() {
    var p = parts();
    code.value = '<a href="' + esc(p.href) + '" data-carnet-widget="' + esc(p.scope) + '">' + esc(p.text) + "</a>\n"
      + '<script src="' + esc(p.script) + '" async></' + "script>";
    var link = document.createElement("a");
    link.href = p.href;
    link.setAttribute("data-carnet-widget", p.scope);
    link.textContent = p.text;
    var run = document.createElement("script");
    run.src = p.script;
    run.async = true;
    preview.replaceChildren(link, run);
    if (status) { status.textContent = ""; }
  }

  // « ?portee=departement/63 »: the link from a territory's page chooses for the visitor.
  var asked = new URLSearchParams(location.search).get("portee");
  Array.prototype.forEach.call(select.options, function (option) { if (option.value === asked) { select.value = asked; } });
  select.addEventListener("change", update);
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var said = function () { if (status) { status.textContent = "Code copié : collez-le dans votre page."; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.value).then(said, function () { code.select(); });
      } else { code.select(); }
    });
  }
  update();
})();
