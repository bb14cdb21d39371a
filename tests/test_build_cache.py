"""The build cache (.cache/carnet/): a build that takes pages from it gives the site a cold build gives.

Each test changes one kind of input (a sheet's text, another sheet's title shown on a page, a theme
template, a setting of mkdocs.yml) and compares the build that used the cache with a build from an
empty cache, file by file; the build log says how many pages came from the cache.
"""

from __future__ import annotations

import gzip
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml

from carnet.site.build_cache import DATABASE
from carnet.site.runner import run_build
from conftest import FIXTURE, REPO

SUMMARY = re.compile(
    r"^(\d[\d ]*) pages? reprises? du cache, (\d[\d ]*) reconstruites?$", re.MULTILINE
)


class Log(logging.Handler):
    """What MkDocs and the plugin say during a build."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build(content: Path, site: Path, cache: Path, config: Path = REPO / "mkdocs.yml") -> str:
    """Build with the given cache folder; the build log."""
    log = Log()
    logging.getLogger("mkdocs").addHandler(log)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CARNET_CACHE", str(cache))
            run_build(str(config), str(content), str(site))
    finally:
        logging.getLogger("mkdocs").removeHandler(log)
    return "\n".join(log.lines)


def counts(log: str) -> tuple[int, int]:
    """(pages taken from the cache, pages rendered) as the build log says them."""
    found = SUMMARY.findall(log)
    assert len(found) == 1, log
    return int(found[0][0].replace(" ", "")), int(found[0][1].replace(" ", ""))


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_site(built: Path, expected: Path) -> None:
    """Byte for byte, except the order in which Pagefind writes a filter's values.

    Pagefind itself writes its filter files (and the names that hash them) in a different order at
    each run, cache or not: those are compared as sorted bytes.
    """
    ours, theirs = files(built), files(expected)
    assert sorted(ours) != [] and len(ours) == len(theirs)

    def unordered(found: dict[str, bytes]) -> list[bytes]:
        kept = [k for k in found if k.startswith("pagefind/filter/")]
        return sorted(bytes(sorted(gzip.decompress(found[k]))) for k in kept)

    def ordered(found: dict[str, bytes]) -> dict[str, bytes]:
        return {
            k: v
            for k, v in found.items()
            if not k.startswith("pagefind/filter/")
            and not k.endswith(".pf_meta")
            and k != "pagefind/pagefind-entry.json"
        }

    assert ordered(ours).keys() == ordered(theirs).keys()
    different = [k for k, v in ordered(ours).items() if v != ordered(theirs)[k]]
    assert different == []
    assert unordered(ours) == unordered(theirs)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def compare_with_cold(content: Path, tmp_path: Path, name: str, config: Path) -> tuple[int, int]:
    """Build with the cache of the earlier builds, and again from an empty cache: the same site."""
    log = build(content, tmp_path / f"{name}-chaud", tmp_path / "cache", config)
    build(content, tmp_path / f"{name}-froid", tmp_path / f"cache-{name}", config)
    assert_same_site(tmp_path / f"{name}-chaud", tmp_path / f"{name}-froid")
    return counts(log)


def test_a_build_takes_unchanged_pages_from_the_cache_and_gives_the_same_site(
    content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    taken, rendered = counts(build(content, tmp_path / "premier", cache))
    assert taken == 0 and rendered > 20
    assert counts(build(content, tmp_path / "second", cache)) == (rendered, 0)
    assert_same_site(tmp_path / "second", tmp_path / "premier")
    # Deleting the cache only makes the next build a cold one, with the same site.
    shutil.rmtree(cache)
    assert counts(build(content, tmp_path / "apres", cache)) == (0, rendered)
    assert_same_site(tmp_path / "apres", tmp_path / "premier")


def test_a_changed_sheet_is_rendered_again(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "avant", tmp_path / "cache")
    edit(content / "fiches" / "actualisation.md", "Une situation.", "Une situation nouvelle.")
    taken, rendered = compare_with_cold(content, tmp_path, "apres", REPO / "mkdocs.yml")
    assert 1 <= rendered < taken
    page = (tmp_path / "apres-chaud" / "fiches" / "actualisation" / "index.html").read_text("utf-8")
    assert "Une situation nouvelle." in page


def test_another_sheets_new_title_reaches_the_pages_that_show_it(
    content: Path, tmp_path: Path
) -> None:
    build(content, tmp_path / "avant", tmp_path / "cache")
    sheet = content / "fiches" / "mot-de-passe.md"
    old = yaml.safe_load(sheet.read_text("utf-8").split("---")[1])["titre"]
    edit(sheet, old, "Un mot de passe qui tient")
    taken, rendered = compare_with_cold(content, tmp_path, "apres", REPO / "mkdocs.yml")
    assert rendered > 1 and taken > 0
    hub = tmp_path / "apres-chaud" / "administrations" / "caf" / "index.html"
    assert "Un mot de passe qui tient" in hub.read_text("utf-8")


def test_a_changed_theme_template_reaches_every_page(content: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "surcharges" / "partials"
    overrides.mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    settings["theme"]["custom_dir"] = str(overrides.parent)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    (overrides / "comments.html").write_text('<p id="essai">un</p>', encoding="utf-8")
    build(content, tmp_path / "avant", tmp_path / "cache", config)
    (overrides / "comments.html").write_text('<p id="essai">deux</p>', encoding="utf-8")
    taken, rendered = compare_with_cold(content, tmp_path, "apres", config)
    assert taken == 0
    for page in (tmp_path / "apres-chaud").rglob("index.html"):
        text = page.read_text("utf-8")
        assert 'id="essai">un<' not in text
    home = (tmp_path / "apres-chaud" / "index.html").read_text("utf-8")
    assert '<p id="essai">deux</p>' in home


def test_a_changed_setting_reaches_every_page(content: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    build(content, tmp_path / "avant", tmp_path / "cache", config)
    settings["copyright"] = "Réseau d'essai, 2026"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    taken, rendered = compare_with_cold(content, tmp_path, "apres", config)
    assert taken == 0 and rendered > 20
    sheet = tmp_path / "apres-chaud" / "fiches" / "actualisation" / "index.html"
    assert "Réseau d&#39;essai, 2026" in sheet.read_text("utf-8") or (
        "Réseau d'essai, 2026" in sheet.read_text("utf-8")
    )


def lenient(tmp_path: Path) -> Path:
    """The repository's mkdocs.yml without strict mode: link warnings do not stop the build."""
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    settings["strict"] = False
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return config


def test_a_page_rendered_with_a_warning_is_never_kept(content: Path, tmp_path: Path) -> None:
    """Its warning comes again at every build, so that a strict build fails again the same way.

    A free page: `carnet check` refuses such a link in a sheet before the build, but leaves free
    pages, which move in the site, to the build."""
    config = lenient(tmp_path)
    edit(
        content / "pages" / "a-propos.md",
        "Le texte de la page a-propos.",
        "Voir [ici](absente.md).",
    )
    logs = [build(content, tmp_path / f"site-{n}", tmp_path / "cache", config) for n in (1, 2)]
    for log in logs:
        assert "absente.md" in log
    assert counts(logs[1])[1] == 1


def test_links_to_another_pages_headings_are_checked_again(content: Path, tmp_path: Path) -> None:
    """A page from the cache still has its links to another page's headings checked (a free page:
    `carnet check` leaves their links to the build)."""
    config = lenient(tmp_path)
    edit(
        content / "pages" / "a-propos.md",
        "Le texte de la page a-propos.",
        "Voir [les étapes](fiches/mot-de-passe.md#etapes).",
    )
    first = build(content, tmp_path / "avant", tmp_path / "cache", config)
    assert "#etapes" not in first
    edit(content / "fiches" / "mot-de-passe.md", "## Étapes", "## Marche à suivre")
    warm = build(content, tmp_path / "apres", tmp_path / "cache", config)
    cold = build(content, tmp_path / "froid", tmp_path / "cache-froid", config)
    warning = "contains a link 'fiches/mot-de-passe.md#etapes'"
    assert warning in cold and warning in warm
    assert counts(warm)[0] > 0


def test_a_damaged_cache_is_started_afresh(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DATABASE).write_bytes(b"ceci n'est pas une base" * 100)
    taken, rendered = counts(build(content, tmp_path / "premier", cache))
    assert taken == 0
    assert counts(build(content, tmp_path / "second", cache)) == (rendered, 0)


def test_the_navigation_rendered_once_per_folder_is_materials(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages outside the navigation share its rendering with their folder: the same bytes."""
    build(content, tmp_path / "partagee", tmp_path / "cache-1")
    monkeypatch.setattr("carnet.site.plugin.memoize_nav", lambda env, *_: env)
    build(content, tmp_path / "par-page", tmp_path / "cache-2")
    assert_same_site(tmp_path / "partagee", tmp_path / "par-page")


def test_the_offline_edition_of_another_day_never_brings_its_date(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the archive says its edition's date: a page taken from the cache a week
    later says the new one, as a build without cache does."""
    import zipfile
    from datetime import timedelta

    from carnet.site.pages.common import french_date
    from conftest import TODAY

    build(content, tmp_path / "site", tmp_path / "cache")
    later = TODAY + timedelta(days=7)
    monkeypatch.setenv("CARNET_AUJOURDHUI", later.isoformat())
    log = build(content, tmp_path / "site", tmp_path / "cache")
    assert counts(log)[0] > 0  # pages were taken from the cache
    (archive,) = (tmp_path / "site" / "hors-ligne").glob("*.zip")
    with zipfile.ZipFile(archive) as pages:
        sheet = next(n for n in pages.namelist() if n.endswith("/fiches/adresse-mail/index.html"))
        text = pages.read(sheet).decode("utf-8")
    assert f"Édition hors ligne du {french_date(later)}" in text
    assert french_date(TODAY) not in text
