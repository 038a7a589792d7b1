"""Canonical JSON and the strict parser (S22, R9)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.canonical import (
    MAX_DEPTH,
    canonical_dumps,
    iter_keys,
    nesting_depth,
    strict_loads,
)


def reason_of(raw: bytes, **kwargs: Any) -> str:
    with pytest.raises(RejectedInput) as caught:
        strict_loads(raw, **kwargs)
    return caught.value.reason


def test_canonical_form_sorts_keys_and_has_no_whitespace() -> None:
    value = {"b": [1, True, None], "a": {"é": "ü\n"}, "A": -5}
    assert canonical_dumps(value) == '{"A":-5,"a":{"é":"ü\\n"},"b":[1,true,null]}'.encode()


@pytest.mark.parametrize(
    "value", [1.5, float("nan"), float("inf"), {"a": 0.0}, 10**15, {1: "x"}, "\ud800", {1, 2}]
)
def test_canonical_refuses_what_it_cannot_represent_exactly(value: Any) -> None:
    with pytest.raises(ValueError):
        canonical_dumps(value)


def test_canonical_refuses_nesting_beyond_limit_without_recursion_error() -> None:
    value: Any = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(ValueError):
        canonical_dumps(value)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"bsn":"1","bsn":"2"}', "duplicate_key"),
        (b'[{"a":1},{"b":{"c":1,"c":1}}]', "duplicate_key"),
        (b'{"a":NaN}', "nan"),
        (b"[Infinity]", "nan"),
        (b"[-Infinity]", "nan"),
        (b"[1.0]", "number_not_allowed"),
        (b"[1e999999]", "number_not_allowed"),
        (b"[1234567890123456]", "number_not_allowed"),
        (b'{"a":[1,-1234567890123456]}', "number_not_allowed"),
        (b'{"a":"\\"","b":12345678901234567}', "number_not_allowed"),  # after an escaped quote
        (b'{"a":"\xff"}', "invalid_utf8"),
        (b'{"a":"\xc3"}', "invalid_utf8"),
        (b"\xef\xbb\xbf{}", "malformed_json"),  # BOM
        (b'{"a":1', "malformed_json"),
        (b'{"a":"unterminated}', "malformed_json"),
        (b"]", "malformed_json"),
        (b"", "malformed_json"),
        (b"{'a':1}", "malformed_json"),
        (b'{"a":1}{"b":2}', "malformed_json"),
        (b'["\x01"]', "malformed_json"),  # raw control character in a string
        (b"[" * 1000 + b"]" * 1000, "too_deep"),
        (b'{"a":' * 65 + b"1" + b"}" * 65, "too_deep"),
        (b"[" * 200_000, "too_deep"),
    ],
)
def test_strict_parser_refuses(raw: bytes, reason: str) -> None:
    assert reason_of(raw) == reason


def test_depth_limit_is_inclusive_and_brackets_in_strings_do_not_count() -> None:
    deepest_allowed = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert nesting_depth(deepest_allowed) == MAX_DEPTH
    assert strict_loads(deepest_allowed) is not None
    tricky = b'["[[[[\\"{{{{", "\\\\", "]]]]"]'
    assert nesting_depth(tricky) == 1
    assert strict_loads(tricky) == ['[[[["{{{{', "\\", "]]]]"]


def test_canonical_requirement_refuses_other_spellings() -> None:
    assert strict_loads(b'{"a":1,"b":"x"}', require_canonical=True) == {"a": 1, "b": "x"}
    for other in (b'{"b":"x","a":1}', b'{"a": 1,"b":"x"}', b'{"a":1,"b":"\\u0078"}'):
        assert reason_of(other, require_canonical=True) == "not_canonical"
    assert reason_of(b'["\\ud800"]', require_canonical=True) == "invalid_utf8"


def test_a_key_twice_is_named_as_such_in_canonical_input_too() -> None:
    # Canonical input is parsed without the per-object check; the reason must stay the same.
    assert reason_of(b'{"a":1,"a":1}', require_canonical=True) == "duplicate_key"
    assert reason_of(b'{"a":{"b":1,"b":2},"c":"\\ud800"}', require_canonical=True) == \
        "duplicate_key"  # as before: the parser named the key before the surrogate was seen


def _reference_depth(raw: bytes) -> int:
    """The nesting depth as the one regular expression for strings gives it."""
    import re
    rest = re.sub(rb'"[^"\\]*(?:\\.[^"\\]*)*"', b"", raw, flags=re.DOTALL)
    if b'"' in rest:
        raise RejectedInput("malformed_json", "unterminated string")
    depth = deepest = 0
    for byte in rest:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
            if depth < 0:
                raise RejectedInput("malformed_json", "unbalanced brackets")
    return deepest


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([b'"', b"\\", b"[", b"]", b"{", b"}", b"a", b"1", b",",
                                 b"\x00", b"n"]), max_size=40).map(b"".join))
def test_the_fast_way_of_blanking_strings_counts_as_the_full_search(raw: bytes) -> None:
    def outcome(depth_of: Any) -> Any:
        try:
            return depth_of(raw)
        except RejectedInput as error:
            return error.reason
    assert outcome(nesting_depth) == outcome(_reference_depth)


@pytest.mark.parametrize("raw", [b'["\\ud800"]', b'{"\\udfff":1}', b'["a\\ud83d"]'])
def test_lone_surrogates_are_not_text(raw: bytes) -> None:
    assert reason_of(raw) == "invalid_utf8"


def test_other_strict_spellings_of_the_same_value_are_read() -> None:
    # What jq -cS writes (issue 14 item 3): a receiver accepts any strict JSON spelling.
    value = {"a": "\x7f\u2028\U0001F600e\u0301", "b": [1, 2]}
    for raw in (b'{"a":"\\u007f\xe2\x80\xa8\xf0\x9f\x98\x80e\xcc\x81","b":[1,2]}',
                b'{ "b" : [ 1 , 2 ] ,\n "a" : "\\u007f\\u2028\\ud83d\\ude00e\\u0301" }'):
        assert strict_loads(raw) == value


def test_long_digit_runs_inside_strings_and_the_largest_integers_are_read() -> None:
    raw = b'{"123456789012345678":"12345678901234567890","n":[999999999999999,-999999999999999]}'
    assert strict_loads(raw) == {"123456789012345678": "12345678901234567890",
                                 "n": [999999999999999, -999999999999999]}


def test_iter_keys_walks_nested_objects_and_lists() -> None:
    assert set(iter_keys({"a": [{"b": 1}, {"c": {"d": 2}}]})) == {"a", "b", "c", "d"}


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"])), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_canonical_round_trip_is_exact_and_stable(value: Any) -> None:
    raw = canonical_dumps(value)
    assert strict_loads(raw, require_canonical=True) == value
    assert canonical_dumps(json.loads(raw)) == raw


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_strict_parser_only_ever_raises_rejected_input(raw: bytes) -> None:
    try:
        strict_loads(raw, require_canonical=True)
    except RejectedInput:
        pass
