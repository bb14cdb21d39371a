"""Defence in depth: if the checker let every hostile input through, the published pages stay inert.

The site is built with the checker switched off (as if it had missed everything), served as
published, and every page holding a payload is opened in Chromium: nothing may run on load, on
hover, on focus or on click, no link may carry a script URL, nothing may be loaded from another
site, and nothing from content may cover the page.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from browser import chromium, serve
from carnet.site.runner import run_build
from conftest import FIXTURE, REPO

PAYLOADS = yaml.safe_load((Path(__file__).parent / "untrusted" / "payloads.yml").read_text("utf-8"))
ALL = PAYLOADS["refuses"] + PAYLOADS["inertes"]

# Installed before any page script: every way a payload announces itself is recorded.
TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
}
document.addEventListener("click", (event) => event.preventDefault(), true);
"""

# Run on each page: interact with everything the content produced, then report what is wrong.
PROBE = """
const done = arguments[arguments.length - 1];
const root = document.querySelector(".md-content") || document.body;
const problems = [];
for (const el of [document.documentElement, document.body, ...root.querySelectorAll("*")]) {
  for (const attr of el.attributes) {
    if (/^on/i.test(attr.name)) { problems.push(el.tagName + " " + attr.name); }
    if (/^(href|src|action|formaction|xlink:href|data|srcset)$/i.test(attr.name)
        && /^\\s*(javascript|vbscript|data):/i.test(attr.value)) { problems.push(el.tagName + " " + attr.name + "=" + attr.value); }
  }
  if (root.contains(el) && el !== root) {
    if (/^(SCRIPT|IFRAME|OBJECT|EMBED|STYLE|LINK|META|BASE|FORM|SVG|MATH)$/i.test(el.tagName)) { problems.push("<" + el.tagName + ">"); }
    const style = getComputedStyle(el);
    if (style.position === "fixed" || style.position === "absolute" && el.offsetWidth > 300) { problems.push("recouvre : " + el.tagName); }
    for (const type of ["mouseover", "mouseenter", "mousedown", "mouseup", "pointerover", "click", "dblclick", "focus", "focusin"]) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (el.focus) { el.focus(); }
  }
}
document.head.querySelectorAll("img, script:not([src]):not([id='__config'])").forEach((el) => {
  if (el.tagName === "IMG") { problems.push("dans <head> : <img>"); }
});
setTimeout(() => {
  const foreign = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => !u.startsWith(location.origin));
  done({ran: window.__xss, problems: problems, foreign: foreign, title: document.title});
}, 300);
"""


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_content(root: Path) -> list[str]:
    """The fixture plus one sheet per payload (in every field), a référentiel entry, a story, a free
    page.
    """
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    pages = []
    for index, payload in enumerate(ALL):
        quoted = "\n".join("> " + line for line in payload.split("\n"))
        (content / "fiches" / f"piege-{index}.md").write_text(
            "\n".join(
                [
                    "---",
                    f"titre: {q(payload)}",
                    f"resume: {q(payload)}",
                    "niveau: debutant",
                    "competences: [messagerie]",
                    "administrations: [piege]",
                    f"auteurs: [{q(payload)}]",
                    f"mots_cles: [{q(payload)}]",
                    f"prerequis: [{q(payload)}]",
                    "creee_le: 2026-10-01",
                    "verifiee_le: 2026-11-20",
                    "liens:",
                    f"  - titre: {q(payload)}",
                    f"    url: {q('https://www.caf.fr/' + payload[:20])}",
                    f"voir_aussi: [piege-{(index + 1) % len(ALL)}]",
                    "---",
                    "",
                    "## Situation",
                    "",
                    payload,
                    "",
                    "## Étapes",
                    "",
                    quoted,
                    "",
                    "## Points de vigilance",
                    "",
                    "- " + payload,
                    "",
                ]
            ),
            encoding="utf-8",
        )
        pages.append(f"/fiches/piege-{index}/")
    everything = "\n\n".join(ALL)
    admins = content / "referentiels" / "administrations.yml"
    admins.write_text(
        admins.read_text("utf-8")
        + "\n".join(
            [
                "- id: piege",
                f"  nom: {q(ALL[0] + ALL[40])}",
                "  site: https://www.interieur.gouv.fr",
                f"  description: {q(ALL[3] + ALL[42])}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    (content / "anecdotes" / "piege.md").write_text(
        "\n".join(
            [
                "---",
                f"titre: {q(ALL[41])}",
                f"resume: {q(ALL[42])}",
                "date: 2026-05",
                f"enseignement: {q(ALL[33])}",
                "anonymisee: true",
                "auteurs: [Anonyme]",
                "creee_le: 2026-10-02",
                "---",
                "",
                everything,
                "",
            ]
        ),
        encoding="utf-8",
    )
    about = content / "pages" / "a-propos.md"
    about.write_text(about.read_text("utf-8") + "\n\n" + everything + "\n", encoding="utf-8")
    return pages + [
        "/",
        "/fiches/",
        "/administrations/piege/",
        "/anecdotes/piege/",
        "/anecdotes/",
        "/a-propos/",
    ]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    pages = hostile_content(root)
    config = (REPO / "mkdocs.yml").read_text("utf-8").replace("strict: true", "strict: false")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "carnet.site.plugin.check_corpus", lambda corpus, today, schemas=None: []
        )  # a checker that saw nothing
        run_build(str(root / "mkdocs.yml"), str(root / "content"), str(root / "site"))
    return root / "site", pages


def test_pages_holding_hostile_inputs_stay_inert(hostile_site) -> None:
    site, pages = hostile_site
    with serve(site) as base:
        driver = chromium(1200, 900)
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
            driver.set_script_timeout(30)
            failures = {}
            for page in pages:
                driver.get(base + page)
                seen = driver.execute_async_script(PROBE)
                if seen["ran"] or seen["problems"] or seen["foreign"]:
                    failures[page] = seen
            assert failures == {}
        finally:
            driver.quit()


def test_titles_with_markup_are_shown_as_text(hostile_site) -> None:
    site, _ = hostile_site
    with serve(site) as base:
        driver = chromium(1200, 900)
        try:
            index = ALL.index("</title><img src=x onerror=alert(1)>")
            driver.get(f"{base}/fiches/piege-{index}/")
            assert driver.title.startswith("</title><img src=x onerror=alert(1)> - ")
            h1 = driver.execute_script(
                "return document.querySelector('.md-content h1').textContent"
            )
            assert h1 == "</title><img src=x onerror=alert(1)>"
            description = driver.execute_script(
                "return document.querySelector('meta[name=description]').content"
            )
            assert description == "</title><img src=x onerror=alert(1)>"
        finally:
            driver.quit()
