"""Benchmark of the site build against bare mkdocs-material building the same Markdown, same run."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def carnet_project(work: Path) -> Path:
    """The carnet's own mkdocs.yml, its search index left to a separate measure."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [{"carnet": {**config["plugins"][0]["carnet"], "search": False}}]
    work.mkdir(parents=True, exist_ok=True)
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def bare_project(content: Path, work: Path, search: bool = False) -> Path:
    """The same sheets as plain Material pages: no plugin, the same theme settings and extensions."""
    docs = work / "docs"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(content / "fiches", docs / "fiches")
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    for target in _nav_targets(ours["nav"]):  # the same navigation, over stub pages
        (docs / target).parent.mkdir(parents=True, exist_ok=True)
        (docs / target).write_text(f"# {target}\n", encoding="utf-8")
    theme = {k: v for k, v in ours["theme"].items() if k != "custom_dir"}
    config = {
        "site_name": "Bare",
        "docs_dir": str(docs),
        "site_dir": str(work / "site"),
        "theme": theme,
        "markdown_extensions": ours["markdown_extensions"],
        "nav": ours["nav"],
        "plugins": ["search"] if search else [],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _nav_targets(nav: list) -> list[str]:
    found = []
    for item in nav:
        for value in item.values():
            found += _nav_targets(value) if isinstance(value, list) else [value]
    return found


def timed_build(config_file: Path, **overrides: str) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return time.perf_counter() - start


def report(work: Path, sizes: tuple[int, ...]) -> list[str]:
    from bench.corpus import make_corpus

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("CARNET_AUJOURDHUI", "2026-11-23")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from carnet.site.search import index_site

    lines = [
        "carnet build — temps par fiche, comparé à mkdocs-material nu sur le même Markdown",
        f"{'fiches':>7} {'material nu':>12} {'carnet':>10} {'ratio':>6} {'cible':>6} {'page fiche':>11} {'cible':>7}"
        f" {'index Pagefind':>15} {'index Material':>15}",
    ]
    per_sheet = {}
    ours_config = carnet_project(work / "carnet")
    for size in sizes:
        content = make_corpus(work / f"build-{size}", size)
        bare = bare_project(content, work / f"bare-{size}")
        bare_time = min(timed_build(bare) for _ in range(2))
        site = work / f"build-{size}" / "site"
        ours = min(
            timed_build(ours_config, docs_dir=str(content), site_dir=str(site)) for _ in range(2)
        )
        page = (site / "fiches" / "fiche-00042" / "index.html").stat().st_size
        start = time.perf_counter()
        index_site(
            site
        )  # the search index, measured apart: Material's own search plugin next to it
        pagefind = time.perf_counter() - start
        lunr = (
            timed_build(bare_project(content, work / f"bare-search-{size}", search=True))
            - bare_time
        )
        per_sheet[size] = ours / size
        lines.append(
            f"{size:>7} {bare_time / size * 1e3:>10.2f}ms {ours / size * 1e3:>8.2f}ms {ours / bare_time:>6.2f} "
            f"{'≤1.25':>6} {page / 1024:>9.1f}Ko {'<40Ko':>7} {pagefind / size * 1e3:>13.2f}ms {lunr / size * 1e3:>13.2f}ms"
        )
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        lines.append(
            f"croissance : temps par fiche à {large} / à {small} = {per_sheet[large] / per_sheet[small]:.2f} (cible ≤ 1.2)"
        )
    return lines
