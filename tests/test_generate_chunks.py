"""``generate`` translates a chunk of listings at a time: what it writes, prints and exits with,
what it asks the engine, what it leaves in the translation memory and what its progress bar
counts are what they were when the whole catalogue was translated at once (the earlier code,
kept in held_translation.py), and it no longer holds every distinct text with its outcome."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from held_translation import held_run
from streamed import Peak, content, rows, write_csv
from test_translate_engine import FakeLibre

from listingkit.catalogue import Catalogue
from listingkit.commands.generate import _Progress
from listingkit.commands.state import State
from listingkit.generate import Generator
from listingkit.generate import run as generate_run
from listingkit.spool import BATCH
from listingkit.translate import Entry, Memory, TranslationService
from listingkit.translate.chunked import TranslationRun
from listingkit.translate.engine import Engine
from listingkit.translate.service import Outcome, Segment

FAILED = (400, {"Content-Type": "application/json"}, '{"error": "refused"}', 0.0)


class Script:
    """How the engine stand-in behaves, the same for every run it serves: ``[de] text``;
    the text echoed for the sturdy descriptions (rejected: untranslated) and nothing for the
    hot drinks bullet (rejected: empty); HTTP 400 (a failure, not retried) for the requests
    numbered in ``failing`` and from ``fail_from`` on. ``chunk`` is the chunk being
    translated when each request came (set by the test for the chunked runs)."""

    def __init__(self, failing: frozenset[int] = frozenset({8, 9, 10}),
                 fail_from: int | None = None) -> None:
        self.failing, self.fail_from = failing, fail_from
        self.requests: list[str] = []
        self.failed: list[int] = []
        self.chunk = 0
        self.chunks: list[int] = []

    def fault(self, text: str) -> Any:
        self.requests.append(text)
        self.chunks.append(self.chunk)
        number = len(self.requests)
        if number in self.failing or (self.fail_from is not None and number >= self.fail_from):
            self.failed.append(number)
            return FAILED
        return None

    @staticmethod
    def answer(text: str) -> str:
        if "sturdy" in text:
            return text
        if text.startswith("Keeps drinks hot"):
            return ""
        return f"[de] {text}"


@pytest.fixture
def libre() -> Iterator[FakeLibre]:
    fake = FakeLibre()
    yield fake
    fake.close()


@dataclass
class Outcomes:
    """All one ``generate`` run showed and left."""

    stderr: str
    exit_code: int
    written: Any
    memory: list[tuple[str, str, str, str | None, str]]
    requests: list[str]
    progress: list[tuple[int, int]]


def texts_of(path: Path) -> set[str]:
    """Every text ``generate -p amazon-de`` asks to translate for the catalogue at ``path``."""
    state = State()
    generator = Generator(state.marketplace("amazon-de"), "de", TranslationService(None),
                          language_check="off", config=state.config)
    return {seg.text for listing in Catalogue(path) for seg in generator.segments(listing)}


def fill(memory: Path, texts: set[str]) -> None:
    with Memory(memory) as tm:
        tm.put_many(Entry("en", "de", text, f"[de] {text}", "human") for text in texts)


def generate(run: Any, monkeypatch: pytest.MonkeyPatch, path: Path, memory: Path, out: Path,
             fake: FakeLibre | None, script: Script | None, held: bool) -> Outcomes:
    """``generate -p amazon-de`` with the earlier translation pass (``held``) or this one."""
    progress: list[tuple[int, int]] = []
    update = _Progress.update

    def recorded(self: _Progress, done: int, total: int) -> None:
        progress.append((done, total))
        update(self, done, total)

    outcomes = TranslationRun.outcomes

    def counted(self: TranslationRun, segments: Any) -> Any:
        if script:
            script.chunk += 1
        return outcomes(self, segments)

    if fake and script:
        fake.answer, fake.fault = script.answer, script.fault
    engine = ("--translator", "libre", "--translator-url", fake.url) if fake else ()
    out.write_bytes(b"EARLIER RUN")
    with monkeypatch.context() as patch:
        patch.setattr(_Progress, "update", recorded)
        patch.setattr(TranslationRun, "outcomes", counted)
        if held:
            patch.setattr(Generator, "run", held_run)
        result = run("generate", path, "-p", "amazon-de", "--memory", memory,
                     "--language-check", "off", *engine, "-o", out)
    with Memory(memory) as tm:
        rows_left = [(e.source_lang, e.target_lang, e.source_text, e.target_text, e.engine)
                     for e in tm.entries()]
    return Outcomes(result.stderr, result.exit_code, content(out), rows_left,
                    list(script.requests) if script else [], progress)


def both(run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, path: Path,
         fake: FakeLibre | None, script: Any) -> tuple[Outcomes, Outcomes]:
    """The earlier pass and this one, each from a copy of the memory at tmp_path/tm.sqlite
    (made empty when absent) and with a fresh ``script()``."""
    tm = tmp_path / "tm.sqlite"
    Memory(tm).close()
    shutil.copy(tm, tmp_path / "tm-held.sqlite")
    shutil.copy(tm, tmp_path / "tm-chunked.sqlite")
    out = tmp_path / "out.txt"
    held = generate(run, monkeypatch, path, tmp_path / "tm-held.sqlite", out, fake,
                    script() if fake else None, held=True)
    chunked = generate(run, monkeypatch, path, tmp_path / "tm-chunked.sqlite", out, fake,
                       script() if fake else None, held=False)
    return held, chunked


def summary(stderr: str) -> dict[str, int]:
    """The per-status counts of the summary line (its last line)."""
    counts = stderr.splitlines()[-1].rsplit("translations: ", 1)[1].split(";")[0]
    return {status: int(n) for n, status in (part.split(" ", 1) for part in counts.split(", "))}


def same(held: Outcomes, chunked: Outcomes) -> None:
    assert chunked.stderr == held.stderr
    assert chunked.written == held.written
    assert chunked.exit_code == held.exit_code
    assert chunked.memory == held.memory
    assert chunked.requests == held.requests


@pytest.mark.parametrize("chunk", [3, generate_run.CHUNK])
def test_no_engine_and_an_empty_memory(run, tmp_path: Path, monkeypatch, chunk: int) -> None:
    """Every text pending (and stored so), each counted once though most recur across the
    chunks; nothing written; no progress shown."""
    monkeypatch.setattr(generate_run, "CHUNK", chunk)
    path = write_csv(tmp_path / "in.csv", rows(60))
    held, chunked = both(run, monkeypatch, tmp_path, path, None, None)
    same(held, chunked)
    distinct = len(texts_of(path))
    assert f"translations: {distinct} pending; 0 engine calls" in held.stderr
    assert len(held.memory) == distinct and held.exit_code == 1
    assert chunked.progress == []


@pytest.mark.parametrize("engine", [False, True])
def test_every_text_in_the_memory(run, tmp_path: Path, monkeypatch, libre: FakeLibre,
                                  engine: bool) -> None:
    """Served from the memory, chunk after chunk: the same file, no call, no progress bar."""
    monkeypatch.setattr(generate_run, "CHUNK", 3)
    path = write_csv(tmp_path / "in.csv", rows(60))
    fill(tmp_path / "tm.sqlite", texts_of(path))
    held, chunked = both(run, monkeypatch, tmp_path, path, libre if engine else None, Script)
    same(held, chunked)
    assert f"translations: {len(texts_of(path))} memory; 0 engine calls" in held.stderr
    assert held.requests == [] and "translation-" not in held.stderr
    assert int(held.stderr.rsplit("wrote ", 1)[1].split()[0]) > 40  # (others: rules)
    assert "translating" not in chunked.stderr


def chunk_layout(run: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, path: Path,
                 fake: FakeLibre) -> list[int]:
    """The chunk each engine request is made in, by a run whose engine never fails."""
    Memory(tmp_path / "tm.sqlite").close()  # (made when absent)
    shutil.copy(tmp_path / "tm.sqlite", tmp_path / "tm-layout.sqlite")
    script = Script()
    generate(run, monkeypatch, path, tmp_path / "tm-layout.sqlite", tmp_path / "layout.txt",
             fake, script, held=False)
    return script.chunks


@pytest.mark.parametrize("chunk", [1, 3, generate_run.CHUNK])
def test_an_engine_that_translates_rejects_and_fails(run, tmp_path: Path, monkeypatch,
                                                     libre: FakeLibre, chunk: int) -> None:
    """Some texts in the memory, the others to the engine: translated, rejected (echoed,
    empty), failed three times in a row (then on again), then failing five times in a row
    across two chunks, after which the rest is "not tried". Same file, findings, summary,
    calls in the same order, memory rows and progress bar."""
    monkeypatch.setattr(generate_run, "CHUNK", chunk)
    cells = rows(60)
    path = write_csv(tmp_path / "in.csv", cells)
    # in the memory: the texts of the first 15 SKUs that no other SKU has
    fill(tmp_path / "tm.sqlite", {t for t in texts_of(write_csv(tmp_path / "some.csv",
                                                               cells[:15]))
                                  if sum(t in row for row in cells) == 1})
    chunks = chunk_layout(run, monkeypatch, tmp_path, path, libre)
    # the failures that stop the engine start two requests before a chunk's first
    first = next(n for n in range(30, len(chunks)) if chunks[n] != chunks[n - 1]) + 1

    scripts: list[Script] = []

    def script() -> Script:
        scripts.append(Script(fail_from=first - 2))
        return scripts[-1]

    held, chunked = both(run, monkeypatch, tmp_path, path, libre, script)
    same(held, chunked)
    assert held.progress and chunked.progress
    assert {t for _, t in chunked.progress} == {t for _, t in held.progress}
    assert sum(d for d, _ in chunked.progress) == sum(d for d, _ in held.progress)
    counts = summary(chunked.stderr)
    assert {"machine", "memory", "pending", "rejected"} <= set(counts)
    # (what the test reaches: failures in a row that did not stop the engine, then five
    # that did, spread over two chunks; texts recurring across chunks sent once)
    failed = scripts[1].failed
    assert failed[:3] == [8, 9, 10] and failed[3:] == list(range(first - 2, first + 3))
    assert len({scripts[1].chunks[n - 1] for n in failed[3:]}) >= 2
    assert len(chunked.requests) == len(set(chunked.requests)) == first + 2
    assert f"; {first + 2} engine calls" in chunked.stderr
    answered = [q for n, q in enumerate(chunked.requests, 1) if n not in failed]
    translated = [q for q in answered if Script.answer(q) not in ("", q)]
    assert counts["machine"] == len(translated)
    assert counts["rejected"] == len(answered) - len(translated) > 0
    assert "not tried: the engine failed 5 times in a row" in chunked.stderr
    # (texts sent once that recur in later chunks, translated and rejected ones)
    spread = {q: {i // chunk for i, row in enumerate(cells) if q in row} for q in answered}
    assert any(len(spread[q]) > 1 for q in translated)
    assert any(len(spread[q]) > 1 for q in answered if q not in translated)


def test_without_a_memory_outcomes_are_kept(tmp_path: Path, libre: FakeLibre,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An API use with no memory: translations cannot be read back, so they are kept; the
    results, statistics and calls are the earlier ones'."""
    monkeypatch.setattr(generate_run, "CHUNK", 3)
    path = write_csv(tmp_path / "in.csv", rows(40))
    state = State()

    def results(held: bool) -> tuple[list[Any], dict[str, int], list[str]]:
        script = Script()
        libre.answer, libre.fault = script.answer, script.fault
        service = TranslationService(None, lambda s, t: Engine("libre", s, t, url=libre.url))
        generator = Generator(state.marketplace("amazon-de"), "de", service,
                              language_check="off", config=state.config)
        made = (held_run(generator, Catalogue(path)) if held else
                generator.run(Catalogue(path)))
        return ([(r.listing, r.findings) for r in made], service.stats.counts,
                script.requests)

    held, chunked = results(True), results(False)
    assert chunked == held
    assert held[1]["machine"] > 20


def test_a_translation_the_memory_refuses_is_kept(tmp_path: Path, libre: FakeLibre,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``human`` row without a translation is never replaced by a machine one: the engine's
    translation of a bullet in it cannot be read back from the memory, so it is kept, and the
    bullet renders translated wherever it recurs, as before."""
    monkeypatch.setattr(generate_run, "CHUNK", 3)
    cells = rows(40)
    for row in cells[::4]:
        row[3] = "+ dishwasher safe"
    path = write_csv(tmp_path / "in.csv", cells)
    state = State()

    def results(held: bool) -> tuple[list[Any], dict[str, int], list[str]]:
        memory = Memory(tmp_path / f"tm-{held}.sqlite")
        memory.put(Entry("en", "de", "+ dishwasher safe", None, "human"))
        script = Script(failing=frozenset())
        libre.answer, libre.fault = script.answer, script.fault
        service = TranslationService(memory, lambda s, t: Engine("libre", s, t, url=libre.url))
        generator = Generator(state.marketplace("amazon-de"), "de", service,
                              language_check="off", config=state.config)
        made = (held_run(generator, Catalogue(path)) if held else
                generator.run(Catalogue(path)))
        got = [(r.listing, r.findings) for r in made]
        assert memory.get("en", "de", "+ dishwasher safe") is None
        memory.close()
        return got, service.stats.counts, script.requests

    held, chunked = results(True), results(False)
    assert chunked == held
    bullets = [listing.bullets for listing, _ in held[0]]
    assert sum("[de] + dishwasher safe" in b for b in bullets) >= 10


def test_only_a_chunks_outcomes_are_held(run, tmp_path: Path, monkeypatch) -> None:
    """Counted while SKUs are generated: the outcomes and segments alive are a chunk's and a
    few shared ones, not one per distinct text of the catalogue's 400 SKUs (about 900)."""
    monkeypatch.setattr(generate_run, "CHUNK", 3)
    path = write_csv(tmp_path / "in.csv", rows(400))
    fill(tmp_path / "tm.sqlite", texts_of(write_csv(tmp_path / "some.csv", rows(200))))
    alive = {"most": 0, "calls": 0}
    generate_one = Generator._made  # (each SKU's templates rendered)

    def counted(self: Generator, listing: Any, outcomes: Any) -> Any:
        import gc

        alive["calls"] += 1
        if alive["calls"] % 20 == 0:
            gc.collect()
            held = sum(1 for item in gc.get_objects() if type(item) in (Outcome, Segment))
            alive["most"] = max(alive["most"], held)
        return generate_one(self, listing, outcomes)

    monkeypatch.setattr(Generator, "_made", counted)
    result = run("generate", path, "-p", "amazon-de", "--memory", tmp_path / "tm.sqlite",
                 "--language-check", "off", "-o", tmp_path / "out.txt")
    assert "of 400 SKUs" in result.stderr and alive["calls"] == 400
    counts = summary(result.stderr)  # (each distinct text's outcome was held before)
    assert counts["pending"] > 400 and sum(counts.values()) > 800
    assert alive["most"] < 60, alive["most"]


def test_an_engine_run_streams_the_catalogue(run, tmp_path: Path, monkeypatch,
                                             libre: FakeLibre) -> None:
    """With an engine, the pass that counts its work reads the catalogue as a stream too."""
    path = write_csv(tmp_path / "in.csv", rows(400))
    script = Script(failing=frozenset())
    libre.answer, libre.fault = script.answer, script.fault
    peak = Peak()
    peak.wrap(monkeypatch, Generator, "_made")  # (each SKU's templates rendered)
    peak.wrap(monkeypatch, Generator, "segments")
    result = run("generate", path, "-p", "amazon-de", "--memory", tmp_path / "tm.sqlite",
                 "--language-check", "off", "--translator", "libre", "--translator-url",
                 libre.url, "-o", tmp_path / "out.txt")
    assert "of 400 SKUs" in result.stderr and len(script.requests) > 400
    assert peak.calls >= 800
    assert peak.most < generate_run.CHUNK + BATCH + 30, peak.most


def test_one_text_in_two_unicode_forms(tmp_path: Path) -> None:
    """The one known difference (README, Unreleased): the memory keeps one entry for a text's
    NFC and NFD forms, and ``lookup_many`` answers for only one of two such texts asked
    together. In one chunk both forms fare as before (the earlier one pending though the
    memory holds the text); in different chunks each lookup sees one form, and both are
    served from the memory."""
    import unicodedata

    from held_translation import held_translate

    composed = "Café crème travel mug"
    decomposed = unicodedata.normalize("NFD", composed)

    def outcomes(chunks: list[list[str]], held: bool) -> list[str]:
        memory = Memory(tmp_path / f"tm-{len(chunks)}-{held}.sqlite")
        memory.put(Entry("en", "de", composed, "Kaffeebecher", "human"))
        service = TranslationService(memory)
        segments = [[Segment(text, "en", "de") for text in chunk] for chunk in chunks]
        if held:
            got = held_translate(service, [seg for chunk in segments for seg in chunk])
        else:
            translation = service.chunked()
            got = {k: v for chunk in segments for k, v in translation.outcomes(chunk).items()}
        memory.close()
        return [got[("en", "de", text)].status for text in (composed, decomposed)]

    assert outcomes([[composed, decomposed]], held=True) == ["pending", "memory"]
    assert outcomes([[composed, decomposed]], held=False) == ["pending", "memory"]
    assert outcomes([[composed], [decomposed]], held=True) == ["pending", "memory"]
    assert outcomes([[composed], [decomposed]], held=False) == ["memory", "memory"]


@pytest.mark.parametrize("engine", [False, True])
def test_a_row_that_cannot_be_read_leaves_the_memory_as_it_was(run, tmp_path: Path,
                                                              libre: FakeLibre,
                                                              engine: bool) -> None:
    """The memory is written a chunk at a time (pending texts, the engine's translations):
    the whole catalogue is read through first (without an engine a plain read, with one the
    progress bar's counting pass), so a bad row near the end stops the run with nothing
    written, as when the translation pass read every listing before the first lookup."""
    path = write_csv(tmp_path / "c.csv", rows(120))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("SKU-X,Acme Mug,Acme,one cell too many,,,,,,,\n")
    memory, out = tmp_path / "tm.sqlite", tmp_path / "out.txt"
    args = ("--translator", "libre", "--translator-url", libre.url) if engine else ()
    result = run("generate", path, "-p", "amazon-de", "--memory", memory,
                 "--language-check", "off", *args, "-o", out)
    assert result.exit_code == 2 and "ragged row" in result.stderr
    assert not out.exists()
    if memory.exists():
        with Memory(memory) as tm:
            assert list(tm.entries()) == []


def test_the_self_check_runs_over_a_chunk_as_it_ran_sku_by_sku(run, tmp_path: Path,
                                                              monkeypatch) -> None:
    """check's rules check a chunk's generated SKUs at once (those with nothing pending):
    what is written and printed is what checking them one by one gave (a chunk of one), and
    the rules ran over whole chunks, not a SKU at a time."""
    from listingkit import lint

    path = write_csv(tmp_path / "in.csv", rows(120))
    fill(tmp_path / "tm.sqlite", texts_of(path))  # (every text known: all are checked)
    sizes: list[int] = []
    check_rows = lint.Runner.check_rows

    def counted(self: Any, items: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(items))
        return check_rows(self, items, *args, **kwargs)

    monkeypatch.setattr(lint.Runner, "check_rows", counted)
    seen, full = [], generate_run.CHUNK
    for size in (full, 1):
        monkeypatch.setattr(generate_run, "CHUNK", size)
        shutil.copy(tmp_path / "tm.sqlite", tmp_path / "run.sqlite")
        sizes.clear()
        result = run("generate", path, "-p", "amazon-de", "--memory", tmp_path / "run.sqlite",
                     "--language-check", "off", "-o", tmp_path / "out.txt")
        seen.append((result.exit_code, result.stdout, result.stderr,
                     (tmp_path / "out.txt").read_bytes(), max(sizes), len(sizes)))
    chunked, one_by_one = seen
    assert chunked[:4] == one_by_one[:4]
    assert ": error: " in chunked[2] or ": warning: " in chunked[2]  # (findings to compare)
    assert chunked[4] == full and one_by_one[4] == 1
    assert chunked[5] * 20 < one_by_one[5]
