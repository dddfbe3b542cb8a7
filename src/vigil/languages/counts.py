"""Tolls in one sentence: who was killed, injured, kidnapped or arrested, and how many.

A fate word (ہلاک، زخمی; tués, blessés; मारे गए) takes the count written next to it, on the side
its language puts it (lexicon ``fates[].side``): Urdu and Hindi write "20 افراد ہلاک", French and
Portuguese also "a tué cinq policiers", Arabic "مقتل 5 أشخاص". Walking from the fate word it collects
numbers and the people they count, across lists ("آٹھ خواتین اور تین بچیاں"), stopping at a word that
says the numbers before it are part of the total ("... سمیت 15 افراد": including), at another fate
word, or after a few words of anything else. A person named without a number is one ("ڈاکٹر ہلاک
ہوگئے"); a plural without one ("متعدد افراد") says no number. Attackers counted ("7 دہشتگرد ہلاک")
are also kept apart, as ``perpetrators_killed``. "The toll has risen to N" (lexicon ``tolls``)
gives a figure that replaces the earlier ones of the report.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from vigil.languages.lexicon import Lexicon
from vigil.languages.numbers import Quantity, find_quantities, number_body
from vigil.model import Count

FIELDS = ("fatalities", "injured", "kidnapped", "arrested")
_HARD_BREAK = re.compile(r"[،,;؛:]")


@dataclass
class Item:
    kind: str  # num | noun | vague | fate | subset | join
    start: int
    end: int
    quantity: Optional[Quantity] = None
    number: Optional[str] = None  # a noun's grammatical number: sg | pl | any
    perpetrator: bool = False
    field: Optional[str] = None
    side: Optional[str] = None
    non_count: bool = False  # a number of bullets, hours, rupees or a date


@dataclass
class SentenceCounts:
    counts: dict[str, Count] = field(default_factory=dict)
    update: set[str] = field(default_factory=set)  # fields stated as a running toll
    fates: list[tuple[int, int, str]] = field(default_factory=list)  # folded spans of fate words


@functools.lru_cache(maxsize=None)
def _noun_table(lex: Lexicon) -> dict[str, tuple[str, bool]]:
    persons = lex.get("persons", default={}) or {}
    perpetrators = {lex.key(w) for w in persons.get("perpetrators", [])}
    table = {}
    for number in ("pl", "any", "sg"):
        for word in persons.get(number, []):
            key = lex.key(word)
            table[key] = (number, key in perpetrators)
    for key in perpetrators:
        table.setdefault(key, ("any", True))
    return table


def tag(lex: Lexicon, text: str, masked: list[tuple[int, int]] = ()) -> list[Item]:
    """The counting words of a folded sentence, in order, none overlapping; nothing inside the
    ``masked`` spans (place and group names: "عباسی شہید ہسپتال" is no death)."""
    candidates: list[Item] = []
    for q in find_quantities(lex, text):
        candidates.append(Item("num", q.start, q.end, quantity=q))
    nouns = _noun_table(lex)
    for m in lex.words("persons", nouns).finditer(text):
        number, perpetrator = nouns.get(lex.key(m.group(0)), ("any", False))
        candidates.append(Item("noun", m.start(), m.end(), number=number, perpetrator=perpetrator))
    for m in lex.words("vague_persons", lex.get("vague_persons", default=[])).finditer(text):
        candidates.append(Item("vague", m.start(), m.end()))
    for i, fate in enumerate(lex.get("fates", default=[])):
        for m in lex.regex(f"fate{i}", fate["pattern"]).finditer(text):
            candidates.append(Item("fate", m.start(), m.end(), field=fate["field"], side=fate.get("side", "before")))
    for m in lex.words("subset", lex.get("subset_markers", default=[])).finditer(text):
        candidates.append(Item("subset", m.start(), m.end()))
    for m in lex.words("joiners", [w for w in lex.get("list_joiners", default=[]) if w.strip(",،")]).finditer(text):
        candidates.append(Item("join", m.start(), m.end()))
    for m in re.finditer(r"[،,]", text):
        candidates.append(Item("join", m.start(), m.end()))
    # A number is of something else when a unit follows it: bullets, o'clock, rupees, a month.
    units = lex.words("units", lex.get("not_count_units", default=[]))
    for item in candidates:
        if item.kind == "num":
            after = units.match(text, _skip_space(text, item.end))
            item.non_count = bool(after) or _is_year(text, item)
    chosen: list[Item] = []
    taken: list[tuple[int, int]] = list(masked)
    priority = {"fate": 0, "num": 1, "subset": 2, "noun": 3, "vague": 4, "join": 5}
    for item in sorted(candidates, key=lambda it: (-(it.end - it.start), priority[it.kind], it.start)):
        if any(item.start < e and s < item.end for s, e in taken):
            continue
        taken.append((item.start, item.end))
        chosen.append(item)
    return sorted(chosen, key=lambda it: it.start)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _is_year(text: str, item: Item) -> bool:
    q = item.quantity
    return q is not None and 1900 <= q.value <= 2100 and text[q.start:q.end].strip().isdigit()


def _words_between(text: str, start: int, end: int) -> int:
    return len([w for w in text[start:end].split() if any(c.isalnum() for c in w)])


@dataclass
class _Walk:
    groups: list[tuple[Quantity, bool]] = field(default_factory=list)  # (quantity, of attackers)
    bare: list[tuple[str, bool]] = field(default_factory=list)  # nouns without a number: (number, attackers)
    plural: bool = False


def _walk(lex: Lexicon, text: str, items: list[Item], at: int, step: int, fate: Item) -> _Walk:
    """Collect the counts next to the fate word at ``items[at]``, walking back (step -1) or on (+1)."""
    budget = int(lex.get("count_gap_words", default=3))
    walk = _Walk()
    pending: Optional[Item] = None  # a noun waiting for its number (walking back) or just counted
    edge = fate.start if step < 0 else fate.end
    i = at + step
    collected_any = False
    while 0 <= i < len(items):
        item = items[i]
        between = _words_between(text, item.end, edge) if step < 0 else _words_between(text, edge, item.start)
        allowed = budget if not collected_any else 0
        if between > allowed:
            break
        if item.kind == "fate":
            break
        if item.kind == "subset":
            if step < 0:
                break  # what comes before "including" is inside the total
            i += step
            edge = item.end
            continue
        if item.kind == "vague":
            walk.plural = True
            break
        if item.kind == "num":
            if item.non_count:
                break
            noun = pending if step < 0 else _next_noun(text, items, i)
            walk.groups.append((item.quantity, bool(noun and noun.perpetrator)))
            pending = None
            collected_any = True
            if step > 0 and noun is not None:
                i = items.index(noun)
                edge = noun.end
                i += step
                continue
        elif item.kind == "noun":
            if pending is not None:
                _finish_bare(walk, pending)
            pending = item
            collected_any = True
        elif item.kind == "join":
            if not collected_any:
                break
            if step < 0 and pending is not None:
                _finish_bare(walk, pending)
                pending = None
        edge = item.start if step < 0 else item.end
        i += step
    if pending is not None and step < 0:
        _finish_bare(walk, pending)
    return walk


def _next_noun(text: str, items: list[Item], i: int) -> Optional[Item]:
    nxt = items[i + 1] if i + 1 < len(items) else None
    if nxt is not None and nxt.kind == "noun" and _words_between(text, items[i].end, nxt.start) <= 1:
        return nxt
    return None


def _finish_bare(walk: _Walk, noun: Item) -> None:
    if noun.number == "pl":
        walk.plural = True
    else:
        walk.bare.append((noun.number, noun.perpetrator))


def _fate_count(lex: Lexicon, text: str, items: list[Item], at: int) -> tuple[Optional[Count], Optional[Count]]:
    """(the count the fate word at ``items[at]`` takes, the attackers among it); a count no number
    states (a person named) is marked by ``items[at].non_count``."""
    fate = items[at]
    walk = _walk(lex, text, items, at, -1, fate) if fate.side in ("before", "both") else _Walk()
    if not walk.groups and not walk.bare and fate.side in ("after", "both"):
        walk = _walk(lex, text, items, at, +1, fate)
    tail = text[fate.end:fate.end + 40]
    plural_after = bool(lex.regex("plural_after", lex.get("plural_after"), bounded=False).match(tail))
    fate.non_count = not walk.groups
    if walk.groups:
        total = _sum([Count(q.low, q.best, q.high) for q, _ in walk.groups])
        attackers = [Count(q.low, q.best, q.high) for q, own in walk.groups if own]
        return total, (_sum(attackers) if attackers else None)
    if walk.plural:
        return None, None
    # A person named without a number is one; a noun that is also its own plural ("اہلکار") is
    # one only when the verb after the fate word is singular.
    # Two nouns joined ("میجر اور سپاہی") take a plural verb: each is one.
    ones = [own for number, own in walk.bare if number == "sg" or not plural_after or len(walk.bare) > 1]
    if walk.bare:
        if not ones:
            return None, None
        n = len(ones)
        attackers = sum(1 for own in ones if own)
        return Count(n, n, n), (Count(attackers, attackers, attackers) if attackers else None)
    if fate.field == "fatalities" or fate.field == "injured":
        # "ناصر محمود جاں بحق ہو گئے": the victim is named, so one (verbs of respect are plural)
        if lex.regex("those_who_after", lex.get("those_who_after"), bounded=False).match(tail):
            return None, None
        return Count(1, 1, 1), None
    return None, None


def _only_attackers(count: Count, attackers: Optional[Count]) -> bool:
    return attackers is not None and attackers.best == count.best


def _sum(counts: list[Count]) -> Count:
    def add(values):
        return None if any(v is None for v in values) else sum(values)
    return Count(add([c.low for c in counts]), add([c.best for c in counts]), add([c.high for c in counts]))


def _widest(a: Optional[Count], b: Optional[Count]) -> Optional[Count]:
    if a is None or b is None:
        return a or b
    return max((a, b), key=lambda c: (c.best or 0, c.low or 0, c.high or 0))


def sentence_counts(lex: Lexicon, text: str, masked: list[tuple[int, int]] = ()) -> SentenceCounts:
    """The figures one folded sentence states. Groups told together add up ("دو سپاہی شہید جبکہ
    پانچ حملہ آور مارے گئے": seven dead); clauses a comma separates may tell another incident in the
    same run-on sentence, so across them the larger figure stands."""
    result = SentenceCounts()
    if lex.regex("subset_sentence", lex.get("subset_sentence"), bounded=False).search(text):
        return result  # "among the dead were eight women": a breakdown of a toll told elsewhere
    items = tag(lex, text, masked)
    # per field: segments of (count, attackers among it); a new segment after a comma
    segments: dict[str, list[list[Optional[Count]]]] = {}
    last_end: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.kind != "fate":
            continue
        result.fates.append((item.start, item.end, item.field))
        count, own = _fate_count(lex, text, items, index)
        if count is None:
            continue
        name = item.field
        previous = segments.get(name, [None])[-1]
        # "six attackers killed, a major and a soldier martyred": the two sides of one fight
        other_side = previous is not None and _only_attackers(*previous) != _only_attackers(count, own)
        if item.non_count and previous is not None and not other_side:
            continue  # "شہید اہلکار": the victim told again, not another one
        joined = previous is not None and (not _HARD_BREAK.search(text, last_end[name], item.start) or other_side)
        if joined:
            previous[0] = _sum([previous[0], count])
            previous[1] = _sum([c for c in (previous[1], own) if c is not None]) if (previous[1] or own) else None
        else:
            segments.setdefault(name, []).append([count, own])
        last_end[name] = item.end
    for name, parts in segments.items():
        best = max(parts, key=lambda p: (p[0].best or 0, p[0].low or 0, p[0].high or 0))
        result.counts[name] = best[0]
        if name == "fatalities" and best[1] is not None:
            result.counts["perpetrators_killed"] = best[1]
    for i, toll in enumerate(lex.get("tolls", default=[])):
        pattern = lex.regex(f"toll{i}", toll["pattern"], NUM=f"(?P<num>{number_body(lex)})")
        for m in pattern.finditer(text):
            quantities = find_quantities(lex, text[m.start("num"):])
            if quantities:
                q = quantities[0]
                result.counts[toll["field"]] = Count(q.low, q.best, q.high)
                result.update.add(toll["field"])
    return result
