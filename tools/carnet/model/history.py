"""What the content looked like at a given time, read from `git log` and `git show` (plain
subprocess).

The letter compares what a reader sees at the start and at the end of the month; the calendar counts
how many times a meeting moved (iCalendar SEQUENCE). Both need the repository's history, and both
fall back gracefully when there is none: no git, a folder that is not the carnet's repository, or a
shallow clone (CI checkouts fetch one commit unless told `fetch-depth: 0`).

The carnet's repository is the one whose root holds content/: a content folder nested deeper (test
fixtures, a copy) has no history of its own.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from carnet.model.frontmatter import decode, parse_yaml, split

PARIS = ZoneInfo("Europe/Paris")
TIMEOUT = 30
# Keys a reader never sees change: the date of the last check is shown, but a check that changes
# nothing else is not news (the letter counts those separately).
INVISIBLE_KEYS = frozenset({"verifiee_le"})
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLANK_LINES = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Version:
    """One committed version of a file."""

    commit: str
    when: datetime
    text: str


def _git(repo: Path, *args: str) -> str | None:
    """A git command's output, or None when git is missing or the command fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


@dataclass(frozen=True)
class History:
    """The git history of one carnet: its repository root and the content folder's path in it."""

    repo: Path
    content: str  # « content », relative to repo

    def path_of(self, rel_in_content: str) -> str:
        return f"{self.content}/{rel_in_content}"

    def text_at(self, rel_in_content: str, moment: datetime) -> str | None:
        """The file as committed at `moment` (None when it did not exist yet)."""
        path = self.path_of(rel_in_content)
        commit = (
            _git(self.repo, "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD", "--", path)
            or ""
        ).strip()
        if not commit:
            return None
        return _git(self.repo, "show", f"{commit}:{path}")

    def touched(self, start: datetime, end: datetime) -> set[str]:
        """Files of the content folder changed by commits between start and end (paths inside
        content/).
        """
        out = _git(
            self.repo,
            "log",
            f"--since={start.isoformat()}",
            f"--until={end.isoformat()}",
            "--name-only",
            "--format=",
            "--",
            self.content,
        )
        prefix = self.content + "/"
        return {line[len(prefix) :] for line in (out or "").splitlines() if line.startswith(prefix)}

    def versions(self, rel_in_content: str) -> list[Version]:
        """Every committed version of a file, oldest first (renames not followed: ids are file
        names).
        """
        path = self.path_of(rel_in_content)
        out = _git(self.repo, "log", "--reverse", "--format=%H %cI", "--", path) or ""
        found = []
        for line in out.splitlines():
            commit, _, stamp = line.partition(" ")
            text = _git(self.repo, "show", f"{commit}:{path}")
            if text is not None:
                found.append(Version(commit, datetime.fromisoformat(stamp), text))
        return found


def load_history(content_root: Path) -> History | None:
    """The carnet's history, or None when content_root is not the content folder of a full git
    clone.
    """
    root = content_root.resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != root.parent:
        return None
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return None
    return History(root.parent, root.name)


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The first instant of AAAA-MM and of the next month, in Paris time."""
    year, number = int(month[:4]), int(month[5:7])
    following = date(year + number // 12, number % 12 + 1, 1)
    return (
        datetime.combine(date(year, number, 1), time(0, 0), tzinfo=PARIS),
        datetime.combine(following, time(0, 0), tzinfo=PARIS),
    )


def read_front(text: str | None) -> tuple[dict, str] | None:
    """A file's front matter and body, or None when it cannot be read."""
    if text is None:
        return None
    decoded, _ = decode(text.encode("utf-8"), "historique")
    parts, _ = split(decoded, "historique") if decoded is not None else (None, [])
    if parts is None:
        return None
    parsed = parse_yaml(parts.front, "historique")
    return (
        (parsed.value, parts.body)
        if isinstance(parsed.value, dict) and not parsed.findings
        else None
    )


def visible(text: str | None) -> tuple | None:
    """What a reader sees of a file: its keys but the invisible ones, and its body without comments
    or spacing noise.
    """
    read = read_front(text)
    if read is None:
        return None
    meta, body = read
    shown = {key: value for key, value in meta.items() if key not in INVISIBLE_KEYS}
    lines = (line.rstrip() for line in _COMMENT.sub("", body).strip().split("\n"))
    return (
        json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str),
        _BLANK_LINES.sub("\n\n", "\n".join(lines)),
    )
