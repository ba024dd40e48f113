"""The SQLite translation memory: precedence, exchange as TMX/CSV, concurrent writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from listingkit.errors import InputError
from listingkit.translate.exchange import export_csv, export_tmx, import_file
from listingkit.translate.memory import Entry, Memory


def test_lookup_and_precedence(tmp_path: Path) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put(Entry("en", "de", "red mug", None, "pending"))
        assert tm.get("en", "de", "red mug") is None  # pending is not a translation
        tm.put(Entry("en", "de", "red mug", "roter Becher", "libre"))
        assert tm.get("en", "de", "red mug").target_text == "roter Becher"
        tm.put(Entry("en", "de", "red mug", "Becher in Rot", "human"))
        tm.put(Entry("en", "de", "red mug", "roter Becher", "deepl"))  # machine never wins
        tm.put(Entry("en", "de", "red mug", None, "pending"))  # nor does pending
        entry = tm.get("en", "de", "red mug")
        assert (entry.target_text, entry.engine) == ("Becher in Rot", "human")
        assert tm.lookup_many("en", "de", ["red mug", "blue mug"]) == {"red mug": "Becher in Rot"}
        assert tm.get("en", "fr", "red mug") is None


def test_same_text_in_two_unicode_forms_is_one_entry(tmp_path: Path) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put(Entry("en", "de", "Caf\u00e9 mug", "Caf\u00e9-Becher", "human"))
        assert tm.get("en", "de", "Cafe\u0301 mug") is not None
        assert tm.count() == 1


def test_tmx_round_trip(tmp_path: Path) -> None:
    src, dst = Memory(tmp_path / "a.sqlite"), Memory(tmp_path / "b.sqlite")
    src.put_many([Entry("en", "de", "red mug", "roter Becher", "libre"),
                  Entry("en", "ja", "red mug & lid <2>", "赤いマグ", "human"),
                  Entry("en", "fr", "blue mug", None, "pending")])
    assert export_tmx(src.entries(), tmp_path / "out.tmx", "en") == 3
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert '<tuv xml:lang="ja">' in text and "red mug &amp; lid &lt;2&gt;" in text
    imported = list(import_file(tmp_path / "out.tmx"))
    assert len(imported) == 2  # the pending one has no target to import
    dst.put_many(imported)
    assert dst.get("en", "ja", "red mug & lid <2>").target_text == "赤いマグ"
    assert dst.get("en", "de", "red mug").engine == "human"  # reviewed on import
    src.close()
    dst.close()


def test_csv_round_trip_escapes_formulas(tmp_path: Path) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put(Entry("en", "de", "=HYPERLINK(\"x\")", "-5% off", "libre"))
        export_csv(tm.entries(), tmp_path / "tm.csv")
    raw = (tmp_path / "tm.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw and "'-5% off" in raw
    (entry,) = import_file(tmp_path / "tm.csv")
    assert (entry.source_text, entry.target_text) == ("=HYPERLINK(\"x\")", "-5% off")


def test_import_rejects_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        list(import_file(bad))
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;">]><tmx><body><tu><tuv xml:lang="en"><seg>&b;'
                    '</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="not valid TMX"):
        list(import_file(bomb))
    with pytest.raises(InputError, match=r"use a \.tmx or \.csv"):
        list(import_file(bomb.rename(tmp_path / "bomb.xml")))


def _writer(path: str, worker: int, count: int) -> None:
    tm = Memory(path)
    for i in range(count):
        tm.put(Entry("en", "de", f"text {worker}-{i}", f"Text {worker}-{i}", "libre"))
        tm.put(Entry("en", "de", "shared", f"from {worker}", "libre"))
    tm.close()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "tm.sqlite")
    Memory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 150)) for w in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM tm").fetchone()[0] == 301
    db.close()


def _opener(path: str, start: Any, results: Any) -> None:
    start.wait()  # every process opens the new file at the same moment
    try:
        Memory(path).close()
        results.put("ok")
    except InputError as exc:
        results.put(str(exc))


def test_runs_that_open_one_new_memory_at_once_all_open_it(tmp_path: Path) -> None:
    """Switching a new file to WAL and creating the table can fail at once with "database is
    locked" (SQLite does not wait where waiting could deadlock): 4 processes opening one new
    memory together failed about one open in twenty before opening was retried."""
    ctx = multiprocessing.get_context("fork")
    outcomes = []
    for trial in range(60):
        path, start, results = str(tmp_path / f"tm{trial}.sqlite"), ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_opener, args=(path, start, results)) for _ in range(4)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(60)
        outcomes += [results.get(timeout=10) for _ in procs]
    assert outcomes == ["ok"] * 240


def test_cli_export_import_stats(run: Any, tmp_path: Path) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put_many([Entry("en", "de", "red mug", None, "pending"),
                     Entry("en", "de", "blue mug", "blauer Becher", "libre")])
    mem = ("--memory", tmp_path / "tm.sqlite")
    result = run("tm", "export", tmp_path / "todo.csv", "--pending", *mem)
    assert result.exit_code == 0 and "exported 1 segment" in result.stderr
    todo = (tmp_path / "todo.csv").read_text(encoding="utf-8")
    (tmp_path / "todo.csv").write_text(todo.replace("red mug,,", "red mug,roter Becher,"),
                                       encoding="utf-8")
    result = run("tm", "import", tmp_path / "todo.csv", *mem)
    assert "imported 1 of 1" in result.stderr
    result = run("tm", "stats", *mem)
    assert "en->de: 1 human, 1 machine, 0 pending" in result.stdout
    result = run("tm", "export", tmp_path / "x.xlsx", *mem)
    assert result.exit_code == 2 and "use a .tmx or .csv" in result.stderr


def _reviewed(tmp_path: Path) -> Path:
    path = tmp_path / "reviewed.csv"
    path.write_text("source_lang,target_lang,source,target\nen,de,red mug,roter Becher\n",
                    encoding="utf-8")
    return path


def test_default_location_is_beside_the_config(run: Any, tmp_path: Path) -> None:
    (tmp_path / "listingkit.toml").write_text('[translate]\nmemory = "work/memory.db"\n')
    assert run("tm", "import", _reviewed(tmp_path)).exit_code == 0
    assert (tmp_path / "work" / "memory.db").is_file()
    assert run("tm", "stats").stdout.endswith("en->de: 1 human, 0 machine, 0 pending\n")
    (tmp_path / "listingkit.toml").unlink()
    run("tm", "import", _reviewed(tmp_path))
    assert (tmp_path / ".listingkit" / "tm.sqlite").is_file()


def test_reading_a_missing_memory_creates_nothing(run: Any, tmp_path: Path) -> None:
    for args in (("stats",), ("export", tmp_path / "out.csv")):
        result = run("tm", *args, "--memory", tmp_path / "typo" / "tm.sqlite")
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and "tm.sqlite: no translation memory here" \
            in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert run("tm", "stats").exit_code == 2  # (the default location, not there yet)
    assert not (tmp_path / ".listingkit").exists()


def test_import_of_a_file_that_is_not_tmx_is_refused(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "page.tmx"
    page.write_text("<html><body>hi</body></html>\n", encoding="utf-8")
    result = run("tm", "import", page, "--memory", tmp_path / "tm.sqlite")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {page}: not a TMX file: its root element is <html>, "
                             "not <tmx>\n")
    assert not (tmp_path / "tm.sqlite").exists()  # (nothing read, no memory made)


class _Stop(Exception):
    pass


def _stop(*_: object) -> None:
    raise _Stop


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGUSR1"), reason="POSIX signals")
def test_a_signal_ends_the_wait_for_another_writer_at_once(tmp_path: Path) -> None:
    """A write waits for another run's transaction (busy timeout, 30 s). SQLite waited in C,
    where Python runs no signal handler: Ctrl-C or SIGTERM during `tm import` or `generate`
    took effect only when the whole timeout had passed. The wait is now in short steps."""
    import os
    import signal
    import threading
    import time

    path = tmp_path / "tm.sqlite"
    Memory(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run, writing
    old = signal.signal(signal.SIGUSR1, _stop)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        with Memory(path, busy_timeout=30.0) as tm:
            started = time.monotonic()
            timer.start()
            with pytest.raises(_Stop):
                tm.put(Entry("en", "de", "red mug", "roter Becher", "human"))
            assert time.monotonic() - started < 10
        holder.execute("ROLLBACK")
        with Memory(path, busy_timeout=30.0) as tm:  # (the wait left nothing behind)
            tm.put(Entry("en", "de", "red mug", "roter Becher", "human"))
            assert tm.count() == 1
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, old)
        holder.close()
