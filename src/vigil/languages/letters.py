"""Counting letters fast: most reports are nearly all ASCII, so the ASCII letters are counted in
C and only the few other characters are looked at one by one."""
from __future__ import annotations

import re
import string

_NOT_ASCII_LETTER_BYTES = bytes(b for b in range(128) if chr(b) not in string.ascii_letters)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def count_ascii_letters(text: str) -> int:
    """How many letters A-Z and a-z ``text`` holds."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER_BYTES))


def non_ascii_characters(text: str) -> list[str]:
    """Every character of ``text`` outside ASCII, in order."""
    return _NOT_ASCII.findall(text)
