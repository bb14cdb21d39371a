"""Checking a corpus: load once, run every rule, select what the user asked about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carnet.checking.placement import check_placement, finding_file, referentiel_users
from carnet.checking.rules.context import Context
from carnet.checking.rules.registry import all_rules
from carnet.findings import Finding
from carnet.model.content import Corpus, display_path, load_corpus
from carnet.model.schemas import Schemas, load_schemas


@dataclass(frozen=True)
class CheckResult:
    """The findings to report and the number of files they cover."""

    findings: list[Finding]
    files: int

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def check_corpus(corpus: Corpus, today: date, schemas: Schemas | None = None) -> list[Finding]:
    """Every finding of the corpus, sorted and without duplicates."""
    context = Context(today=today, schemas=schemas or load_schemas())
    found = set(corpus.findings)
    for rule in all_rules():
        found.update(rule(corpus, context))
    return sorted(found)


def corpus_files(corpus: Corpus) -> list[Path]:
    """Every file the check read."""
    return [doc.path for doc in corpus.documents] + [
        corpus.root / "referentiels" / f"{n}.yml" for n in corpus.referentiel_files
    ]


def select(corpus: Corpus, findings: list[Finding], paths: Iterable[Path]) -> CheckResult:
    """Keep the findings of the given files or folders; references were resolved on the whole
    corpus.

    A named file that the check could not read as content (outside content/<type>/) is an error,
    never a silent « 0 erreur ». A named référentiel brings the files that use its ids: a removed
    or renamed id is found where it is used, not only by the build.
    """
    wanted = [p.resolve() for p in paths]
    if not wanted:
        return CheckResult(findings, len(corpus_files(corpus)))

    def inside(path: Path) -> bool:
        return any(path == w or path.is_relative_to(w) for w in wanted)

    chosen = [f for f in corpus_files(corpus) if inside(f)]
    rels = {display_path(f, corpus.root) for f in chosen}
    kept = [
        f
        for f in findings
        if f.path in rels or (f.code == "emplacement" and inside(finding_file(f, corpus.root)))
    ]
    users = referentiel_users(corpus, [f for f in chosen if f.parent.name == "referentiels"])
    kept += [f for f in findings if f.code == "ref-inconnue" and f.path in users and f not in kept]
    misplaced = check_placement(corpus.root, wanted, set(corpus_files(corpus)))
    files = (
        len(chosen)
        + len(set(users) - rels)
        + len({f.path for f in kept if f.code == "emplacement"} | {f.path for f in misplaced})
    )
    return CheckResult(sorted(set(kept) | set(misplaced)), files)


def run_check(content: Path, today: date, paths: Iterable[Path] = ()) -> CheckResult:
    """Load content/, check all of it, report on `paths` (all files when empty)."""
    wanted = [p.resolve() for p in paths]
    # Checking a référentiel means checking every file that uses it: those must be read too.
    referentiel = any(p.suffix in (".yml", ".yaml") or p.name == "referentiels" for p in wanted)
    corpus = load_corpus(content, None if referentiel else (wanted or None))
    return select(corpus, check_corpus(corpus, today), wanted)
