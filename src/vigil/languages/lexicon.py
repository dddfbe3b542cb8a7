"""A language's lexicon: the data file ``data/<code>.json`` compiled into the patterns the
extractor matches on folded text (vigil.languages.fold).

Lexicon phrases are folded exactly like report text, so one spelling per word is enough. Words are
told apart by what surrounds them, not by ``\\b``: vowel signs of Devanagari are not word characters
for Python, and Urdu glues digits and some postpositions to the word before ("میں15افراد",
"دھماکےمیں"), which the lexicon's ``glued_before`` / ``glued_after`` allow for.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Iterable, Optional

from vigil.languages.fold import Folded, fold, fold_phrase

# Characters that end a word in every script Vigil reads: spaces, digits, ASCII punctuation and
# the Arabic, Urdu and Devanagari marks.
_NOT_LETTER = r"\s0-9!-/:-@\[-`{-~،؛؟۔।॥«»“”‘’—–…٪"
LETTER = f"[^{_NOT_LETTER}]"


class LexiconError(ValueError):
    pass


class Lexicon:
    """One language's tables, with patterns compiled on first use."""

    def __init__(self, code: str, data: dict):
        self.code = code
        self.data = data
        self.letters: dict[str, str] = data.get("letters", {})
        self.lower: bool = bool(data.get("case", False))
        self.spaced: bool = bool(data.get("spaced", True))
        self.name: str = data.get("name", code)
        self._patterns: dict[tuple, re.Pattern] = {}

    # ------------------------------------------------------------------ folding

    def fold(self, text: str) -> Folded:
        return fold(text, self.letters, lower=self.lower)

    def fold_phrase(self, phrase: str) -> str:
        return fold_phrase(phrase, self.letters, lower=self.lower)

    def key(self, text: str) -> str:
        """A dictionary key for a phrase or a matched stretch of folded text: spaces made one, or
        none at all where the script's writers leave them out ("جاں بحق" = "جاںبحق")."""
        folded = self.fold_phrase(text)
        return folded if self.spaced else folded.replace(" ", "")

    def fold_pattern(self, pattern: str) -> str:
        """A hand-written regular expression folded like text (its ASCII syntax is unchanged)."""
        return fold(pattern, self.letters, lower=False).text

    # ------------------------------------------------------------------ patterns

    def _boundaries(self) -> tuple[str, str]:
        before = f"(?<!{LETTER})"
        glued_before = [self.fold_phrase(w) for w in self.data.get("glued_before", [])]
        if glued_before:
            before = "(?:" + "|".join([before] + [f"(?<={re.escape(w)})" for w in glued_before]) + ")"
        after = f"(?!{LETTER})"
        glued_after = [self.fold_phrase(w) for w in self.data.get("glued_after", [])]
        if glued_after:
            after = "(?:" + "|".join([after] + [f"(?={re.escape(w)}(?!{LETTER}))" for w in glued_after]) + ")"
        return before, after

    def phrase_body(self, phrases: Iterable[str]) -> str:
        """Alternatives matching any of ``phrases`` (longest first), spaces between their words
        optional where the script's writers leave them out."""
        folded = {self.fold_phrase(p) for p in phrases if p and p.strip()}
        if self.spaced:
            parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(folded, key=lambda p: (-len(p), p))]
        else:  # a space may stand between any two letters of a phrase, or none ("جاں بحق", "جاںبحق")
            keys = {p.replace(" ", "") for p in folded}
            parts = [r"\s*".join(re.escape(c) for c in p) for p in sorted(keys, key=lambda p: (-len(p), p))]
        return "|".join(parts) if parts else "(?!)"

    def words(self, key: str, phrases: Iterable[str]) -> re.Pattern:
        """A compiled pattern for a list of phrases, cached under ``key``."""
        cached = self._patterns.get(("words", key))
        if cached is None:
            before, after = self._boundaries()
            cached = re.compile(f"{before}(?:{self.phrase_body(phrases)}){after}", re.IGNORECASE)
            self._patterns[("words", key)] = cached
        return cached

    def regex(self, key: str, pattern: Optional[str], *, bounded: bool = True, **slots: str) -> re.Pattern:
        """A hand-written pattern from the lexicon, folded, with ``{SLOT}`` placeholders filled
        (``{NUM}``, ``{MONTH}``...), between word boundaries unless ``bounded`` is false."""
        cached = self._patterns.get(("regex", key))
        if cached is None:
            if not pattern:
                cached = re.compile("(?!)")
            else:
                body = self.fold_pattern(pattern)
                for name, value in slots.items():
                    body = body.replace("{" + name + "}", value)
                if bounded:
                    before, after = self._boundaries()
                    body = f"{before}(?:{body}){after}"
                try:
                    cached = re.compile(body, re.IGNORECASE)
                except re.error as error:
                    raise LexiconError(f"lexicon {self.code}: bad pattern {key!r}: {error}") from None
            self._patterns[("regex", key)] = cached
        return cached

    def get(self, *path: str, default=None):
        node = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def _data_files():
    return resources.files("vigil.languages").joinpath("data")


@functools.lru_cache(maxsize=None)
def readable_languages() -> frozenset[str]:
    """The ISO 639-1 codes Vigil has a lexicon for (besides English, read by vigil.extract)."""
    return frozenset(p.name[:-5] for p in _data_files().iterdir()
                     if p.name.endswith(".json") and len(p.name) == 7)


@functools.lru_cache(maxsize=None)
def load_lexicon(code: str) -> Lexicon:
    path = _data_files().joinpath(f"{code}.json")
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"no lexicon for language {code!r}") from None
    return Lexicon(code, data)
