"""Benchmark of `carnet build` against bare mkdocs-material with its search plugin, same run.

Both build the same synthetic sheets (bench.corpus) with the same theme settings, extensions and
navigation. The carnet's build is the published one: checks, every generated page, the JSON API,
downloads, the offline archive and its Pagefind index. Each build runs in a process of its own, so
that its peak memory (all its processes together: for the carnet, Python, its page worker and
Pagefind) is its own. Measured:

- cold: an empty build cache (.cache/carnet/), as a first build or CI without a restored cache;
- one sheet changed: the cold build's cache, one sheet's text edited (what a contribution does).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
COLD_TARGET, CHANGE_TARGET, GROWTH_TARGET = 1.25, 0.2, 1.2


def bare_project(content: Path, work: Path, search: bool = False) -> Path:
    """The same sheets as plain Material pages: no plugin, the same theme settings, extensions."""
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
    """Seconds of one build in this process (the other benchmarks build their sites with it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return time.perf_counter() - start


def measured_build(config: Path, cache: Path, **overrides: str) -> dict:
    """One build in a process of its own: seconds, peak memory (MB) of Python and of Pagefind."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "CARNET_AUJOURDHUI": TODAY,
        "CARNET_CACHE": str(cache),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.build", str(config), json.dumps(overrides)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"la construction a échoué :\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def tree_memory(root: int) -> int:
    """Resident memory in bytes of a process and all its descendants, read from /proc."""
    parent: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        parent[int(entry)], resident[int(entry)] = int(fields[1]), int(fields[21])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += resident.get(pid, 0)
        stack += [child for child, up in parent.items() if up == pid]
    return total * os.sysconf("SC_PAGE_SIZE")


class PeakMemory(threading.Thread):
    """The highest sum of this process's and its descendants' memory (the carnet's build runs
    Pagefind and its page worker beside it), sampled every 50 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, tree_memory(os.getpid()))

    def stop(self) -> int:
        self.done.set()
        self.join()
        return max(self.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def _worker(config: str, overrides: str) -> None:
    import logging

    # Warnings stay on (on stderr, which the caller does not show): with them silenced, the build
    # cache keeps no page.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    sampler = PeakMemory()
    sampler.start()
    seconds = timed_build(Path(config), **json.loads(overrides))
    print(json.dumps({"secondes": seconds, "memoire": sampler.stop() / 2**20}))


def change_one_sheet(content: Path, run: int) -> None:
    """What a contribution does: one sheet's text edited."""
    sheet = content / "fiches" / "fiche-00042.md"
    text = sheet.read_text("utf-8")
    sheet.write_text(
        text.replace("## Situation\n\n", f"## Situation\n\nModifiée ({run}). ", 1), encoding="utf-8"
    )


def measure(work: Path, size: int) -> dict:
    """Every figure at one size; the fastest of two runs for each time (a shared machine)."""
    from bench.corpus import make_corpus

    content = make_corpus(work / f"build-{size}", size)
    bare = bare_project(content, work / f"material-{size}", search=True)
    material = [measured_build(bare, work / "sans-cache") for _ in range(2)]
    site = {"docs_dir": str(content), "site_dir": str(work / f"build-{size}" / "site")}
    cold = []
    for run in range(2):
        cache = work / f"cache-{size}-{run}"
        cold.append(measured_build(REPO / "mkdocs.yml", cache, **site))
    changed = []
    for run in range(2):
        change_one_sheet(content, run)
        changed.append(measured_build(REPO / "mkdocs.yml", work / f"cache-{size}-0", **site))
    page = Path(site["site_dir"]) / "fiches" / "fiche-00042" / "index.html"
    return {
        "material": min(r["secondes"] for r in material),
        "froid": min(r["secondes"] for r in cold),
        "change": min(r["secondes"] for r in changed),
        "memoire_material": max(r["memoire"] for r in material),
        "memoire_carnet": max(r["memoire"] for r in cold),
        "page": page.stat().st_size,
    }


def report(work: Path, sizes: tuple[int, ...]) -> list[str]:
    lines = [
        "carnet build (recherche, archive hors ligne, API comprises) et mkdocs-material nu avec sa "
        "recherche, sur les mêmes fiches, mesurés dans la même exécution",
        f"{'fiches':>7} {'material':>9} {'carnet':>8} {'ratio':>6} {'cible':>6} {'1 fiche':>8} "
        f"{'ratio':>6} {'cible':>6} {'mémoire material':>17} {'mémoire carnet':>15} "
        f"{'page fiche':>11}",
    ]
    figures = {}
    for size in sizes:
        f = figures[size] = measure(work, size)
        memory = f"{f['memoire_carnet']:.0f} Mo"
        lines.append(
            f"{size:>7} {f['material']:>8.1f}s {f['froid']:>7.1f}s "
            f"{f['froid'] / f['material']:>6.2f} {f'≤{COLD_TARGET}':>6} {f['change']:>7.1f}s "
            f"{f['change'] / f['froid']:>6.2f} {f'≤{CHANGE_TARGET}':>6} "
            f"{f['memoire_material']:>14.0f} Mo {memory:>15} {f['page'] / 1024:>8.1f} Ko"
        )
    lines.append(
        "  carnet : construction sans cache ; 1 fiche : le texte d'une fiche changé, avec le cache "
        "de la construction précédente ; mémoire : pic de la somme des processus de la "
        "construction (pour le carnet : Python, son processus des pages et Pagefind) ; cibles : "
        "froid ≤ 1,25 × Material, 1 fiche ≤ 0,2 × froid, mémoire à 10 000 fiches sous celle de "
        "Material, page fiche < 40 Ko"
    )
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        growth = (figures[large]["froid"] / large) / (figures[small]["froid"] / small)
        lines.append(
            f"croissance : temps par fiche à {large} / à {small} = {growth:.2f} (cible ≤ "
            f"{GROWTH_TARGET})"
        )
    return lines


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2])
