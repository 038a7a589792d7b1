"""Nothing stored reaches a terminal as a control sequence (issue 14 item 9).

Names and notes come from other people (an overdracht from VT, a colleague, an older import):
an ESC, a C1 control or a bidirectional override in them could retitle or clear the terminal,
or make a line read backwards. The command line writes through ``SafeText``, which shows every
such character as a visible ``\\uXXXX`` escape; inside JSON output that is the same string.
Tab and newline stay: the commands' own layout uses them."""

from __future__ import annotations

from typing import TextIO

_UNSAFE = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)]
    + list(range(0x7F, 0xA0))  # DEL and the C1 controls (0x9B is CSI on some terminals)
    + [0x061C, 0x200E, 0x200F, 0x2028, 0x2029]  # bidi marks, line/paragraph separators
    + list(range(0x202A, 0x202F))  # bidi embeddings and overrides
    + list(range(0x2066, 0x206A))  # bidi isolates
)
_ESCAPES = {code: f"\\u{code:04x}" for code in _UNSAFE}


def escape(text: str) -> str:
    """``text`` with every character that steers a terminal shown as ``\\uXXXX``."""
    return text.translate(_ESCAPES)


def one_line(text: str) -> str:
    """For table cells: also a newline or tab inside a value is shown, not obeyed."""
    return escape(text).replace("\n", "\\n").replace("\t", "\\t")


class SafeText:
    """A text stream that escapes what it writes; everything else goes to the wrapped one."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
