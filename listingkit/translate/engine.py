"""The machine-translation adapter over deep-translator, with the network manners it lacks.

deep-translator calls ``requests.get/post`` with no timeout and turns every failure into its own
exceptions, dropping the response (and so the ``Retry-After`` header). We give its module a
``requests`` stand-in whose ``get``/``post`` go through one pooled session with our timeout and
remember the last response; the translator classes themselves are used unchanged. Only the
engine modules we load are touched, not ``requests`` for the rest of the process.

Retries: 429, 5xx, timeouts and dropped connections are retried with exponential backoff
(``backoff * 2**attempt``, with jitter), honouring ``Retry-After`` (seconds or an HTTP date) up
to ``max_wait``; at most ``retries`` retries. Anything else fails at once with a reason.
"""

from __future__ import annotations

import importlib
import os
import random
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import ModuleType
from typing import Any

from listingkit.errors import ConfigError, suggest

#: engine name -> (deep-translator class, key argument, URL argument, default key variable)
ENGINES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "google": ("GoogleTranslator", None, None, None),
    "deepl": ("DeeplTranslator", "api_key", None, "DEEPL_API_KEY"),
    "microsoft": ("MicrosoftTranslator", "api_key", None, "MICROSOFT_API_KEY"),
    "libre": ("LibreTranslator", "api_key", "custom_url", "LIBRE_API_KEY"),
    "mymemory": ("MyMemoryTranslator", None, None, None),
    "yandex": ("YandexTranslator", "api_key", None, "YANDEX_API_KEY"),
}
_CODES = {"google": {"zh": "zh-CN"}, "mymemory": {"zh": "zh-CN"}}
_TIMEOUT: ContextVar[float] = ContextVar("listingkit_timeout", default=30.0)
_LAST: ContextVar[list[Any] | None] = ContextVar("listingkit_last_response", default=None)


class EngineError(Exception):
    """A segment the service did not translate, with the reason and whether to retry."""

    def __init__(self, reason: str, retryable: bool = False, retry_after: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status


class _TimedRequests(ModuleType):
    """Stands in for ``requests`` inside a deep-translator module: same API, our timeout."""

    def __init__(self, real: ModuleType) -> None:
        super().__init__("requests")
        self._real = real
        self._session = real.Session()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        kwargs["timeout"] = _TIMEOUT.get()
        response = self._session.request(method, url, **kwargs)
        seen = _LAST.get()
        if seen is not None:
            seen.append(response)
        return response

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)


def _engine_class(name: str) -> Any:
    import requests

    deep_translator = importlib.import_module("deep_translator")
    cls = getattr(deep_translator, ENGINES[name][0])
    module = sys.modules[cls.__module__]
    if not isinstance(getattr(module, "requests", None), _TimedRequests):
        module.requests = _TimedRequests(requests)  # type: ignore[attr-defined]
    return cls


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Engine:
    """One engine for one language pair: ``translate(text)`` or :class:`EngineError`."""

    def __init__(self, name: str, source: str, target: str, *, api_key_env: str | None = None,
                 url: str | None = None, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 0.5, max_wait: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if name not in ENGINES:
            raise ConfigError(f"unknown translation engine {name!r}{suggest(name, ENGINES)}; "
                              f"known: none, {', '.join(ENGINES)}")
        _cls, key_arg, url_arg, default_env = ENGINES[name]
        kwargs: dict[str, Any] = {}
        if key_arg:
            env = api_key_env or default_env
            key = os.environ.get(env or "", "")
            if not key and name != "libre":
                raise ConfigError(f"translation engine {name!r} needs an API key: set the "
                                  f"environment variable {env} (or translate.api_key_env)")
            kwargs[key_arg] = key or "no-key"  # LibreTranslate servers without keys ignore it
        if url:
            if not url_arg:
                raise ConfigError(f"translation engine {name!r} does not take a URL")
            kwargs[url_arg] = url.rstrip("/") + "/"
        codes = _CODES.get(name, {})
        self.name, self.source, self.target = name, source, target
        self.timeout, self.retries, self.backoff, self.max_wait = timeout, retries, backoff, \
            max_wait
        self.sleep = sleep
        self.waits: list[float] = []
        try:
            self._client = _engine_class(name)(source=codes.get(source, source),
                                               target=codes.get(target, target), **kwargs)
        except Exception as exc:  # noqa: BLE001 - deep-translator raises many unrelated types
            raise ConfigError(f"translation engine {name!r} ({source}->{target}): "
                              f"{_message(exc)}") from None

    def translate(self, text: str) -> str:
        attempt = 0
        while True:
            try:
                return self._once(text)
            except EngineError as exc:
                if not exc.retryable:
                    raise
                if attempt >= self.retries:
                    raise EngineError(f"{exc.reason} (gave up after {attempt + 1} attempts)",
                                      status=exc.status) from None
                wait = exc.retry_after
                if wait is None:
                    wait = self.backoff * (2 ** attempt) * (1 + random.random() / 4)
                elif wait > self.max_wait:
                    raise EngineError(f"{exc.reason}; the service asks to wait {wait:.0f}s, "
                                      f"more than {self.max_wait:.0f}s") from None
                self.waits.append(wait)
                self.sleep(wait)
                attempt += 1

    def _once(self, text: str) -> str:
        import requests

        seen: list[Any] = []
        tokens = (_TIMEOUT.set(self.timeout), _LAST.set(seen))
        try:
            result = self._client.translate(text)
        except requests.Timeout:
            raise EngineError(f"no reply within {self.timeout:g}s", retryable=True) from None
        except requests.ConnectionError as exc:
            raise EngineError(f"connection failed: {type(exc).__name__}", retryable=True) \
                from None
        except requests.JSONDecodeError:
            status = seen[-1].status_code if seen else None
            raise EngineError(f"the service replied with {_kind(seen)} instead of a "
                              f"translation (HTTP {status})", retryable=_retryable(status),
                              status=status) from None
        except Exception as exc:  # noqa: BLE001 - deep-translator's errors share no base class
            status = seen[-1].status_code if seen else None
            after = retry_after(seen[-1].headers.get("Retry-After")) if seen else None
            raise EngineError(f"HTTP {status}: {_message(exc)}" if status else _message(exc),
                              retryable=_retryable(status) or type(exc).__name__ ==
                              "TooManyRequests", retry_after=after, status=status) from None
        finally:
            _LAST.reset(tokens[1])
            _TIMEOUT.reset(tokens[0])
        if not isinstance(result, str):
            raise EngineError(f"the service replied with {type(result).__name__}, not text")
        return result


def _retryable(status: int | None) -> bool:
    return status is not None and (status == 429 or 500 <= status <= 599)


def _kind(seen: list[Any]) -> str:
    kind = seen[-1].headers.get("Content-Type", "") if seen else ""
    return "an HTML page" if "html" in kind.lower() else f"non-JSON content ({kind or 'untyped'})"


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
