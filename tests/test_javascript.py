"""The browser scripts: every one parses in the supported browsers, and folds text as Python does.

The baseline is ECMAScript 2018 plus dynamic import() (README, « Supported browsers »): acorn,
installed by `make test`, parses each shipped script at that level, and a few snippets prove the
check refuses what lies beyond it. The inline scripts of the theme stay ES5: they stand in for the
others in browsers too old to parse them. tests/fold_corpus.yml holds the folding that
carnet.text.fold and the scripts' copies must all give.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By

from browser import PHONE, chromium, serve
from carnet.site.opendata.widgets import data_script
from carnet.site.search import STOPWORDS, query_words
from carnet.text import fold
from conftest import REPO

PACKAGE = REPO / "tools" / "carnet"
NODE_MODULES = REPO / ".venv" / "node" / "node_modules"
CHECKER = REPO / "tests" / "tools" / "es-check.cjs"
THEME = PACKAGE / "site" / "theme" / "main.html"
ASSETS = PACKAGE / "site" / "theme" / "assets"
FOLDING_SCRIPTS = (ASSETS / "carnet-formulaire.js", ASSETS / "carnet-recherche.js")
CORPUS = [
    tuple(pair) for pair in yaml.safe_load((REPO / "tests" / "fold_corpus.yml").read_text("utf-8"))
]
BASELINE = 2018

SHIPPED = sorted(PACKAGE.rglob("*.js"))


def inline_scripts() -> list[str]:
    """The <script> elements of the theme that hold code (not JSON)."""
    html = THEME.read_text("utf-8")
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def parse(scripts: list[tuple[str, str, int]]) -> dict[str, str | None]:
    """Each script's name → None when acorn parses it at its ECMAScript version, else the error."""
    assert (NODE_MODULES / "acorn").is_dir(), (
        "acorn manque : `make test` l'installe (npm install --prefix .venv/node acorn@…)"
    )
    given = [{"name": n, "source": s, "ecmaVersion": v} for n, s, v in scripts]
    done = subprocess.run(
        ["node", str(CHECKER), str(NODE_MODULES)],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(zip([n for n, _, _ in scripts], json.loads(done.stdout), strict=True))


def test_every_shipped_script_is_found() -> None:
    names = {p.name for p in SHIPPED}
    assert names >= {
        "carnet-formulaire.js",
        "carnet-recherche.js",
        "carnet-hors-ligne.js",
        "carnet-sw.js",
        "carnet-widget.js",
        "generateur.js",
    }
    assert len(inline_scripts()) >= 2


def test_every_shipped_script_parses_at_the_baseline() -> None:
    scripts = [(str(p.relative_to(REPO)), p.read_text("utf-8"), BASELINE) for p in SHIPPED]
    scripts.append(
        ("widget data", data_script("departement/63", {"portee": {"nom": "x"}}), BASELINE)
    )
    scripts += [(f"main.html, script {i}", s, 5) for i, s in enumerate(inline_scripts(), 1)]
    assert parse(scripts) == {name: None for name, _, _ in scripts}


# What the baseline reads (import() included: Pagefind's bundle is a module), and what it refuses.
ACCEPTED = {
    "dynamic import": 'import("./pagefind.js").then((m) => m.init());',
    "Unicode property escape": r"/[\p{L}\p{N}]/u.test(text);",
    "lookbehind and named group": r"/(?<![0-9])(?<an>\d{4})/.exec(text);",
    "object spread": "const all = { ...a, b: 1 };",
    "async iteration": "async function f(xs) { for await (const x of xs) { await x; } }",
    "template literal": "const s = `${a} : ${b}`;",
}
REFUSED = {
    "BigInt literal": "const r = 123n % 97n;",
    "optional chaining": "const t = spec?.controles;",
    "nullish coalescing": "const t = a ?? b;",
    "catch without binding": "try { f(); } catch { g(); }",
    "import.meta": "const here = import.meta.url;",
    "logical assignment": "a ||= b;",
    "numeric separator": "const n = 1_000;",
    "private field": "class A { #x = 1; }",
    "regexp v flag": r"/[\p{L}--[a-z]]/v;",
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_the_baseline_reads(name: str) -> None:
    assert parse([(name, ACCEPTED[name], BASELINE)]) == {name: None}


@pytest.mark.parametrize("name", REFUSED)
def test_the_check_refuses_what_lies_beyond_the_baseline(name: str) -> None:
    assert parse([(name, REFUSED[name], BASELINE)])[name]


@pytest.mark.parametrize(
    "source",
    ["const a = 1;", "var f = () => 1;", r"/\p{L}/u;", "var s = `x`;"],
)
def test_the_inline_scripts_check_refuses_es2015(source: str) -> None:
    assert parse([("inline", source, 5)])["inline"]


# --- Folding: one corpus for Python and for each script's copy ---


def script_function(path: Path, name: str) -> str:
    """A script's `function name(text) {…}`, as written there."""
    found = re.search(
        rf"^( *)function {name}\(text\) \{{\n.*?^\1\}}$", path.read_text("utf-8"), re.M | re.S
    )
    assert found, f"{path.name}: function {name}(text) moved"
    return found.group(0)


def run_node(program: str, texts: list[str]) -> list:
    """A program reading a JSON list on its standard input and writing one, in strict mode."""
    done = subprocess.run(
        ["node", "-e", '"use strict";\n' + program],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def run_fold(path: Path, texts: list[str]) -> list[str]:
    return run_node(
        f"{script_function(path, 'fold')}\n"
        "const texts = JSON.parse(require('fs').readFileSync(0, "
        "'utf8'));\nprocess.stdout.write(JSON.stringify(texts.map(fold)));\n",
        texts,
    )


def test_the_corpus_is_what_python_folds() -> None:
    assert len(CORPUS) >= 30 and len({text for text, _ in CORPUS}) == len(CORPUS)
    assert {text: fold(text) for text, _ in CORPUS} == dict(CORPUS)


@pytest.mark.parametrize("path", FOLDING_SCRIPTS, ids=lambda p: p.name)
def test_each_script_folds_the_corpus_as_python(path: Path) -> None:
    texts = [text for text, _ in CORPUS]
    assert dict(zip(texts, run_fold(path, texts), strict=True)) == dict(CORPUS)


# Every assigned letter of the Latin blocks, one at a time: French text pasted from anywhere (a
# PDF's ligatures, a German address) folds alike on both sides. Other scripts may differ (Greek
# final sigma, Cherokee): the carnet is written in French.
LATIN = [
    chr(c)
    for block in ((0x20, 0x24F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0xFB00, 0xFB06))
    for c in range(block[0], block[1] + 1)
    if unicodedata.category(chr(c)) != "Cn"
]


@pytest.mark.parametrize("path", FOLDING_SCRIPTS, ids=lambda p: p.name)
def test_each_script_folds_every_latin_letter_as_python(path: Path) -> None:
    assert dict(zip(LATIN, run_fold(path, LATIN), strict=True)) == {c: fold(c) for c in LATIN}


# The search dialog reads a query as search.query_words does, with the function words the site
# sends it (synonymes.json, « mots_vides »): the synonyms' keys are written with query_words.
QUERIES = [text for text, _ in CORPUS] + [
    "L'attestation d’hébergement de la CAF",
    "mdp oublié ?",
    "« carte grise » (ANTS)",
    "jusqu'à lorsqu’il puisqu'on",
    "  espaces\u00a0insécables  ",
]


# Function words with accents (« ça », « été », « être ») are dropped on both sides.
@pytest.mark.parametrize("query", [*QUERIES, "il a été payé", "ça bloque"])
def test_the_search_dialog_reads_a_query_as_python(query: str) -> None:
    script = ASSETS / "carnet-recherche.js"
    words = run_node(
        f"{script_function(script, 'fold')}\n{script_function(script, 'words')}\n"
        "const stopwords = {};\n"
        f"{json.dumps(sorted(STOPWORDS))}.forEach((word) => {{ stopwords[fold(word)] = true; }});\n"
        "const texts = JSON.parse(require('fs').readFileSync(0, "
        "'utf8'));\nprocess.stdout.write(JSON.stringify(texts.map(words)));\n",
        [query],
    )
    assert words == [query_words(query)]


# --- Below the baseline: what the page shows without JavaScript, never nothing ---

# A browser too old to parse the scripts (they do not run), and one that parses them but lacks what
# they test for, as Safari 15 does: no regexp lookbehind for the checker's patterns, no <dialog>.
OLD_BROWSERS = {
    "scripts that do not parse": (
        "Network.setBlockedURLs",
        {"urls": ["*carnet-recherche.js", "*carnet-formulaire.js"]},
    ),
    "features missing": (
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "(() => { delete window.HTMLDialogElement; const Native = RegExp;"
            "window.RegExp = function (source, flags) { if (/\\(\\?<[=!]/.test(String(source))) {"
            " throw new SyntaxError('lookbehind'); } return new Native(source, flags); }; })();"
        },
    ),
}


@pytest.mark.parametrize("browser", OLD_BROWSERS)
def test_below_the_baseline_the_page_shows_the_indexes_and_templates(
    fixture_site: Path, browser: str
) -> None:
    driver = chromium(*PHONE)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(*OLD_BROWSERS[browser])
        with serve(fixture_site) as base:
            driver.get(base + "/proposer/")
            bar = driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js")
            assert bar.is_displayed() and [a.text for a in bar.find_elements(By.TAG_NAME, "a")] == [
                "fiches de A à Z",
                "par administration",
                "par compétence",
            ]
            templates = driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js-modeles")
            assert templates.is_displayed() and "Modèle" in templates.text
            assert not driver.find_elements(By.CSS_SELECTOR, ".carnet-recherche-bouton")
            assert not driver.find_element(By.CSS_SELECTOR, ".carnet-onglets-bloc").is_displayed()
            assert not driver.find_element(By.ID, "carnet-recherche").is_displayed()
    finally:
        driver.quit()
