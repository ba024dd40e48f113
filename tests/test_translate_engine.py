"""The real deep-translator LibreTranslator against a LibreTranslate-compatible server on
127.0.0.1, including the faults real services produce."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from listingkit.translate import Glossary, Memory, Segment, TranslationService
from listingkit.translate.engine import Engine, EngineError, retry_after

GERMAN = {
    "insulated travel mug with lid": "isolierter Reisebecher mit Deckel",
    "keeps drinks hot for 6 hours": "hält Getränke 6 Stunden lang heiß",
    "A stainless steel mug for the commute.": "Ein Edelstahlbecher für den Arbeitsweg.",
    "coffee cup thermos": "Kaffeebecher Thermobecher",
    "the ⟦0⟧ ⟦1⟧ charger with a 1.5 m cable": "das ⟦0⟧ ⟦1⟧ Ladegerät mit 1,5 m Kabel",
}


class FakeLibre:
    """A LibreTranslate-compatible ``POST /translate``; ``script`` lists faults to serve first
    (status, headers, body, delay); after that it translates from GERMAN."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str], str, float]] = []
        self.requests: list[dict[str, Any]] = []
        self.answer: Any = None  # a function q -> reply text, overriding GERMAN
        #: a function q -> a fault (status, headers, body, delay) to serve, or None to answer
        self.fault: Any = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    query.update({k: v[0] for k, v in parse_qs(
                        self.rfile.read(length).decode()).items()})
                fake.requests.append({"path": urlparse(self.path).path, **query})
                fault = fake.fault(query.get("q", "")) if fake.fault else None
                if fake.script or fault:
                    status, headers, body, delay = fake.script.pop(0) if fake.script else fault
                    time.sleep(delay)
                else:
                    text = query.get("q", "")
                    reply = fake.answer(text) if fake.answer else GERMAN.get(text, "?" + text)
                    status, headers, body = 200, {"Content-Type": "application/json"}, \
                        json.dumps({"translatedText": reply})
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body.encode())))
                    self.end_headers()
                    self.wfile.write(body.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def libre() -> Iterator[FakeLibre]:
    fake = FakeLibre()
    yield fake
    fake.close()


def engine(fake: FakeLibre, **kw: Any) -> Engine:
    sleeps: list[float] = []
    kw.setdefault("timeout", 2.0)
    made = Engine("libre", "en", "de", url=fake.url, sleep=sleeps.append, **kw)
    return made


def test_real_client_translates_through_local_server(libre: FakeLibre) -> None:
    assert engine(libre).translate("insulated travel mug with lid") == \
        "isolierter Reisebecher mit Deckel"
    sent = libre.requests[0]
    assert sent["path"] == "/translate"
    assert (sent["q"], sent["source"], sent["target"], sent["format"]) == \
        ("insulated travel mug with lid", "en", "de", "text")


def test_429_with_retry_after_is_honoured(libre: FakeLibre) -> None:
    libre.script.append((429, {"Retry-After": "7"}, '{"error": "slow down"}', 0))
    eng = engine(libre)
    assert eng.translate("coffee cup thermos") == "Kaffeebecher Thermobecher"
    assert eng.waits == [7.0]
    assert len(libre.requests) == 2


def test_retry_after_as_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
    assert retry_after("Mon, 23 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("soon", now) is None


def test_500_is_retried_with_exponential_backoff(libre: FakeLibre) -> None:
    libre.script += [(500, {}, "boom", 0), (503, {}, "busy", 0)]
    eng = engine(libre, backoff=0.5)
    assert eng.translate("coffee cup thermos") == "Kaffeebecher Thermobecher"
    assert len(eng.waits) == 2
    assert 0.5 <= eng.waits[0] <= 0.625 and 1.0 <= eng.waits[1] <= 1.25


def test_attempts_are_capped(libre: FakeLibre) -> None:
    libre.script += [(500, {}, "boom", 0)] * 5
    eng = engine(libre, retries=2)
    with pytest.raises(EngineError, match="gave up after 3 attempts"):
        eng.translate("coffee cup thermos")
    assert len(libre.requests) == 3


def test_retry_after_longer_than_max_wait_gives_up(libre: FakeLibre) -> None:
    libre.script.append((429, {"Retry-After": "3600"}, "{}", 0))
    with pytest.raises(EngineError, match="asks to wait 3600s"):
        engine(libre, max_wait=60).translate("coffee cup thermos")
    assert len(libre.requests) == 1


def test_reply_slower_than_timeout_is_cut_off(libre: FakeLibre) -> None:
    libre.script += [(200, {"Content-Type": "application/json"}, "{}", 1.5)] * 2
    eng = engine(libre, timeout=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"no reply within 0.3s"):
        eng.translate("coffee cup thermos")
    assert time.monotonic() - started < 1.4  # two attempts of 0.3 s, not 2 x 1.5 s
    assert len(eng.waits) == 1


def test_html_error_page(libre: FakeLibre) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    libre.script.append((200, {"Content-Type": "text/html"}, page, 0))
    with pytest.raises(EngineError, match="HTML page instead of a translation") as err:
        engine(libre).translate("coffee cup thermos")
    assert not err.value.retryable
    libre.script.append((502, {"Content-Type": "text/html"}, page, 0))
    assert engine(libre).translate("coffee cup thermos") == "Kaffeebecher Thermobecher"


def test_missing_key_and_unknown_engine_are_config_errors(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from listingkit.errors import ConfigError

    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="DEEPL_API_KEY"):
        Engine("deepl", "en", "de")
    with pytest.raises(ConfigError, match="did you mean 'deepl'"):
        Engine("deepel", "en", "de")


def service(fake: FakeLibre, tmp_path: Path) -> TranslationService:
    memory = Memory(tmp_path / "tm.sqlite")
    return TranslationService(memory, lambda s, t: engine(fake), Glossary(["Acme"]))


def _run(svc: TranslationService, *texts: str) -> dict[str, Any]:
    out = svc.translate([Segment(t, "en", "de") for t in texts])
    return {k[2]: v for k, v in out.items()}


def test_glossary_placeholders_survive_and_are_restored(libre: FakeLibre, tmp_path: Path
                                                        ) -> None:
    svc = service(libre, tmp_path)
    got = _run(svc, "the Acme XR-200 charger with a 1.5 m cable")
    assert got["the Acme XR-200 charger with a 1.5 m cable"].text == \
        "das Acme XR-200 Ladegerät mit 1,5 m Kabel"
    assert libre.requests[0]["q"] == "the ⟦0⟧ ⟦1⟧ charger with a 1.5 m cable"


@pytest.mark.parametrize("reply, reason", [
    ("das ⟦1⟧ Ladegerät mit 1,5 m Kabel", "'Acme' dropped"),
    ("das ⟦0⟧ ⟦0⟧ ⟦1⟧ Ladegerät mit 1,5 m Kabel", "'Acme' repeated 2 times"),
    ("das ⟦0⟧ ⟦1⟧ Ladegerät mit Kabel", "number '15' missing"),
    ("das ⟦0⟧ ⟦1⟧ Ladegerät mit 1,5 Zoll Kabel", "unit length-meter missing"),
    ("the ⟦0⟧ ⟦1⟧ charger with a 1.5 m cable", "returned the text untranslated"),
])
def test_bad_translations_are_rejected_and_left_pending(libre: FakeLibre, tmp_path: Path,
                                                        reply: str, reason: str) -> None:
    libre.answer = lambda q: reply
    svc = service(libre, tmp_path)
    outcome = _run(svc, "the Acme XR-200 charger with a 1.5 m cable")[
        "the Acme XR-200 charger with a 1.5 m cable"]
    assert outcome.status == "rejected" and outcome.text is None
    assert reason in outcome.reason
    pending = list(svc.memory.entries(pending=True))  # type: ignore[union-attr]
    assert [e.source_text for e in pending] == ["the Acme XR-200 charger with a 1.5 m cable"]


def test_repeat_runs_are_served_from_memory(libre: FakeLibre, tmp_path: Path) -> None:
    texts = ("insulated travel mug with lid", "keeps drinks hot for 6 hours")
    first = _run(service(libre, tmp_path), *texts)
    assert {o.status for o in first.values()} == {"machine"}
    calls = len(libre.requests)
    again = service(libre, tmp_path)
    second = _run(again, *texts)
    assert {o.status for o in second.values()} == {"memory"}
    assert len(libre.requests) == calls and again.stats.calls == 0
    assert second["insulated travel mug with lid"].text == "isolierter Reisebecher mit Deckel"


def test_engine_outage_stops_calling_after_a_few_failures(libre: FakeLibre, tmp_path: Path
                                                         ) -> None:
    libre.answer = None
    libre.script += [(500, {}, "down", 0)] * 100
    svc = TranslationService(Memory(tmp_path / "tm.sqlite"),
                             lambda s, t: engine(libre, retries=0), max_failures=2)
    got = _run(svc, *(f"sentence number {i} here" for i in range(10)))
    assert all(o.status == "pending" for o in got.values())
    assert len(libre.requests) == 2
    assert sum("not tried" in o.reason for o in got.values()) == 8


def test_generate_command_with_libre_engine(libre: FakeLibre, run: Any, write: Any,
                                            tmp_path: Path) -> None:
    libre.answer = lambda q: GERMAN.get(q, q)
    spec = write("de.toml", SPEC_DE)
    catalogue = write("in.csv", CATALOGUE)
    args = ("generate", catalogue, "--spec", spec, "-p", "test-de", "--translator", "libre",
            "--translator-url", libre.url, "--memory", tmp_path / "tm.sqlite", "-o")
    first = run(*args, tmp_path / "out.jsonl")
    assert first.exit_code == 0, first.stderr
    record = json.loads((tmp_path / "out.jsonl").read_text())
    assert record["title"] == "Acme isolierter Reisebecher mit Deckel, Marineblau, 2 Stück"
    assert record["bullets"] == ["Hält Getränke 6 Stunden lang heiß"]
    assert record["attributes"]["color"] == "Marineblau"
    assert "4 machine" in first.stderr
    calls = len(libre.requests)
    second = run(*args, tmp_path / "again.jsonl")
    assert second.exit_code == 0
    assert len(libre.requests) == calls and "0 engine calls" in second.stderr
    assert (tmp_path / "again.jsonl").read_text() == (tmp_path / "out.jsonl").read_text()


SPEC_DE = """
id = "test-de"
name = "Test store (DE)"
country = "DE"
upload_format = "generic"
language = { value = "de", source = "s" }
[sources.s]
url = "https://example.invalid"
title = "test"
kind = "official"
as_of = "2026-11-23"
[fields.title]
max_chars = { value = 80, source = "s" }
"""

CATALOGUE = (
    "sku,title,brand,bullet_1,description,search_terms,color,pack_count\n"
    "MUG-1,insulated travel mug with lid,Acme,keeps drinks hot for 6 hours,"
    "A stainless steel mug for the commute.,coffee cup thermos,navy,2\n")
