"""listingkit.parts: JSON in pieces is json.dumps' text, byte for byte; parts are gathered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listingkit.parts import Items, gathered, json_parts

#: text JSON must escape or must keep: quotes, backslashes, newlines followed by the spaces
#: of an indentation, control characters, separators JavaScript treats as newlines, emoji
TEXT = st.one_of(st.text(), st.sampled_from(['"', "\\", "\n  ", "\r\n", "\x00\x1f", "\u2028",
                                             "🔥", "ü", '{"a": [1]}', "", " ", "\t"]))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), TEXT,
                    st.floats(allow_nan=True, allow_infinity=True))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=25)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def streamed(value: Any) -> Any:
    """``value`` with each of its lists made an :class:`Items` of a one-pass iterator (an
    item that is itself a container stays one, written whole)."""
    if isinstance(value, dict):
        return {key: streamed(item) for key, item in value.items()}
    if isinstance(value, list):
        return Items(iter(value))
    return value


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_json_parts_is_json_dumps(value: Any) -> None:
    assert "".join(json_parts(value)) == dumps(value)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, VALUES, max_size=4), st.lists(VALUES, max_size=5))
def test_items_are_written_as_the_list_would_be(head: dict[str, Any], items: list[Any]
                                               ) -> None:
    """Items at any depth of dicts and lists, empty or not, each item any JSON value."""
    whole = {**head, "items": items, "nested": [{"deeper": items}, items]}
    assert "".join(json_parts(streamed(whole))) == dumps(whole)
    assert "".join(json_parts(Items(iter(items)))) == dumps(items)


def test_items_are_made_one_at_a_time() -> None:
    """An item is encoded before the next one is made: nothing holds them all."""
    made: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(3):
            made.append(i)
            yield {"n": i}

    pieces = json_parts({"a": Items(items())})
    assert next(pieces) == '{\n  "a": ' and not made
    assert next(pieces) == '[\n    {\n      "n": 0\n    }' and made == [0]


def test_json_parts_wants_string_keys_where_it_descends() -> None:
    with pytest.raises(TypeError, match="keys must be strings"):
        "".join(json_parts({1: Items([])}))


@given(st.lists(st.text(max_size=40), max_size=60), st.integers(1, 100))
def test_gathered_keeps_the_text_and_cuts_it_near_the_size(pieces: list[str], size: int
                                                           ) -> None:
    parts = list(gathered(iter(pieces), size))
    assert "".join(parts) == "".join(pieces)
    longest = max((len(p) for p in pieces), default=0)
    for part in parts[:-1]:  # (the last holds what is left)
        assert size <= len(part) < size + longest
    assert len(parts[-1]) < size
