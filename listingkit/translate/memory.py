"""The translation memory: SQLite, one row per (source language, target language, source text).

Repeat runs are served from it without a single call. Rows carry who produced them: ``human``
(imported after review; never overwritten by a machine), an engine name (machine translation),
or ``pending`` (no translation yet: exported for a translator, then imported back).

Two runs may share one memory: the database is in WAL mode with a busy timeout, and every
write is one short transaction, so concurrent writers wait for each other instead of failing
or corrupting the file; runs that open a new memory at the same moment retry (see _open).

Default location: config ``translate.memory``, else ``.listingkit/tm.sqlite`` beside the config
file (or in the working directory when there is no config).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from listingkit.errors import InputError

HUMAN = "human"
PENDING = "pending"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS tm (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source_text TEXT NOT NULL,
    target_text TEXT,
    engine TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source_hash)
) WITHOUT ROWID;
"""


def text_hash(text: str) -> str:
    """SHA-256 of the NFC form: the same text typed two ways is one entry."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    """One memory row."""

    source_lang: str
    target_lang: str
    source_text: str
    target_text: str | None
    engine: str
    updated: str = ""


#: the longest one wait for another run's write lasts inside SQLite, whose C code runs no
#: Python signal handler: Ctrl-C and SIGTERM are seen between two such waits
WAIT_STEP = 0.1


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _open(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection to the memory at ``path``, in WAL mode with its table.

    Runs that open one new memory at the same moment can get "database is locked" at once:
    switching to WAL and creating the table need locks SQLite does not wait for where waiting
    could deadlock, so the busy timeout does not apply. Opening is retried, with growing
    pauses, until the busy timeout has passed."""
    deadline = time.monotonic() + busy_timeout
    pause = 0.01
    while True:
        db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if not _busy(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class Memory:
    """A translation memory file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, busy_timeout: float = 30.0, create: bool = True
                 ) -> None:
        """Open the memory at ``path``; ``create=False`` (for commands that only read it)
        refuses a missing one instead of creating it and its folders."""
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        if not create and not self.path.is_file():
            raise InputError(f"{self.path}: no translation memory here (file not found); "
                             "`listingkit tm import` or `listingkit generate` creates one")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _open(self.path, busy_timeout)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"{self.path}: cannot open translation memory: {exc}") from None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, source_lang: str, target_lang: str, text: str) -> Entry | None:
        """The usable translation of ``text`` (pending rows are not translations)."""
        row = self._db.execute(
            "SELECT source_text, target_text, engine, updated FROM tm WHERE source_lang = ? "
            "AND target_lang = ? AND source_hash = ? AND target_text IS NOT NULL",
            (source_lang, target_lang, text_hash(text))).fetchone()
        if row is None:
            return None
        return Entry(source_lang, target_lang, row[0], row[1], row[2], row[3])

    def lookup_many(self, source_lang: str, target_lang: str,
                    texts: Iterable[str]) -> dict[str, str]:
        """source text -> translation for every text the memory knows, in one query per 500."""
        wanted = {text_hash(t): t for t in texts}
        found: dict[str, str] = {}
        hashes = list(wanted)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for digest, target in self._db.execute(
                    f"SELECT source_hash, target_text FROM tm WHERE source_lang = ? AND "
                    f"target_lang = ? AND target_text IS NOT NULL AND source_hash IN ({marks})",
                    (source_lang, target_lang, *chunk)):
                found[wanted[digest]] = target
        return found

    def put_many(self, entries: Iterable[Entry]) -> int:
        """Store entries in one transaction. A machine or pending row never replaces a human
        one, and a pending row never replaces a translation. Returns rows written."""
        rows = [(e.source_lang, e.target_lang, text_hash(e.source_text), e.source_text,
                 e.target_text, e.engine, e.updated or _now()) for e in entries]
        if not rows:
            return 0
        try:
            self._begin_write()
            before = self._db.total_changes
            self._db.executemany(
                "INSERT INTO tm VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source_lang, target_lang, source_hash) DO UPDATE SET "
                "target_text = excluded.target_text, engine = excluded.engine, "
                "updated = excluded.updated "
                "WHERE (excluded.engine = 'human' OR tm.engine != 'human') "
                "AND (excluded.target_text IS NOT NULL OR tm.target_text IS NULL)",
                rows)
            written = self._db.total_changes - before
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise InputError(f"{self.path}: cannot write translation memory: {exc}") from None
        return written

    def _begin_write(self) -> None:
        """BEGIN IMMEDIATE: wait for another run's write up to the busy timeout, in steps of
        :data:`WAIT_STEP`, so that Ctrl-C or SIGTERM ends the wait at once (SQLite's own
        wait, all in C, held them off for the whole busy timeout)."""
        deadline = time.monotonic() + self.busy_timeout
        self._db.execute(f"PRAGMA busy_timeout = {int(WAIT_STEP * 1000)}")
        try:
            while True:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _busy(exc) or time.monotonic() >= deadline:
                        raise
                time.sleep(0.001)  # (a signal's handler runs here)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def put(self, entry: Entry) -> None:
        self.put_many([entry])

    def entries(self, source_lang: str | None = None, target_lang: str | None = None,
                pending: bool | None = None) -> Iterator[Entry]:
        """Rows in a stable order, optionally filtered by languages and by pending state."""
        sql = "SELECT source_lang, target_lang, source_text, target_text, engine, updated FROM tm"
        where, args = [], []
        if source_lang:
            where.append("source_lang = ?")
            args.append(source_lang)
        if target_lang:
            where.append("target_lang = ?")
            args.append(target_lang)
        if pending is not None:
            where.append("target_text IS NULL" if pending else "target_text IS NOT NULL")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY source_lang, target_lang, source_text"
        for row in self._db.execute(sql, args):
            yield Entry(*row)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM tm").fetchone()[0])


def default_path(config: object) -> Path:
    """Config ``translate.memory``, else ``.listingkit/tm.sqlite`` beside the config/cwd."""
    configured = config.get("translate.memory")  # type: ignore[attr-defined]
    if configured:
        return config.resolve(configured)  # type: ignore[attr-defined,no-any-return]
    return config.root / ".listingkit" / "tm.sqlite"  # type: ignore[attr-defined,no-any-return]
