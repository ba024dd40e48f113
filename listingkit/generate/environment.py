"""Templates: where they are found, and the sandbox they run in.

Lookup for field F of marketplace M in language L, first match wins:
``M/F.L.j2``, ``M/F.j2``, ``default/F.L.j2``, ``default/F.j2``; each name is looked up in the
user's folder (``--templates`` / config ``generate.templates``) before the built-in
``templates/``, so a user file overrides the shipped one of the same name.

Templates run in Jinja's ImmutableSandboxedEnvironment with StrictUndefined. Denial of service
is bounded without threads or signals: ``range`` is capped at :data:`MAX_RANGE` items and its
iterator checks the deadline on every item; every call, filter-less binary operator and output
chunk checks the deadline as well; ``*`` and ``**`` refuse results larger than
:data:`MAX_OUTPUT`; output stops at :data:`MAX_OUTPUT` characters; recursion ends at Python's
recursion limit. Any of these is a :class:`RenderError` for that SKU.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from listingkit.errors import InputError
from listingkit.resources import data_dir

MAX_RANGE = 1000
MAX_OUTPUT = 100_000
RENDER_SECONDS = 2.0
#: calls nested deeper than this in one render are a runaway recursive macro
MAX_DEPTH = 100
_DEADLINE: ContextVar[float] = ContextVar("listingkit_render_deadline", default=float("inf"))
_DEPTH: ContextVar[int] = ContextVar("listingkit_render_depth", default=0)
_UNDEFINED = (re.compile(r"has no attribute '([^']+)'"), re.compile(r"'([^']+)' is undefined"))


class RenderError(Exception):
    """One template failed for one listing; the message names the template and variable."""


def _tick() -> None:
    if time.monotonic() > _DEADLINE.get():
        raise SecurityError(f"template ran longer than the time limit ({RENDER_SECONDS:g}s)")


class _BoundedRange:
    def __init__(self, *args: int) -> None:
        self._range = range(*args)
        if len(self._range) > MAX_RANGE:
            raise SecurityError(f"range() of {len(self._range)} items; the limit is {MAX_RANGE}")

    def __len__(self) -> int:
        return len(self._range)

    def __iter__(self) -> Iterator[int]:
        for item in self._range:
            _tick()
            yield item


_WIDTHS = re.compile(r"\d+")
_PADDING = {"center", "ljust", "rjust", "zfill"}


def _wide(spec: str) -> bool:
    """Whether a %-format or str.format string asks for a width or precision over the cap."""
    return any(int(n) > MAX_OUTPUT for n in _WIDTHS.findall(spec)) or "*" in spec


def _guard_size(name: str, owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
                ) -> tuple[Any, ...]:
    """Refuse a string operation whose result would pass :data:`MAX_OUTPUT` *before* it
    allocates it (a template asking for ``'x'.center(10**9)`` must not need a gigabyte)."""
    if name in _PADDING or name in ("center", "indent"):
        width = args[0] if args else kwargs.get("width", 0)
        if isinstance(width, int) and width > MAX_OUTPUT:
            raise SecurityError(f"{name}() width {width} is over the {MAX_OUTPUT} limit")
    elif name == "expandtabs" and isinstance(owner, str):
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size * owner.count("\t") > MAX_OUTPUT:
            raise SecurityError("expandtabs() result too large")
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2 \
            and isinstance(args[0], str) and isinstance(args[1], str):
        hits = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(owner) + hits * (len(args[1]) - len(args[0])) > MAX_OUTPUT:
            raise SecurityError("replace() result too large")
    elif name == "join" and args:
        items = args[0] if isinstance(args[0], (list, tuple, str)) else list(args[0])
        sep = owner if isinstance(owner, str) else (args[1] if len(args) > 1 else
                                                   kwargs.get("d", ""))
        size = len(str(sep)) * max(len(items) - 1, 0) + sum(len(str(i)) for i in items)
        if size > MAX_OUTPUT:
            raise SecurityError("join() result too large")
        return (items, *args[1:])
    elif name in ("format", "format_map") and isinstance(owner, str) and _wide(owner):
        raise SecurityError("format width or precision too large")
    return args


def _capped_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        at = 1 if getattr(func, "jinja_pass_arg", None) else 0  # eval context first
        value, rest = (args[at], args[at + 1:]) if len(args) > at else (None, ())
        if name == "join":
            rest = _guard_size("join", None, (value, *rest), kwargs)
            value, rest = rest[0], rest[1:]
        elif name == "format" and isinstance(value, str) and _wide(value):
            raise SecurityError("format width or precision too large")
        else:
            _guard_size(name, value, tuple(rest), kwargs)
        return func(*args[:at], value, *rest, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            setattr(guarded, attr, getattr(func, attr))
    return guarded


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a deadline and size caps."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("exponent too large")
        if operator == "%" and isinstance(left, str) and _wide(left):
            raise SecurityError("format width or precision too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_OUTPUT:
                    raise SecurityError("repetition result too large")
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _tick()
        method = getattr(obj, "__wrapped__", obj)  # Jinja wraps str.format for its sandbox
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            args = _guard_size(getattr(obj, "__name__", ""), owner, args, kwargs)
        depth = _DEPTH.get()
        if depth >= MAX_DEPTH:  # a recursive macro: stop it here, at once, whatever Python's
            raise SecurityError("recursion too deep")  # own recursion limit happens to be
        token = _DEPTH.set(depth + 1)
        try:
            return super().call(context, obj, *args, **kwargs)
        finally:
            _DEPTH.reset(token)


def search_path(user_dir: str | Path | None) -> list[str]:
    paths = []
    if user_dir:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise InputError(f"{folder}: templates folder not found")
        paths.append(str(folder))
    paths.append(str(data_dir("templates")))
    return paths


def make_environment(user_dir: str | Path | None, html_fields: set[str],
                     filters: Mapping[str, Callable[..., Any]]) -> Sandbox:
    def autoescape(name: str | None) -> bool:
        return bool(name) and Path(name or "").name.split(".")[0] in html_fields

    env = Sandbox(loader=FileSystemLoader(search_path(user_dir)), undefined=StrictUndefined,
                  autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                  keep_trailing_newline=False)
    env.globals["range"] = _BoundedRange
    for name in ("center", "indent", "join", "replace", "format"):
        env.filters[name] = _capped_filter(name, env.filters[name])
    env.filters.update(filters)
    return env


def candidates(marketplace: str, field: str, lang: str) -> list[str]:
    return [f"{marketplace}/{field}.{lang}.j2", f"{marketplace}/{field}.j2",
            f"default/{field}.{lang}.j2", f"default/{field}.j2"]


def load(env: Sandbox, marketplace: str, field: str, lang: str) -> Any:
    """The template for a field, or None when no template exists for it at all."""
    try:
        return env.select_template(candidates(marketplace, field, lang))
    except TemplateNotFound:
        return None
    except TemplateSyntaxError as exc:
        raise InputError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: "
                         f"{exc.message}") from None
    except TemplateError as exc:
        raise InputError(f"template for {field}: {exc}") from None


def render(template: Any, context: Mapping[str, Any], seconds: float = RENDER_SECONDS) -> str:
    """Render with a deadline and an output cap; RenderError names the template and variable."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    chunks: list[str] = []
    size = 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"output longer than {MAX_OUTPUT} characters")
            _tick()
            chunks.append(chunk)
    except UndefinedError as exc:
        name = next((m.group(1) for p in _UNDEFINED if (m := p.search(exc.message or ""))), "")
        what = f"variable {name!r} is missing" if name else (exc.message or "undefined value")
        raise RenderError(f"template {template.name}: {what} (no such column, or the cell is "
                          "empty; use `{% if NAME is defined %}`)") from None
    except SecurityError as exc:
        raise RenderError(f"template {template.name}: stopped: {exc}") from None
    except RecursionError:
        raise RenderError(f"template {template.name}: stopped: recursion too deep") from None
    except (TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        raise RenderError(f"template {template.name}: {type(exc).__name__}: {exc}") from None
    finally:
        _DEADLINE.reset(token)
    return "".join(chunks)
