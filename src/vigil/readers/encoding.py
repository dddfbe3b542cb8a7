"""Deciding whether bytes are text, and in which encoding.

Policy (in this order):
1. A known binary signature (PNG, PDF, ZIP, ...) -> "not text: binary content (looks like PNG image)".
2. A byte-order mark decides: UTF-8-SIG, UTF-16 or UTF-32 (the BOM is consumed, never becomes text).
3. No BOM but the NUL bytes sit on every other position -> UTF-16 without BOM (LE or BE).
4. Any other NUL or many control bytes -> "not text: binary content".
5. Strict UTF-8.
6. UTF-8 with stray bytes: when the valid multi-byte UTF-8 characters outnumber the undecodable
   bytes, the file is UTF-8 all the same (one bad byte must not turn "Café" into "CafÃ©" in every
   record); the reader then refuses what holds the bad bytes, a record of a corpus or a text file.
7. Windows-1252, but only when it is plausibly text: every byte defined in cp1252, no control bytes
   and at most 20 % non-ASCII bytes (old Windows-made news files).  Otherwise the input fails with
   "not text: invalid UTF-8 at byte N" - guessing further would turn noise into fake evidence.
"""
from __future__ import annotations

import codecs
import json
from functools import lru_cache
from importlib import resources

from .failures import ReadError


class InvalidUtf8(ReadError):
    """Bytes that are neither UTF-8 nor plausible Windows-1252 (a corpus may still be read record
    by record: JSON is UTF-8 by definition)."""

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CP1252_MAX_NON_ASCII = 0.20


@lru_cache(maxsize=1)
def _signatures() -> list[tuple[bytes, str]]:
    data = json.loads(resources.files(__package__).joinpath("binary_signatures.json").read_text("utf-8"))
    return [(bytes.fromhex(s["hex"]), s["kind"]) for s in data["signatures"]]


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    return sum(head.count(c) for c in _CONTROL) / len(head)


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(head: bytes, *, complete: bool) -> str:
    """The encoding to read a file with, judged from its first bytes (``complete``: the whole file).

    Raises ReadError("not text: ...") for binary content or undecodable bytes.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    has_control = _control_share(head) > 0
    for magic, kind in _signatures():
        printable_magic = all(32 <= b < 127 for b in magic)
        if head.startswith(magic) and (not printable_magic or has_control):
            raise ReadError(f"not text: binary content (looks like {kind})")
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16
    if b"\x00" in head or _control_share(head) > 0.01:
        raise ReadError("not text: binary content (control bytes)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    if _mostly_utf8(head):
        return "utf-8"
    if _plausible_cp1252(head):
        return "cp1252"
    raise InvalidUtf8(
        f"not text: invalid UTF-8 at byte {utf8_error.start} and not plausible as Windows-1252"
    )


def _plausible_cp1252(head: bytes) -> bool:
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    non_ascii = sum(1 for b in head if b >= 0x80)
    return not any(c in head for c in _CONTROL) and non_ascii <= _CP1252_MAX_NON_ASCII * len(head)


def _mostly_utf8(head: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than undecodable stretches (a UTF-8 file with a stray
    byte; Windows-1252 text almost never forms valid multi-byte sequences)."""
    decoded = head.decode("utf-8", errors="replace")
    written = head.count("\ufffd".encode("utf-8"))  # replacement characters the file itself holds
    undecodable = decoded.count("\ufffd") - written
    valid = sum(1 for c in decoded if ord(c) >= 0x80) - undecodable
    return valid > undecodable
