"""Text as the lexicons compare it, with a map back to the report's own characters.

Reports spell one word many ways: Arabic or Urdu forms of a letter (ي/ی, ك/ک, ه/ہ), presentation
forms pasted from old software (ﺅ for ؤ), vowel marks, tatweel, digits in three scripts, accents
and capitals in French and Portuguese. Lexicon entries and text are both folded the same way
before they are compared; every folded character remembers which character of the report it
came from, so a match in the folded text is always sliced from the report exactly as written.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters dropped when folding: they change no word (vowel marks, tatweel, joiner controls).
_DROPPED_CATEGORIES = {"Mn", "Cf"}
_TATWEEL = "\u0640"


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the offset of the report's character it
    came from (one more entry at the end for the end of the text)."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the folded stretch [start, end)."""
        if end <= start:
            at = self.origin[start]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def fold_char(char: str, letters: dict[str, str], lower: bool) -> str:
    """The folded form of one character ('' when dropped)."""
    if char in letters:
        return letters[char]
    if char == _TATWEEL or unicodedata.category(char) in _DROPPED_CATEGORIES:
        return "" if char not in "\u200c\u200d" else " "  # a non-joiner separates words
    if char.isdigit() and not char.isascii():
        value = unicodedata.digit(char, None)
        if value is not None:
            return str(value)
    # Presentation forms (ﺅ, ﻻ) and accents: the compatibility decomposition's base letters.
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
    if len(decomposed) > 1 and base != char:
        base = unicodedata.normalize("NFC", base)
    if lower:
        base = base.lower() if len(base.lower()) == len(base) else base
    return "".join(letters.get(c, c) for c in base)


def fold(text: str, letters: dict[str, str], lower: bool = True) -> Folded:
    """``text`` folded character by character: ``letters`` maps a language's variant letters
    to the one its lexicon uses; ``lower`` lower-cases (for scripts with case)."""
    out: list[str] = []
    origin: list[int] = []
    cache: dict[str, str] = {}
    for i, char in enumerate(text):
        folded = cache.get(char)
        if folded is None:
            folded = cache[char] = fold_char(char, letters, lower)
        for piece in folded:
            out.append(piece)
            origin.append(i)
    origin.append(len(text))
    return Folded("".join(out), tuple(origin))


def fold_phrase(phrase: str, letters: dict[str, str], lower: bool = True) -> str:
    """A lexicon entry folded as text is, with runs of spaces made one."""
    return " ".join(fold(phrase, letters, lower).text.split())
