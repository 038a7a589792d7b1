"""Canonical JSON for exchange packages, and the strict parser used on everything imported.

Canonical form: UTF-8, object keys sorted by Unicode code point, no insignificant whitespace,
no floats, integers of at most 15 digits, strings escaped as Python's ``json`` does with
``ensure_ascii=False``. Everything we send is canonical, so the same data gives the same bytes.

Since format 1.1 a receiver accepts any *strict* JSON spelling (``jq -cS`` writes U+007F as
``\u007f``, Python leaves it raw): the signature covers the exact bytes, so refusing another
valid serialisation of the same value protects nothing. Strict still means one meaning per
document: no duplicate keys, no floats or NaN, no lone surrogates, valid UTF-8 without BOM."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons

MAX_DEPTH = 64
# 15 digits stays inside the range every JSON implementation (JavaScript included) reads exactly.
MAX_INT_DIGITS = 15

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_PAIR = b"\x00\x00"  # stands for an escape pair: no quote, and never outside a string
# Outside strings a run of digits is (part of) a number: a longer run is an integer out of
# range (or a float, refused anyway). Digits become "0" and the rest a space, then one
# substring search: no Python call per integer, and ten times faster than a regular expression.
_DIGITS_ONLY = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))  # "0", " "
_LONG_NUMBER = b"0" * (MAX_INT_DIGITS + 1)


def canonical_dumps(value: Any) -> bytes:
    """Encode ``value`` canonically. Raises ``ValueError`` for floats, NaN, huge ints, lone
    surrogates or non-string keys: producing a package must fail loudly, not round silently."""
    _check_encodable(value)
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")  # raises UnicodeEncodeError (a ValueError) on lone surrogates


def _check_encodable(value: Any) -> None:
    # Iterative so hostile or accidental deep structures cannot hit the recursion limit.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, bool) or item is None or isinstance(item, str):
            continue
        if isinstance(item, int):
            if len(str(abs(item))) > MAX_INT_DIGITS:
                raise ValueError("integer out of range for canonical JSON")
            continue
        if isinstance(item, float):
            raise ValueError("floats are not allowed in canonical JSON")
        if depth > MAX_DEPTH:
            raise ValueError(f"nesting deeper than {MAX_DEPTH}")
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise ValueError("object keys must be strings")
                stack.append((child, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1) for child in item)
        else:
            raise ValueError(f"type {type(item).__name__} is not allowed in canonical JSON")


def nesting_depth(raw: bytes) -> int:
    """Deepest bracket nesting in ``raw`` (JSON text), counted without recursion.

    Strings are blanked first so brackets inside them do not count. Raises ``RejectedInput``
    (``malformed_json``) for an unterminated string or unbalanced brackets."""
    return _depth(_without_strings(raw))


def _without_strings(raw: bytes) -> bytes:
    # Fast: pair the escapes as a string does (a backslash takes the next byte: the runs of
    # "\\" first, then an escaped quote), and every quote left opens or closes a string.
    # Exact for any text without a backslash or NUL outside its strings (valid JSON has
    # neither); otherwise, or with a quote unpaired, the search below decides.
    quoted = raw.replace(b"\\\\", _PAIR).replace(b'\\"', _PAIR) if b"\\" in raw else raw
    pieces = quoted.split(b'"')
    if len(pieces) % 2 == 1:
        outside = b"".join(pieces[::2])
        if b"\\" not in outside and b"\x00" not in outside:
            return outside
    without_strings = _STRING.sub(b"", raw)
    if b'"' in without_strings:
        raise RejectedInput(reasons.MALFORMED_JSON, "unterminated string")
    return without_strings


def _depth(without_strings: bytes) -> int:
    depth = deepest = 0
    for byte in without_strings.translate(None, _NOT_BRACKETS):
        if byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
            if depth < 0:
                raise RejectedInput(reasons.MALFORMED_JSON, "unbalanced brackets")
    return deepest


def _reject_constant(name: str) -> Any:
    raise RejectedInput(reasons.NAN, f"constant {name} is not JSON")


def _reject_float(text: str) -> Any:
    raise RejectedInput(reasons.NUMBER_NOT_ALLOWED, "floats are not allowed")


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RejectedInput(reasons.DUPLICATE_KEY, "duplicate object key")
        result[key] = value
    return result


def strict_loads(raw: bytes, *, require_canonical: bool = False) -> Any:
    """Parse untrusted JSON bytes; every problem becomes ``RejectedInput`` with its own reason.

    Refuses invalid UTF-8 (and a BOM), nesting deeper than ``MAX_DEPTH``, duplicate keys,
    NaN/Infinity, floats and over-long integers, lone surrogates, and, when
    ``require_canonical`` (our own files, e.g. state kept on disk), any other spelling."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedInput(reasons.INVALID_UTF8, "not valid UTF-8") from None
    # Depth first: it is the check that protects the parser itself.
    without_strings = _without_strings(raw)
    if _depth(without_strings) > MAX_DEPTH:
        raise RejectedInput(reasons.TOO_DEEP, f"nesting deeper than {MAX_DEPTH}")
    if _LONG_NUMBER in without_strings.translate(_DIGITS_ONLY):
        raise RejectedInput(reasons.NUMBER_NOT_ALLOWED, "integer out of range")
    # Duplicate keys: a document with a key twice never encodes back to its own bytes, so for
    # canonical input the comparison below finds them, and the check per object (a Python call
    # each) runs only to name the reason when something is wrong.
    value = _parse(text, unique=not require_canonical)
    try:
        # A lone surrogate can only come from a \u escape: the text is valid UTF-8. Without
        # one in the bytes, walking every string of a colleague's 35 kB household is skipped.
        if b"\\u" in raw:
            _check_scalar_values(value)
        if require_canonical:
            _check_canonical(value, raw)
    except RejectedInput:
        if require_canonical:
            _parse(text, unique=True)  # a key twice is named first, as the parser names it
        raise
    return value


def _parse(text: str, unique: bool) -> Any:
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_object if unique else None,
            parse_constant=_reject_constant,
            parse_float=_reject_float,
        )
    except RejectedInput:
        raise
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise RejectedInput(reasons.MALFORMED_JSON, "not well-formed JSON") from None


def _check_canonical(value: Any, raw: bytes) -> None:
    # What canonical_dumps checks first (floats, long integers, depth, key and value types)
    # the parser has refused already; encoding a lone surrogate still fails.
    try:
        again = json.dumps(value, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError:
        raise RejectedInput(reasons.NOT_CANONICAL, "not representable canonically") from None
    if again != raw:
        raise RejectedInput(reasons.NOT_CANONICAL, "JSON is not in canonical form")


# One C-speed search per string: a per-character Python loop made parsing a colleague's
# 5,000 households in the team folder twice as slow (bench/bench_team.py).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_scalar_values(value: Any) -> None:
    # "\ud800" is well-formed JSON but not text: it cannot be stored or shown (RFC 7493 2.1).
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise RejectedInput(reasons.INVALID_UTF8, "lone surrogate in a string")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def iter_keys(value: Any) -> Iterator[str]:
    """Every object key anywhere in ``value`` (used by data-minimisation checks)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
