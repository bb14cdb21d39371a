"""Rebuilding only what a change affects, for `carnet serve`: which pages show the files just saved.

Plain Python, like the page builders: carnet.site.preview (the MkDocs side) watches content/,
hands the saved paths to `Preview.update`, renders the pages it returns, then calls
`Preview.later` for the listings, one job at a time, so that a new save is served first.

How a page is chosen: every page is a `Job` of `site_plan` that names what it shows (`Job.needs`).
A save « touches » keys: its document's text (`body:…`), its front matter (`doc:…`,
`meta:<kind>`, `meta:*`), the entries it names (`ref:…`) and the documents it links to. The jobs
that need a touched key, in the plan before the save or after it, are built again; a page whose
Markdown is the same as before is not rendered again. The document's own page comes first
(`Job.owner`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from carnet.checking.check import check_corpus
from carnet.findings import Finding
from carnet.model.content import (
    FOLDERS,
    Corpus,
    Document,
    display_path,
    load_document,
    misplaced,
)
from carnet.model.relations import Relations
from carnet.site.build import Job, body_key, doc_key, relations, site_plan
from carnet.site.pages.common import Page, SiteSettings

SETTLE = 1.0  # seconds a file that cannot be read, or has errors, is waited for: a save in progress
STEP = 0.05  # how often it is read again meanwhile
REF_KEYS = ("administrations", "competences", "publics")
EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".swpx", ".tmp", ".part", ".crdownload", ".kate-swp")


class FullRebuild(Exception):
    """A change that every page may show (a référentiel): the whole site is built again."""


def is_content_file(path: Path, root: Path) -> bool:
    """A file of content/ that the site is made of, not an editor's backup or lock file."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    name = path.name
    return bool(parts) and not (
        any(p.startswith(".") for p in parts)
        or name.startswith(("#", ".#", "~$"))
        or name.endswith(EDITOR_LEFTOVERS)
        or name.endswith("#")
    )


def kind_of(path: Path, root: Path) -> str | None:
    """The kind of a content file from its folder (None outside content/<type>/*.md)."""
    parent = path.parent
    if path.suffix != ".md" or parent.parent != root:
        return None
    return FOLDERS.get(parent.name)


def touched(old: Document | None, new: Document | None) -> set[str]:
    """The keys of `Job.needs` that replacing `old` by `new` changes (None: absent)."""
    docs = [d for d in (old, new) if d is not None]
    keys: set[str] = set()
    if old is None or new is None or old.body != new.body:
        keys |= {"body:*", *map(body_key, docs)}
    if old is None or new is None or old.meta != new.meta:
        keys.add("meta:*")
        for doc in docs:
            keys |= {doc_key(doc), f"meta:{doc.kind}"}
            for name in REF_KEYS:
                keys |= {f"ref:{name}:{i}" for i in _strings(doc.get(name))}
            # The pages of the documents it links to list it (« Pour aller plus loin », themes).
            keys |= {f"doc:{i}" for i in _strings(doc.get("voir_aussi"))}
            keys |= {f"doc:{i}" for i in _strings(doc.get("selection"))}
    return keys


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def needing(jobs: Iterable[Job]) -> dict[str, set[str]]:
    """key → the names of the jobs that need it."""
    index: dict[str, set[str]] = {}
    for job in jobs:
        for key in job.needs:
            index.setdefault(key, set()).add(job.name)
    return index


@dataclass
class Update:
    """What a save changed: the files, the pages to render now, the errors that stopped it."""

    paths: list[str] = field(default_factory=list)  # as people see them (content/fiches/x.md)
    pages: list[Page] = field(default_factory=list)  # built again, Markdown changed: to render
    removed: list[str] = field(default_factory=list)  # src of pages that are no longer
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    waited: bool = False  # a save in progress was waited out
    superseded: bool = False  # saved again while waited out: nothing applied, the next save will


class Preview:
    """The preview's content and pages as they are served, updated save by save.

    The corpus is always one that passed the checks: a save with errors is reported and left out,
    the pages keep its last good version, and the next good save of that file applies.
    """

    def __init__(self, corpus: Corpus, settings: SiteSettings, pages: Iterable[Page]) -> None:
        self.corpus, self.settings = corpus, settings
        self.pages: dict[str, Page] = {page.src_uri: page for page in pages}
        self._shadows = {doc.path: replace(doc, loaded=False) for doc in corpus.documents}
        self._plan(relations(corpus, settings))
        self.left: set[str] = set()  # jobs still to build after the last save (`later`)
        self._keys: set[str] = set()  # touched by saves whose listings are not chosen yet
        # The plan before saves that changed front matter: `later` plans again, after the page.
        self._stale: tuple[dict, dict] | None = None
        self._prefix = display_path(corpus.root, corpus.root)
        # The pages of the jobs that build several (territory hubs…), to know when one goes.
        self.job_pages = {
            name: [page.src_uri for page in job.pages()]
            for name, job in self.jobs.items()
            if not name.endswith(".md")
        }

    def _plan(self, rel: Relations) -> None:
        self.rel = rel
        self.jobs = {job.name: job for job in site_plan(self.corpus, self.settings, rel)}
        self.index = needing(self.jobs.values())

    # Reading the saved files ------------------------------------------------------------------

    def read(self, paths: Iterable[Path]) -> tuple[dict[Path, Document | None], list[Finding]]:
        """The saved documents (None: deleted), and what stopped reading them."""
        root = self.corpus.root
        docs: dict[Path, Document | None] = {}
        findings: list[Finding] = []
        for path in sorted(set(paths)):
            if path.suffix in (".yml", ".yaml") and path.parent.name == "referentiels":
                raise FullRebuild(path)
            if path.suffix != ".md":
                continue
            if not path.exists():
                docs[path] = None
                continue
            kind = kind_of(path, root)
            rel = self._rel(path)
            if kind is None:
                findings.append(misplaced(path, rel))
                continue
            try:
                doc, problems = load_document(path, root, kind, rel)
            except OSError:  # gone between the listing and the read: a save in progress
                docs[path] = None
                continue
            docs[path] = doc
            findings += problems
        return docs, findings

    def _rel(self, path: Path) -> str:
        """The path as `load_corpus` names it in findings (content/fiches/x.md)."""
        inside = path.relative_to(self.corpus.root).as_posix()
        return inside if self._prefix == "." else f"{self._prefix}/{inside}"

    # Checking ---------------------------------------------------------------------------------

    def _candidate(self, docs: dict[Path, Document | None]) -> Corpus:
        current = {doc.path: doc for doc in self.corpus.documents}
        added = False
        for path, doc in docs.items():
            if doc is None:
                current.pop(path, None)
            else:
                added |= path not in current
                current[path] = doc
        documents = list(current.values())
        if added:
            documents.sort(key=lambda d: d.path)
        return Corpus(
            self.corpus.root,
            documents,
            self.corpus.referentiels,
            self.corpus.referentiel_files,
            [f for f in self.corpus.findings if not f.is_error],
        )

    def check(
        self, candidate: Corpus, docs: dict[Path, Document | None], loading: list[Finding]
    ) -> list[Finding]:
        """The findings of the saved files and of those that link to them, on the whole corpus."""
        ids = {p.stem for p in docs}
        targets = {p for p, d in docs.items() if d is not None}
        for ident in ids:
            targets |= {d.path for d in self.rel.pointed_by.get(ident, [])}
            targets |= {d.path for d in self.rel.themes_of.get(ident, [])}
        targets |= {d.path for d in candidate.documents if d.id in ids}
        shadows = self._shadows
        view = Corpus(
            candidate.root,
            [
                doc if doc.path in targets else shadows.get(doc.path) or replace(doc, loaded=False)
                for doc in candidate.documents
            ],
            candidate.referentiels,
            candidate.referentiel_files,
            loading,
            focus=sorted(targets),
        )
        return check_corpus(view, self.settings.today)

    # Applying ---------------------------------------------------------------------------------

    def update(
        self,
        paths: Iterable[Path],
        interrupted: Callable[[], bool] = lambda: False,
        settle: bool = True,
    ) -> Update:
        """Read, check and apply a save; the changed documents' own pages are built at once.

        A file that cannot be read or has errors is read again for up to SETTLE seconds (an editor
        that empties a file and then writes it): only an error that stays is reported.
        """
        paths = sorted(set(paths))
        deadline = time.monotonic() + (SETTLE if settle else 0)
        waited = False
        while True:
            docs, loading = self.read(paths)
            candidate = self._candidate(docs)
            findings = self.check(candidate, docs, loading)
            errors = [f for f in findings if f.is_error]
            if not errors or time.monotonic() >= deadline:
                break
            if interrupted():  # written again meanwhile: that save is the one to show
                return Update([self._rel(p) for p in paths if p.suffix == ".md"], superseded=True)
            waited = True
            time.sleep(STEP)
        shown = [self._rel(p) for p in paths if p.suffix == ".md"]
        if errors:
            return Update(shown, errors=errors, warnings=[f for f in findings if not f.is_error])
        update = Update(shown, warnings=findings, waited=waited)
        known = {doc.path: doc for doc in self.corpus.documents}
        owners: set[str] = set()
        structural = False
        for path, doc in docs.items():
            before = known.get(path)
            if before is None and doc is None:
                continue
            keys = touched(before, doc)
            self._keys |= keys
            if any(k.startswith("meta:") for k in keys):
                self._stale = self._stale or (self.index, self.jobs)
            owners |= {doc_key(d) for d in (before, doc) if d is not None}
            if before is None or doc is None:
                structural = True
            else:  # the same object, new contents: the plan's jobs and relations still hold it
                vars(before).update({f.name: getattr(doc, f.name) for f in fields(doc)})
            if doc is None:
                self._shadows.pop(path, None)
            else:
                self._shadows[path] = replace(doc, loaded=False)
        if structural:  # a document comes or goes: its page and the relations are needed now
            self.corpus = candidate
            update.removed += self._replan()
        first = {n for n, job in self.jobs.items() if job.owner in owners}
        for name in sorted(first):
            update.pages += self._build(name, update.removed)
        if not self._stale:
            for key in self._keys:
                self.left |= self.index.get(key, set())
            self._keys = set()
        self.left -= first
        for src in update.removed:
            self.pages.pop(src, None)
        return update

    def _replan(self) -> list[str]:
        """Relations and plan after saves that changed front matter; the pages that went."""
        old_index, old_jobs = self._stale or (self.index, self.jobs)
        self._plan(relations(self.corpus, self.settings))
        for key in self._keys:  # shown before the saves, or after them
            self.left |= old_index.get(key, set()) | self.index.get(key, set())
        self._keys, self._stale = set(), None
        removed: list[str] = []
        for name in set(old_jobs) - set(self.jobs):  # a deleted document's pages
            removed += self.job_pages.pop(name, [name])
            self.left.discard(name)
        return removed

    def later(self) -> tuple[str, list[Page], list[str]] | None:
        """One more job left by the last saves: (job, pages changed, pages removed), or None.

        The first call after a change of front matter computes the relations and the plan again
        (a few tenths of a second at 10,000 sheets): after the saved page, never before it.
        """
        removed: list[str] = []
        if self._stale:
            removed += self._replan()
        while self.left:
            name = min(self.left)
            self.left.discard(name)
            if name not in self.jobs:
                continue
            pages = self._build(name, removed)
            for src in removed:
                self.pages.pop(src, None)
            return name, pages, removed
        for src in removed:
            self.pages.pop(src, None)
        return ("", [], removed) if removed else None

    @property
    def busy(self) -> bool:
        """Pages are left to build after the last saves."""
        return bool(self.left or self._stale)

    def _build(self, name: str, removed: list[str]) -> list[Page]:
        """Build one job; its pages whose Markdown changed (new ones included)."""
        built = self.jobs[name].pages()
        srcs = [page.src_uri for page in built]
        if len(srcs) != 1 or srcs[0] != name:
            removed += [s for s in self.job_pages.get(name, []) if s not in srcs]
            self.job_pages[name] = srcs
        changed = [page for page in built if self.pages.get(page.src_uri) != page]
        for page in changed:
            self.pages[page.src_uri] = page
        return changed


def pages_differ(a: dict[str, Page], b: dict[str, Page]) -> list[str]:
    """The pages whose Markdown differs between two sets, or that only one has (for tests)."""
    return sorted(
        src
        for src in set(a) | set(b)
        if src not in a or src not in b or a[src].full_markdown() != b[src].full_markdown()
    )
