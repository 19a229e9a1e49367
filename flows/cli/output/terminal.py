"""Standard output made inert: whatever the archive holds (a title with an escape sequence, an
imported text with C1 controls), nothing printed can drive the terminal.

``inert(text, styles=)`` drops every escape sequence (CSI, OSC such as a window title, a
hyperlink or the clipboard, DCS and the rest, in their 7-bit and C1 forms) and every control
character but tab and newline (and a carriage return before one). With ``styles`` (on a
terminal) the style sequences the commands use themselves are kept (``ESC [ 1 ; 33 m``: bold,
dim, yellow and their resets): they cannot move the cursor, clear the screen, reach the
clipboard or hide text. ``inert_stdout()`` puts a writer doing this in front of ``sys.stdout``
while a command runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# The styles the commands use (bold, dim, yellow, their resets): never conceal, reverse, a
# background or a colour text could be hidden in.
_STYLE = r"(?:0|1|2|22|33|39)"
_SGR = rf"\x1b\[(?:{_STYLE}(?:;{_STYLE})*)?m"
_SEQUENCES = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS...
    r"|\x1b[ -/]*[0-~]?"  # any other escape, or a lone ESC
)
_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)"  # CSV's \r\n stays
_WITH_STYLES = re.compile(rf"({_SGR})|{_SEQUENCES}|{_CONTROLS}")
_WITHOUT = re.compile(rf"{_SEQUENCES}|{_CONTROLS}")


def inert(text: str, *, styles: bool = False) -> str:
    """``text`` without escape sequences and control characters (tab and newline stay);
    colour and bold kept if ``styles``."""
    if styles:
        return _WITH_STYLES.sub(lambda m: m.group(1) or "", text)
    return _WITHOUT.sub("", text)


class InertWriter:
    """A text stream writing ``inert`` text to ``stream``; styles kept on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._styles = stream.isatty()

    def write(self, text: str) -> int:
        self._stream.write(inert(text, styles=self._styles))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)  # flush, isatty, encoding, buffer, fileno ...


@contextmanager
def inert_stdout() -> Iterator[None]:
    """Standard output through an ``InertWriter`` while the block runs."""
    original = sys.stdout
    sys.stdout = InertWriter(original)
    try:
        yield
    finally:
        sys.stdout = original
