"""Names across scripts: the consonant skeleton "Khattak", "خٹک" and "खट्टक" share.

An English report of a killing names the victim "Raza Haider", an Urdu one "رضا حیدر".  No
transliteration of Urdu into English spelling is reliable (Urdu leaves most vowels unwritten,
English spells one name five ways), but the consonants survive both: each letter maps to a class
(``data/name_letters.json``), vowels and the half-vowels w, y (و، ی) vanish, a doubled letter
counts once and a final h goes.  Two reports naming the same person then share a skeleton.

Urdu and Arabic have no capitals to tell a name by, so in those scripts every pair of adjacent
words that are neither function words (spaCy's stop lists) nor words of the language's lexicon
is a candidate name; a pair only counts when both its words match name words of the other
report, which common words seldom do.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources
from typing import Iterable

from vigil.languages.letters import count_ascii_letters, non_ascii_characters

# Readable scripts written without capitals, and their lexicons' codes (for their stop words).
_UNCASED_LANGUAGES = ("ur", "ar", "hi")
# A candidate name of one word (often two glued: "رضاحیدر") needs this many consonants to count.
LONG_SKELETON = 5
# Name words matched one by one (not as a whole name) that tie two reports to the same people.
SEPARATE_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@functools.lru_cache(maxsize=1)
def _letters() -> tuple[dict[str, str], int, frozenset[str]]:
    """(letter group -> class over all scripts, the longest group, classes dropped at the end)."""
    data = json.loads(resources.files("vigil.languages").joinpath("data/name_letters.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for script in ("latin", "arabic", "devanagari"):
        for group, cls in data[script].items():
            table[unicodedata.normalize("NFD", group)] = cls
    return table, max(len(g) for g in table), frozenset(data.get("drop_final", []))


def skeleton(word: str) -> str:
    """The consonant classes of a name word, in order ('' for a word of vowels alone)."""
    table, longest, drop_final = _letters()
    text = unicodedata.normalize("NFD", word.lower())
    classes: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            cls = table.get(text[i:i + size])
            if cls is not None:
                if not classes or cls != classes[-1] or not cls:  # a doubled letter counts once
                    classes.append(cls)
                i += size
                break
        else:
            i += 1  # vowel signs, marks, digits, punctuation: nothing
    out = "".join(classes)
    if len(out) > 1 and out[-1] in drop_final:
        out = out[:-1]
    return out


def is_uncased(text: str) -> bool:
    """Whether most letters of ``text`` are in a script without capitals (Arabic, Devanagari)."""
    if text.isascii():
        return False  # every ASCII letter has a capital
    letters = count_ascii_letters(text)  # each with a capital
    uncased = 0
    for char in non_ascii_characters(text):
        if char.isalpha():
            letters += 1
            uncased += char.lower() == char.upper()
    return letters > 0 and uncased * 2 > letters



@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words of the uncased languages that are not names: spaCy's stop words and every word of
    Vigil's lexicons (fates, triggers, numbers, months, targets ...), folded."""
    import spacy.util

    from vigil.languages.lexicon import load_lexicon

    words: set[str] = set()
    for code in _UNCASED_LANGUAGES:
        try:
            stop_words = spacy.util.get_lang_class(code).Defaults.stop_words
        except Exception:  # a spaCy without this language: the lexicon's words still count
            stop_words = set()
        lexicon = load_lexicon(code)
        for phrase in [*stop_words, *_strings(lexicon.data)]:
            words.update(w for w in _WORD.findall(lexicon.fold_phrase(phrase)))
    return frozenset(words)


def _strings(value) -> Iterable[str]:
    """Every string in a lexicon's tables (keys and values), regular expressions included: their
    letters are words of the language too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield key
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def name_candidates(text: str) -> list[str]:
    """Candidate names in a text of an uncased script: adjacent word pairs ("رضا حیدر") and long
    single words ("رضاحیدر"), less function and lexicon words and words in other scripts, sorted."""
    from vigil.languages.lexicon import load_lexicon

    common = _common_words()
    fold = load_lexicon("ur").fold_phrase  # Urdu's folding also unifies Arabic letter forms
    out: set[str] = set()
    previous = None
    for word in _WORD.findall(fold(text)):
        shape = skeleton(word)
        if word in common or len(word) < 2 or not shape or not is_uncased(word):
            previous = None
            continue
        if previous is not None:
            out.add(f"{previous} {word}")
        if len(shape) >= LONG_SKELETON:
            out.add(word)
        previous = word
    return sorted(out)


def candidate_skeletons(candidates: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Candidate names as tuples of their words' skeletons."""
    return frozenset(tuple(skeleton(w) for w in name.split()) for name in candidates)


def names_across(candidates: frozenset[tuple[str, ...]], name_words: Iterable[str]) -> bool:
    """Whether an uncased report's candidate names (skeleton tuples) name the people a cased one
    names (``name_words``: its name words): one whole name (a pair of words both among them,
    four consonants or more; or a long word that is one of them, or two of them glued), or
    SEPARATE_WORDS name words of three consonants or more found apart."""
    known = {skeleton(w) for w in name_words}
    known.discard("")
    glued = {a + b for a in known for b in known if a != b} | {k for k in known if len(k) >= LONG_SKELETON}
    for parts in candidates:
        if len(parts) == 2 and all(p in known for p in parts) and len(parts[0]) + len(parts[1]) >= 4:
            return True
        if len(parts) == 1 and parts[0] in glued:
            return True
    words = {p for parts in candidates for p in parts if len(p) >= 3}
    return len(words & known) >= SEPARATE_WORDS
