"""Benchmark of `carnet check` against the floor: reading the files and parsing their YAML with
LibYAML.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import yaml

from carnet.checking.check import check_corpus
from carnet.model.content import load_corpus

TODAY = date(2026, 11, 23)


def floor(content: Path) -> float:
    """Seconds to read every sheet and parse its front matter with PyYAML's C loader."""
    start = time.perf_counter()
    for path in sorted((content / "fiches").glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        front = text.split("\n---\n", 1)[0].removeprefix("---\n")
        yaml.load(front, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def full_check(content: Path) -> tuple[float, int]:
    """Seconds for a whole `carnet check` in-process, and the number of findings (0 expected)."""
    start = time.perf_counter()
    findings = check_corpus(load_corpus(content), TODAY)
    return time.perf_counter() - start, len(findings)


def one_file(content: Path) -> float:
    """Wall seconds of `carnet check` on one sheet, interpreter start-up included."""
    target = content / "fiches" / "fiche-00042.md"
    env = {**os.environ, "CARNET_AUJOURDHUI": TODAY.isoformat()}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "carnet", "check", "--content", str(content), str(target)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def best(run, repeat: int = 3):
    """The fastest of a few runs: the least disturbed measure on a shared machine."""
    results = [run() for _ in range(repeat)]
    return min(results, key=lambda r: r[0] if isinstance(r, tuple) else r)


# Hostile inputs at the 256 KB limit: each repeats what made an old check quadratic (unclosed tags,
# quoted attributes, attribute lists, phone-like digits, nested lists).
HOSTILE = (
    "<a ",
    '<a x="',
    "{: ",
    "](",
    "<!--",
    "06 12 ",
    "a@b ",
    "mot de passe : ",
    "[" * 30,
    "    " * 30 + "- x\n",
)


def hostile(content: Path, unit: str, size: int = 250_000) -> float:
    """Seconds for `carnet check` (in-process) on one sheet padded with `unit` up to `size`
    bytes."""
    head = (content / "fiches" / "fiche-00042.md").read_text("utf-8")
    target = content / "fiches" / "fiche-hostile.md"
    target.write_text(
        head + "\n" + (unit * (size // len(unit)))[: size - len(head.encode("utf-8")) - 100],
        "utf-8",
    )
    try:
        start = time.perf_counter()
        check_corpus(load_corpus(content, [target.resolve()]), TODAY)
        return time.perf_counter() - start
    finally:
        target.unlink()


def report(work: Path, sizes: tuple[int, ...]) -> list[str]:
    from bench.corpus import make_corpus

    lines = [
        "carnet check — temps par fiche (meilleur de 3)",
        f"{'fiches':>7} {'plancher':>10} {'check':>10} {'ratio':>6} {'cible':>6} "
        f"{'un fichier':>11} {'cible':>6}",
    ]
    for size in sizes:
        content = make_corpus(work / f"check-{size}", size)
        low = best(partial(floor, content))
        full, found = best(partial(full_check, content))
        single = best(partial(one_file, content)) if size == 1000 else None
        assert found == 0, f"the synthetic corpus should be clean, got {found} findings"
        lines.append(
            f"{size:>7} {low / size * 1e3:>8.3f}ms {full / size * 1e3:>8.3f}ms {full / low:>6.2f} "
            f"{'≤2.5':>6} "
            + (f"{single:>10.3f}s {'≤0.5s':>6}" if single is not None else f"{'-':>11}")
        )
    content = make_corpus(work / "check-hostile", 100)
    normal = best(lambda: full_check(content))[0]
    lines += [
        "",
        "carnet check — une fiche hostile de 250 Ko (meilleur de 3), à côté du corpus de 100 "
        "fiches normales",
        f"{'motif':>18} {'temps':>8} {'cible':>6} {'100 fiches':>11}",
    ]
    for unit in HOSTILE:
        lines.append(
            f"{unit.strip()[:16]!r:>18} {best(partial(hostile, content, unit)):>7.3f}s {'≤1s':>6} "
            f"{normal:>10.3f}s"
        )
    return lines
