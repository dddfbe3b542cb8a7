"""Claims: every figure a report states — force sizes, populations, tolls over a period, case and
conviction numbers, ratios, rates, percentages, money, distances and running ordinals.

A claim is a statistic, not an incident: "a bomb killed 13 commandos on Thursday" is the incident's
own count and is left to the incident extractor, while "the 2013 toll of 166 police deaths", "its
100th police officer this year" and "one dies every day" are claims.  A casualty count becomes a
claim only when the sentence aggregates (a toll, a period, an average, several attacks) and does not
report one attack.

Bounds (DESIGN's counting rules, extended to stated figures):
  plain "15,000"                   → low = high = value
  "more than / over / at least X"  → low X, high null
  "almost / nearly / close to X"   → low null, high X, approximate
  "up to / under / fewer than X"   → low null, high X
  "about / around / some X"        → low = high = value, approximate
  "20 or maybe 25"                 → 20 .. 25
Rates carry their unit in the quantity ("police officers killed per day"); a ratio's value is how
many of the second thing there are for one of the first ("inhabitants per police officer": 1524).
Money's quantity is what the money is (ransom, bounty) or else its currency; with both, the
currency is the qualifier.  Cue words, units and period phrases live in ``data/claims.json``.
"""
from __future__ import annotations

import calendar
import functools
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from typing import Iterable, Optional

from vigil.extract.counts import find_counts
from vigil.extract.dates import ReportDate, add_days, shift_months
from vigil.extract.numbers import NUMERAL_PATTERN, find_quantities, largest_figure, number_tables, numeral_value, parse_number
from vigil.model import Claim, Document, Evidence, Period, stable_id

PLACE_LABELS = ("GPE", "LOC", "FAC")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERAL = rf"(?:{NUMERAL_PATTERN})(?:\.\d+)?"


# --------------------------------------------------------------------------- tables


@functools.lru_cache(maxsize=1)
def claim_tables() -> dict:
    return json.loads(resources.files("vigil.extract").joinpath("data/claims.json").read_text("utf-8"))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _compiled() -> dict:
    t = claim_tables()
    nt = number_tables()
    counted = {lemma for key, words in t["counted_nouns"].items() if key != "_about" for lemma in words}
    number_words = _alternation(list(nt["units"]) + list(nt["tens"]) + ["hundred", "thousand"])
    scales = _alternation(t["scale_words"])
    single = rf"(?:{_NUMERAL}|(?:{number_words})(?:[ -](?:{number_words}))*)"
    qualifiers = _alternation(
        nt["lower_bound_qualifiers"] + nt["approximate_qualifiers"] + nt["upper_bound_qualifiers"] + ["just under", "just over"]
    )
    amount = rf"(?:(?P<qual>{qualifiers})\s+)?(?P<num>{single})(?:\s*(?P<scale>{scales})\b)?"
    periods = t["period_phrases"]
    point = periods["point_regex"].replace("MONTH", _MONTH_RE)
    numword = _alternation(k for k in periods["number_words"] if k not in ("a", "an"))
    period_rules = [
        (r["rule"], re.compile(r["regex"].replace("POINT", point).replace("NUMWORD", numword), re.I))
        for r in periods["rules"]
    ]
    return {
        "counted": counted,
        "time_units": set(t["time_units"]),
        "amount": amount,
        "qualifiers": qualifiers,
        "money_before": re.compile(
            rf"(?<![\w$£€])(?:(?P<pre>{qualifiers})\s+)?(?P<cur>{_alternation(t['currencies_before'])})\s?{amount}", re.I
        ),
        "money_after": re.compile(
            rf"(?<![\w.,$])(?:(?P<qual>{qualifiers})\s+)?(?P<num>{single})(?:\s*(?P<scale>{scales})\b)?\s+(?:(?:US|American|Pakistani)\s+)?(?P<cur>{_alternation(t['currencies_after'])})\b",
            re.I,
        ),
        "money_vague": re.compile(
            rf"\b(?P<vague>{_alternation(t['vague_money'])})\s+of\s+(?P<cur>{_alternation(t['currencies_after'])})\b", re.I
        ),
        "money_purpose": re.compile(rf"\b(?P<purpose>{_alternation(t['money_purposes'])})\b", re.I),
        "percent": re.compile(rf"(?<![\w.,])(?:(?P<qual>{qualifiers})\s+)?(?P<num>{single})(?={t['percent_regex']})(?P<sign>{t['percent_regex']})", re.I),
        "distance": re.compile(
            rf"(?<![\w.,])(?:(?P<qual>{qualifiers})\s+)?(?P<num>{single})\s*(?P<unit>{_alternation(t['distance_units'])})\b(?!-)",
            re.I,
        ),
        "ordinal": re.compile(
            rf"\b(?P<num>\d+)(?:st|nd|rd|th)\b|\b(?P<word>{_alternation(t['ordinal_words'])})\b", re.I
        ),
        "ratio": re.compile(t["ratio_regex"], re.I),
        "one_in": re.compile(t["one_in_regex"], re.I),
        "rate": re.compile(t["rate_regex"], re.I),
        "zero": re.compile(t["zero_regex"], re.I),
        "aggregate": re.compile(t["aggregate_cues_regex"], re.I),
        "plural_incidents": {w.lower() for w in t["aggregate_plural_nouns"]},
        "anaphoric_period": re.compile(t["anaphoric_period_regex"], re.I),
        "single_incident": re.compile(t["single_incident_regex"].replace(r"(?:\w+\s+)", r"(?:[\w-]+\s+)"), re.I),
        "not_before": re.compile(t["not_count_before_regex"], re.I),
        "age_after": re.compile(t["age_after_regex"], re.I),
        "clock": re.compile(t["clock_regex"], re.I),
        "date_year": re.compile(rf"\b(?:{_MONTH_RE})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s*(?:of\s+)?$", re.I),
        "date_before": re.compile(rf"\b(?:{_MONTH_RE})\.?\s*$", re.I),
        "date_after": re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTH_RE})\b", re.I),
        "attribution_prefix": re.compile(t["attribution_prefixes_regex"], re.I),
        "title": re.compile(t["person_titles_regex"], re.I),
        "officer_context": re.compile(t["officer_context"]["context_regex"], re.I),
        "periods": period_rules,
        "point": re.compile(
            rf"^(?:(?P<m>{_MONTH_RE})\.?\s+(?:of\s+)?)?(?:(?P<y>(?:19|20)\d\d)|(?P<rel>this|last)\s+year)$|^(?P<m2>{_MONTH_RE})$",
            re.I,
        ),
    }


# --------------------------------------------------------------------------- mentions


@dataclass
class _Mention:
    """One figure in a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    value: float
    low: Optional[float]
    high: Optional[float]
    approximate: bool
    kind: str = "count"
    quantity: Optional[str] = None
    qualifier: Optional[str] = None
    per: Optional[str] = None  # rate unit: day, week, ...
    anchor: Optional[int] = None  # where the number's own token sits (for noun lookup)
    whole: bool = False  # a total that a later figure in the sentence takes a part of


def _bounds(qual: Optional[str], value: float) -> tuple[Optional[float], Optional[float], bool]:
    """low, high, approximate for a figure and its qualifier word, per the module's rules."""
    nt = number_tables()
    q = (qual or "").lower()
    if q in (w.lower() for w in nt["lower_bound_qualifiers"]) or q == "just over":
        return value, None, False
    if q in ("almost", "nearly", "close to", "just under"):
        return None, value, True
    if q in (w.lower() for w in nt["upper_bound_qualifiers"]):
        return None, value, False
    if q:
        return value, value, True
    return value, value, False


def _amount(match: re.Match) -> Optional[float]:
    raw = match.group("num")
    if raw is None:
        return None
    value = numeral_value(raw) if re.fullmatch(_NUMERAL, raw) else parse_number(raw)
    if value is None:
        return None
    scale = match.groupdict().get("scale")
    if scale:
        value *= claim_tables()["scale_words"][scale.lower()]
    return float(value) if value <= largest_figure() else None


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _money(text: str, taken: list) -> list[_Mention]:
    c, t = _compiled(), claim_tables()
    found = []
    for pattern, table in ((c["money_before"], t["currencies_before"]), (c["money_after"], t["currencies_after"])):
        for m in pattern.finditer(text):
            value = _amount(m)
            if value is None or _overlaps(m.start(), m.end(), taken):
                continue
            if pattern is c["money_after"] and not m.group("scale") and m.group("num").isdigit() and 1900 <= value <= 2100:
                continue
            low, high, approx = _bounds(m.group("qual") or m.groupdict().get("pre"), value)
            found.append(_Mention(m.start(), m.end(), value, low, high, approx, "money",
                                  qualifier=table[m.group("cur").lower()]))
            taken.append((m.start(), m.end()))
    for m in c["money_vague"].finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        value = float(t["vague_money"][m.group("vague").lower()])
        found.append(_Mention(m.start(), m.end(), value, value, None, True, "money",
                              qualifier=t["currencies_after"][m.group("cur").lower()]))
        taken.append((m.start(), m.end()))
    # A figure that is plainly money without a currency: "4 million handed over in ransom money".
    purposes = list(c["money_purpose"].finditer(text))
    if purposes:
        for m in re.finditer(rf"(?<![\w.,$])(?:(?P<qual>{c['qualifiers']})\s+)?(?P<num>{_NUMERAL})(?:\s*(?P<scale>{_alternation(t['scale_words'])})\b)?", text, re.I):
            if _overlaps(m.start(), m.end(), taken):
                continue
            # "4 million handed over in ransom", "500,000 in ransom"; not "115 cases of kidnap for ransom"
            near = [p for p in purposes if (0 <= p.start() - m.end() <= 40 and (
                m.group("scale") or re.fullmatch(r"\s*(?:(?:in|as|of|for|the|a|an|paid)\s+)*", text[m.end():p.start()])))
                or 0 <= m.start() - p.end() <= 12]
            value = _amount(m)
            if not near or value is None:
                continue
            low, high, approx = _bounds(m.group("qual"), value)
            found.append(_Mention(m.start(), m.end(), value, low, high, approx, "money"))
            taken.append((m.start(), m.end()))
    for mention in found:
        if mention.kind == "money":
            purpose = _nearest(purposes, mention)
            if purpose:
                mention.quantity = purpose.group("purpose").lower()
            else:
                mention.quantity, mention.qualifier = mention.qualifier, None
    return found


def _nearest(matches: list[re.Match], mention: _Mention) -> Optional[re.Match]:
    near = [p for p in matches if -12 <= p.start() - mention.end <= 40 or 0 <= mention.start - p.end() <= 12]
    return min(near, key=lambda p: abs(p.start() - mention.end)) if near else None


def _percentages(text: str, taken: list) -> list[_Mention]:
    found = []
    for m in _compiled()["percent"].finditer(text):
        value = _amount(m)
        if value is None or _overlaps(m.start(), m.end(), taken):
            continue
        low, high, approx = _bounds(m.group("qual"), value)
        found.append(_Mention(m.start(), m.end(), value, low, high, approx, "percentage"))
        taken.append((m.start(), m.end()))
    return found


def _distances(text: str, taken: list) -> list[_Mention]:
    units = claim_tables()["distance_units"]
    found = []
    for m in _compiled()["distance"].finditer(text):
        value = _amount(m)
        if value is None or _overlaps(m.start(), m.end(), taken):
            continue
        if m.group("unit") == "m" and not re.fullmatch(r"\d[\d,.]*", m.group("num")):
            continue
        low, high, approx = _bounds(m.group("qual"), value)
        found.append(_Mention(m.start(), m.end(), value, low, high, approx, "distance",
                              quantity=units[m.group("unit").lower()]))
        taken.append((m.start(), m.end()))
    return found


def _number_value(raw: str) -> Optional[float]:
    raw = raw.strip()
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", raw):
        return numeral_value(raw)
    if raw.lower() in ("a", "an"):
        return 1.0
    parsed = parse_number(raw)
    return float(parsed) if parsed is not None else None


def _ratios(text: str, taken: list) -> list[_Mention]:
    """'one officer for every 1,524 inhabitants' → 1524 inhabitants per officer."""
    c = _compiled()
    qualifiers = set(claim_tables()["qualifier_adjectives"])
    found = []
    for m in c["ratio"].finditer(text):
        a, b = _number_value(m.group("a")), _number_value(m.group("b"))
        if not a or not b or _overlaps(m.start(), m.end(), taken):
            continue
        words = m.group("x").split()
        qualifier = []
        while words and words[0].lower() in qualifiers:
            qualifier.append(words.pop(0))
        if not words:
            continue
        value = b / a
        b_start = m.start("b")
        found.append(_Mention(b_start, m.end("b"), value, value, value, False, "ratio",
                              quantity=f"{m.group('y').lower()} per {' '.join(words).lower()}",
                              qualifier=" ".join(qualifier).lower() or None))
        taken.append((m.start(), m.end()))
    for m in c["one_in"].finditer(text):
        a, b = _number_value(m.group("a")), _number_value(m.group("b"))
        if not a or not b or _overlaps(m.start(), m.end(), taken):
            continue
        # "one in five officers": a share, stated as a percentage of the officers
        value = round(100 * a / b, 2)
        found.append(_Mention(m.start(), m.end("b"), value, value, value, False, "percentage",
                              quantity=m.group("y").lower()))
        taken.append((m.start(), m.end()))
    return found


def _date_number(text: str, start: int, end: int) -> bool:
    c = _compiled()
    return bool(c["date_before"].search(text[:start]) or c["date_after"].match(text[end:]))


def _ordinals(text: str, taken: list) -> list[_Mention]:
    t = claim_tables()
    found = []
    for m in _compiled()["ordinal"].finditer(text):
        if _overlaps(m.start(), m.end(), taken) or _date_number(text, m.start(), m.end()):
            continue
        value = numeral_value(m.group("num")) if m.group("num") else float(t["ordinal_words"][m.group("word").lower()])
        if value is None:
            continue  # "the 10000000000000000000th": no running count reaches it
        found.append(_Mention(m.start(), m.end(), value, value, value, False, "ordinal"))
    return found


def _zeros(text: str, taken: list) -> list[_Mention]:
    """'none of these came to trial', 'not a single conviction' → 0 trials, 0 convictions."""
    outcomes = claim_tables()["zero_outcomes"]
    pattern = re.compile(rf"\b({_alternation(outcomes)})\w*", re.I)
    found = []
    for m in _compiled()["zero"].finditer(text):
        outcome = pattern.search(text, m.end())
        if not outcome or outcome.start() - m.end() > 80 or _overlaps(m.start(), m.end(), taken):
            continue
        found.append(_Mention(m.start(), m.end(), 0.0, 0.0, 0.0, False, "count",
                              quantity=outcomes[outcome.group(1).lower()]))
        taken.append((m.start(), m.end()))
    return found


def _counts(text: str, taken: list) -> list[_Mention]:
    c, t = _compiled(), claim_tables()
    scale_re = re.compile(rf"^\s*({_alternation(t['scale_words'])})\b", re.I)
    found = []
    for q in find_quantities(text):
        start, end, value = q.start, q.end, float(q.value)
        if _overlaps(start, end, taken):
            continue
        if q.text.lower().strip() in t["vague_not_claims"] or any(
            q.text.lower().endswith(" " + v) for v in t["vague_not_claims"]
        ):
            continue
        if re.match(r"\.\d", text[end:]) or re.search(r"\d[.:]$", text[:start]):
            continue  # part of a decimal or a clock time we do not read as a count
        # "2 lakh", "1.5 million": a scale word after the quantity multiplies every bound of it
        # (a quantity of 0 included: "0 million" is 0, never a division by it).
        factor = 1
        scale = scale_re.match(text[end:])
        if scale and not q.text.lower().endswith(scale.group(1).lower()):
            factor = t["scale_words"][scale.group(1).lower()]
            value *= factor
            end += scale.end()
            if value > largest_figure():
                continue
        before, after = text[:start], text[end:]
        if c["not_before"].search(before) or c["age_after"].match(after) or c["clock"].match(after):
            continue
        if _date_number(text, start, end) or re.match(r"^\s*[-–/]\s*\d", after) or re.search(r"\d\s*[-–/]\s*$", before):
            continue
        qual = re.match(rf"({c['qualifiers']})\s", q.text, re.I)
        if q.low is not None and q.high is not None and q.low != q.high:  # a stated range
            low, high, approximate = q.low * factor, q.high * factor, q.approximate
        elif q.high is None and q.low is not None and not qual:  # a vague quantity ("dozens")
            low, high, approximate = value, None, True
        else:
            low, high, approximate = _bounds(qual.group(1) if qual else None, value)
        found.append(_Mention(start, end, value, low, high, approximate, "count"))
    return found


# --------------------------------------------------------------------------- the counted thing


def _tokens_for(span, start: int, end: int):
    return span.doc.char_span(span.start_char + start, span.start_char + end, alignment_mode="expand")


def _number_token(span, mention: _Mention):
    toks = _tokens_for(span, mention.start, mention.end)
    if toks is None or len(toks) == 0:
        return None
    nums = [tok for tok in toks if tok.like_num or tok.pos_ == "NUM" or tok.lower_ in claim_tables()["scale_words"]]
    tok = nums[-1] if nums else toks[-1]
    # climb "20" → "million", "two" → "dozen" while the head is still part of the number
    while tok.head.i != tok.i and tok.head.pos_ == "NUM" and tok.head.i > tok.i and tok.head.i <= toks.end:
        tok = tok.head
    return tok


def _pluralise(phrase: str) -> str:
    words = phrase.split(" ")
    head = words[-1]
    low = head.lower()
    if low.endswith("s") or low.endswith("men") or low in ("police", "staff", "personnel", "people", "population", "children", "men", "women"):
        return phrase
    if low.endswith("man"):
        head = head[:-3] + "men"
    elif re.search(r"[^aeiou]y$", low):
        head = head[:-1] + "ies"
    elif re.search(r"(?:ch|sh|x)$", low):
        head += "es"
    else:
        head += "s"
    return " ".join(words[:-1] + [head])


def _phrase(head, after_index: int) -> tuple[str, Optional[str]]:
    """The counted noun phrase ending at ``head`` (from after the number), and its qualifier."""
    t = claim_tables()
    qualifiers, dropped = set(t["qualifier_adjectives"]), set(t["dropped_adjectives"])
    doc = head.doc
    first = head.i
    for tok in reversed(list(head.lefts)):
        if tok.i <= after_index or tok.dep_ in ("det", "poss", "nummod", "punct", "case", "predet"):
            break
        first = min(first, tok.left_edge.i)
    first = max(first, after_index + 1)
    words, qualifier = [], []
    # leading qualifiers and descriptive words: "active", "suspected", "heavily armed"
    text = doc[first:head.i + 1].text
    tokens = re.findall(r"[\w’'.-]+", text)
    while len(tokens) > 1:
        w = tokens[0].lower()
        if w in qualifiers:
            qualifier.append(tokens.pop(0))
        elif w.endswith("ly") and len(tokens) > 2:
            del tokens[:2]  # "heavily armed"
        elif w in dropped:
            tokens.pop(0)
        elif doc[first].pos_ == "DET":
            tokens.pop(0)
        else:
            break
    for w in tokens:
        words.append(w if w[:1].isupper() and not w.isupper() or (w.isupper() and len(w) > 1) else w.lower())
    return " ".join(words), (" ".join(q.lower() for q in qualifier) or None)


def _of_phrase(head) -> Optional[tuple[str, Optional[str]]]:
    """'members of the Awami National Party' → 'Awami National Party members'."""
    if head.lemma_.lower() not in claim_tables()["container_nouns"]:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            inner, _ = _phrase(pobj, prep.i)
            rest = [c for c in pobj.rights if c.dep_ == "prep"]
            qualifier = " ".join(t.text for t in rest[0].subtree) if rest else None
            return f"{inner} {head.text.lower()}", qualifier
    return None


def _including(head) -> Optional[str]:
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("including", "excluding", "besides"):
            return " ".join(t.text for t in prep.subtree)
    return None


def _noun_for(num_tok, span):
    """The noun a number counts: 'officers' in '15,000 officers', 'colleagues' in '156 of their
    colleagues'; None when the number stands alone."""
    doc = span.doc
    if num_tok.dep_ == "quantmod" and num_tok.head.pos_ == "NUM" and num_tok.head.i > num_tok.i:
        # "five of 15 police stations": the part counts what the whole counts
        whole, _ = _noun_for(num_tok.head, span)
        if whole is not None:
            return whole, True
    if num_tok.dep_ in ("nummod", "amod", "compound", "quantmod", "npadvmod") and num_tok.head.pos_ in ("NOUN", "PROPN") \
            and num_tok.head.i > num_tok.i and num_tok.head.i < span.end:
        return num_tok.head, False
    for child in num_tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            pobj = next((c for c in child.subtree if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if pobj is not None:
                # "156 of their colleagues" is a part of a whole; "hundreds of workers" is not
                whole = any(c.dep_ in ("det", "poss", "nummod") for c in pobj.children)
                return pobj, whole
    # The parser sometimes leaves the noun unattached: read the words that follow.
    j = num_tok.i + 1
    last = None
    while j < span.end and j <= num_tok.i + 4 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN", "ADV") and not doc[j].is_punct:
        if doc[j].pos_ in ("NOUN", "PROPN"):
            last = doc[j]
        elif last is not None:
            break
        j += 1
    if last is not None and doc[num_tok.i + 1].pos_ != "ADV":
        return last, False
    return None, False


def _antecedent(num_tok, span):
    """For a number with no noun ('of 286 members, just three ...'): the counted noun before it,
    preferring one that is itself counted (then the number is a part of that whole)."""
    counted = _compiled()["counted"]
    candidates = [t for t in span if t.i < num_tok.i and t.tag_ in ("NNS", "NNPS")]
    numbered = [t for t in candidates if any(c.dep_ == "nummod" for c in t.children)]
    if numbered:
        return numbered[-1], True
    pool = [t for t in candidates if t.lemma_.lower() in counted]
    return (pool[-1], False) if pool else (None, False)


def _clause_aggregates(tok) -> bool:
    """True when the clause of the counted noun speaks of several incidents ('attacks have
    killed 80 members', 'killed in various target killings')."""
    plural = _compiled()["plural_incidents"]
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    skip = {t.i for child in verb.children if child.dep_ in ("conj", "ccomp", "advcl") for t in child.subtree}
    return any(t.lower_ in plural for t in verb.subtree if t.i not in skip)


def _predicate(tok) -> Optional[str]:
    """What a subset is said to be: 'considered safe', 'engaged in V.I.P. duty'."""
    while tok.dep_ not in ("nsubj", "nsubjpass") and tok.dep_ in ("quantmod", "nummod") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    verb = tok.head
    comp = next((c for c in verb.rights if c.dep_ in ("acomp", "oprd", "prep", "attr", "xcomp")), None)
    words = [] if verb.lemma_ == "be" else [verb]
    if comp is not None:
        cut = {t.i for c in comp.subtree if c.dep_ in ("acl", "relcl", "appos") for t in c.subtree}
        words += [t for t in comp.subtree if t.i not in cut]
    words = [w for w in words if not w.is_punct][:6]
    if not words:
        return None
    return " ".join(w.text for w in words)


def _participle(*tokens) -> Optional[str]:
    """'killed' when the counted thing is killed ('10,700 citizens were killed', 'one dies',
    'attacks have killed 80 members', 'the killing of its 100th officer')."""
    table = claim_tables()["participles"]
    extra = {"killing": "killed", "death": "killed", "kidnapping": "kidnapped", "abduction": "abducted"}
    for tok in tokens:
        if tok is None:
            continue
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "conj", "appos") and head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in table:
                return table[head.lemma_.lower()]
            if tok.dep_ == "conj":
                continue
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of":
            lemma = head.head.lemma_.lower()
            if lemma in extra:
                return extra[lemma]
    return None


# --------------------------------------------------------------------------- periods


def _point(text: str, base: Optional[ReportDate]) -> Optional[tuple[date, date]]:
    """A period's end point ('September 2013', 'last year', 'August this year') as a date range."""
    m = _compiled()["point"].match(re.sub(r"\s+", " ", text.strip()))
    if not m:
        return None
    month_name = m.group("m") or m.group("m2")
    if m.group("y"):
        year = int(m.group("y"))
    elif base is None:
        return None
    elif m.group("rel"):
        year = base.day.year - (1 if m.group("rel").lower() == "last" else 0)
    else:  # a month alone: the latest one begun by the report's date
        month = MONTHS[month_name.lower()]
        year = base.day.year if date(base.day.year, month, 1) <= base.day else base.day.year - 1
    if month_name:
        month = MONTHS[month_name.lower()]
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def _span_length(n: str, unit: str) -> tuple[int, str]:
    words = claim_tables()["period_phrases"]["number_words"]
    if n[:1].isdigit():
        count = parse_number(n)
        if count is None:  # a run of digits: longer than the calendar, like any count past it
            count = largest_figure()
    else:
        count = words.get(n.lower(), 1)
    return count, unit.lower().rstrip("s")


def _moved(day: date, count: int, unit: str) -> Optional[date]:
    """``day`` moved by ``count`` years, months or weeks; None past the calendar's ends."""
    if unit == "year":
        return shift_months(day, 12 * count)
    if unit == "month":
        return shift_months(day, count)
    return add_days(day, 7 * count)


def _minus(day: date, count: int, unit: str) -> Optional[date]:
    """The first day of the ``count`` units ending on ``day`` (None: before the calendar's start,
    so the period is open at its start)."""
    moved = _moved(day, -count, unit)
    return add_days(moved, 1) if moved else None


def _plus(day: date, count: int, unit: str) -> Optional[date]:
    """The last day of the ``count`` units starting on ``day`` (None: past the calendar's end)."""
    moved = _moved(day, count, unit)
    return add_days(moved, -1) if moved else None


def _resolve_period(rule: str, m: re.Match, base: Optional[ReportDate]) -> Optional[Period]:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    published = base.day if base else None
    if rule in ("from_to", "between"):
        a, b = _point(m.group("a"), base), _point(m.group("b"), base)
        return Period(iso(a[0]) if a else None, iso(b[1]) if b else None) if (a or b) else None
    if rule == "span_since":
        a = _point(m.group("a"), base)
        if not a:
            return None
        count, unit = _span_length(m.group("n"), m.group("unit"))
        return Period(iso(a[0]), iso(_plus(a[0], count, unit)))
    if rule == "first_part":
        a = _point(m.group("a"), base)
        if not a:
            return None
        count, unit = _span_length(m.group("n"), m.group("unit"))
        end = _plus(a[0], count, unit)
        return Period(iso(a[0]), iso(min(end, a[1]) if end else a[1]))
    if rule == "since":
        a = _point(m.group("a"), base)
        return Period(iso(a[0]), iso(published)) if a else None
    if rule == "year_range":
        first, second = m.group("y"), m.group("y2")
        last = int(second) if len(second) == 4 else int(first[:2] + second)
        return Period(f"{first}-01-01", f"{last}-12-31") if last >= int(first) else None
    if rule == "year":
        year = int(m.group("y"))
        return Period(f"{year}-01-01", f"{year}-12-31")
    if base is None:
        return None
    if rule == "past_span":
        count, unit = _span_length(m.groupdict().get("n") or "1", m.group("unit"))
        # "the past 12 months" ends at the report; "over a 12-month period" only by it
        if re.search(r"\b(?:past|last|previous)\b", m.group(0), re.I):
            return Period(iso(_minus(published, count, unit)), iso(published))
        return Period(None, iso(published))
    if rule == "this_year":
        return Period(f"{published.year}-01-01", iso(published))
    if rule == "last_year":
        return Period(f"{published.year - 1}-01-01", f"{published.year - 1}-12-31")
    if rule == "last_month":
        first = shift_months(published.replace(day=1), -1)
        return Period(iso(first), iso(first.replace(day=calendar.monthrange(first.year, first.month)[1])))
    if rule == "so_far":
        return Period(None, iso(published))
    return None


def find_periods(text: str, published: Optional[str]) -> list[tuple[int, int, Period]]:
    """Every period phrase in ``text`` ('in 2013', 'since 2012', 'this year', 'from 2010 until
    last year', 'the first six months of this year') resolved against the report's date."""
    base = ReportDate.parse(published)
    found: list[tuple[int, int, Period]] = []
    for rule, pattern in _compiled()["periods"]:
        for m in pattern.finditer(text):
            if _overlaps(m.start(), m.end(), [(s, e) for s, e, _ in found]):
                continue
            if rule == "year" and (re.match(r"\s*[-–]\s*\d", text[m.end():]) or _compiled()["date_year"].search(text[:m.start()])):
                continue  # a range's first year, or the year of a date ("June 10, 2014", "in November 2018")
            period = _resolve_period(rule, m, base)
            if period is not None:
                found.append((m.start(), m.end(), period))
    return sorted(found, key=lambda f: f[0])


# --------------------------------------------------------------------------- place and source


@functools.lru_cache(maxsize=1)
def _gazetteer():
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        return load_gazetteer()
    except Exception:  # noqa: BLE001 - the knowledge base is optional for extraction
        return None


@functools.lru_cache(maxsize=1)
def _actors():
    try:
        from vigil.knowledge.actors import load_actors

        return load_actors()
    except Exception:  # noqa: BLE001
        return None


def place_name(place: Optional[str]) -> Optional[str]:
    """A gazetteer id ('khi:karachi') as its place's name; any other text as it is."""
    if not place:
        return None
    gazetteer = _gazetteer()
    if gazetteer is not None and place in gazetteer:
        return gazetteer.get(place).name
    return place


def _is_country(ent) -> bool:
    gazetteer = _gazetteer()
    return bool(gazetteer and ent.ent_id_ in gazetteer and gazetteer.get(ent.ent_id_).level == "country")


def _place(span, mention: _Mention) -> Optional[str]:
    """The place the sentence names nearest the figure, a city or finer before a country."""
    ents = [e for e in span.ents if e.label_ in PLACE_LABELS]
    if not ents:
        return None
    at = span.start_char + mention.start
    ent = min(ents, key=lambda e: (_is_country(e), abs(e.start_char - at)))
    name = place_name(ent.ent_id_) if ent.ent_id_ else None
    if not name or name == ent.ent_id_:
        name = re.sub(r"^(?:the)\s+", "", ent.text, flags=re.I)
        name = name.title() if name.isupper() else name
    return name


def _entity_name(ent, people: dict[str, str]) -> str:
    actors = _actors()
    if ent.ent_id_.startswith("actor:") and actors is not None:
        try:
            return actors.get(ent.ent_id_.split(":", 1)[1]).name
        except Exception:  # noqa: BLE001 - an id the dictionary does not know: keep the text
            pass
    name = re.sub(r"^the\s+", "", ent.text, flags=re.I)
    if ent.label_ == "PERSON":
        bare = _compiled()["title"].sub("", name)
        return people.get(bare, bare)
    return name


def _person_names(sentences) -> dict[str, str]:
    """Surname → the fullest name the report gives it ('Gayer' → 'Laurent Gayer')."""
    names: dict[str, str] = {}
    for span in sentences:
        for ent in span.ents:
            if ent.label_ == "PERSON":
                full = _compiled()["title"].sub("", ent.text)
                last = full.split()[-1] if full.split() else full
                if len(full) > len(names.get(last, "")):
                    names[last] = full
    return names


def _attribution(span, people: dict[str, str]) -> Optional[str]:
    """Who the sentence gives the figure to: 'according to X', 'figures from X', 'X said'."""
    t = claim_tables()
    labels = set(t["attribution_labels"])
    ents = [e for e in span.ents if e.label_ in labels]
    for cue in _compiled()["attribution_prefix"].finditer(span.text):
        after = [e for e in ents if 0 <= e.start_char - span.start_char - cue.end() <= 40 and e.label_ != "GPE"]
        if after:
            return _entity_name(min(after, key=lambda e: e.start_char), people)
    verbs = set(t["attribution_verbs"])
    for tok in span:
        if tok.lemma_.lower() in verbs and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                for ent in ents:
                    if ent.label_ in ("ORG", "PERSON") and ent.start <= child.i < ent.end:
                        return _entity_name(ent, people)
    return None


# --------------------------------------------------------------------------- assembly


def _assign_rates(text: str, mentions: list[_Mention]) -> None:
    """'one dies every day': a rate phrase belongs to the nearest figure before it."""
    adverbs = claim_tables()["rate_adverbs"]
    for m in _compiled()["rate"].finditer(text):
        before = [x for x in mentions if x.end <= m.start() and x.kind in ("count", "money")]
        if not before:
            continue
        target = max(before, key=lambda x: x.end)
        unit = m.group("unit") or adverbs[m.group("adverb").lower()]
        target.per = unit.lower()
        if target.kind == "count":
            target.kind = "rate"


def _officer_context(quantity: str, previous: list, span) -> str:
    t = claim_tables()
    oc = t["officer_context"]
    if quantity != oc["noun"]:
        return t["noun_synonyms"].get(quantity, quantity)
    window = [s.text for s in previous[-oc["window"]:]] + [span.text]
    return oc["becomes"] if any(_compiled()["officer_context"].search(w) for w in window) else quantity


def _resolve_count(span, mention: _Mention, previous: list) -> Optional[tuple[bool, bool]]:
    """Fill a count's quantity and qualifier from the parse. Returns (casualty, partition) or None
    when the number counts no noun (a bare number, a duration, a year)."""
    c, t = _compiled(), claim_tables()
    num_tok = _number_token(span, mention)
    if num_tok is None:
        return None
    noun, partition = _noun_for(num_tok, span)
    if noun is None:
        noun, partition = _antecedent(num_tok, span)
    if noun is None:
        return None
    if re.match(r"^\s+(?:of|out\s+of)\s+(?:the\s+|their\s+|its\s+|these\s+|those\s+)?(?:[\w’']+['’]s\s+)?\d", span.text[mention.end:]):
        partition = True  # "five of 15 police stations"
    # the whole a later part is taken from: "of 310 suspected militants ..., just four ..."
    mention.whole = bool(
        re.search(r"\b(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+)?(?:[\w’']+['’]s\s+)?$", span.text[:mention.start], re.I)
        and re.search(r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|none)\b", span.text[mention.end:], re.I)
    )
    lemma = noun.lemma_.lower()
    if lemma in c["time_units"] or noun.lower_ in c["time_units"]:
        return None
    raw_number = span.text[mention.start:mention.end]
    if re.search(r"\b(?:19|20)\d\d$", raw_number) and 1900 <= mention.value <= 2100 and (
        noun.tag_ not in ("NNS", "NNPS") or noun.i != num_tok.i + 1 or partition
    ):
        return None  # a year, not a count
    of_phrase = _of_phrase(noun)
    if of_phrase:
        quantity, qualifier = of_phrase
        qualifier = qualifier or _phrase(noun, num_tok.i if noun.i > num_tok.i else noun.left_edge.i - 1)[1]
    else:
        quantity, qualifier = _phrase(noun, num_tok.i if noun.i > num_tok.i else noun.left_edge.i - 1)
    if not quantity:
        return None
    quantity = _officer_context(_pluralise(quantity), previous, span)
    participle = _participle(num_tok, noun)
    # a subset keeps its own description, not its whole's ("including clerical staff")
    including = None if partition else _including(noun)
    if partition and not participle:
        including = _predicate(num_tok)
    mention.qualifier = mention.qualifier or (f"{qualifier}, {including}" if qualifier and including else qualifier or including)
    casualty = participle in t["casualty_participles"] or lemma in t["casualty_nouns"]
    if participle and lemma not in t["casualty_nouns"]:
        quantity = f"{quantity} {participle}"
    mention.quantity = quantity
    mention.anchor = noun.i
    return casualty, partition


def _resolve_ordinal(span, mention: _Mention, has_period: bool, previous: list) -> bool:
    c, t = _compiled(), claim_tables()
    toks = _tokens_for(span, mention.start, mention.end)
    if toks is None:
        return False
    tok = toks[-1]
    if tok.i + 1 < span.end and (span.doc[tok.i + 1].like_num or span.doc[tok.i + 1].lower_ in t["ordinal_not_nouns"]):
        return False
    head = tok.head if tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i else None
    if head is None:
        j = tok.i + 1
        while j < span.end and j <= tok.i + 3 and span.doc[j].pos_ in ("ADJ", "NOUN", "PROPN"):
            head = span.doc[j]
            j += 1
    if head is None or head.lemma_.lower() in t["ordinal_not_nouns"]:
        return False
    if head.lemma_.lower() not in c["counted"]:
        return False
    numeric = tok.text[:1].isdigit()
    owner = tok.i > span.start and span.doc[tok.i - 1].lower_ in ("its", "their", "his", "her", "the", "our")
    if not (has_period or (numeric and owner)):
        return False
    quantity, qualifier = _phrase(head, tok.i)
    participle = _participle(head)
    quantity = _officer_context(_pluralise(quantity), previous, span)
    if participle and head.lemma_.lower() not in t["casualty_nouns"]:
        quantity = f"{quantity} {participle}"
    mention.quantity, mention.qualifier = quantity, qualifier
    return True


def _percentage_quantity(span, mention: _Mention, previous: list) -> None:
    toks = _tokens_for(span, mention.start, mention.end)
    if toks is not None:
        j = toks.end
        doc = span.doc
        if j < span.end and doc[j].lower_ == "of":
            j += 1
            while j < span.end and doc[j].pos_ in ("DET",):
                j += 1
        words = []
        while j < span.end and doc[j].pos_ in ("NOUN", "PROPN", "ADJ") and len(words) < 4:
            words.append(doc[j])
            j += 1
        nouns = [w for w in words if w.pos_ in ("NOUN", "PROPN")]
        if nouns:
            mention.quantity = " ".join(w.lower_ if w.pos_ != "PROPN" else w.text for w in words[: words.index(nouns[-1]) + 1])
            return
    for sent in [span] + list(reversed(previous[-3:])):
        m = re.search(r"\b((?:[a-z]+\s+)?rates?)\b", sent.text, re.I)
        if m:
            mention.quantity = re.sub(r"rates$", "rate", m.group(1).lower())
            return


def _claims_in_sentence(document: Document, span, previous: list, people: dict, context_place: Optional[str]) -> list[Claim]:
    c = _compiled()
    text = span.text
    taken: list[tuple[int, int]] = []
    mentions = _ratios(text, taken) + _money(text, taken) + _percentages(text, taken) + _distances(text, taken)
    ordinals = _ordinals(text, taken)
    taken.extend((o.start, o.end) for o in ordinals)
    zeros = _zeros(text, taken)
    counts = _counts(text, taken)
    _assign_rates(text, mentions + counts)
    periods = find_periods(text, document.published)
    if not periods and previous and c["anaphoric_period"].search(text):
        # "At the time, a hundred officers had been killed": the period of the sentence before
        earlier = find_periods(previous[-1].text, document.published)
        periods = [(0, 0, earlier[-1][2])] if earlier else []
    sentence_aggregates = bool(c["aggregate"].search(text))
    single_incident = bool(c["single_incident"].search(text))
    casualty_starts = {m.quantity.start for m in find_counts(text)}

    kept: list[_Mention] = list(mentions) + list(zeros)
    for mention in ordinals:
        if _resolve_ordinal(span, mention, bool(periods), previous):
            kept.append(mention)
    for mention in counts:
        resolved = _resolve_count(span, mention, previous)
        if resolved is None:
            continue
        casualty, partition = resolved
        casualty = casualty or mention.start in casualty_starts
        aggregate = sentence_aggregates or _clause_aggregates(span.doc[mention.anchor])
        cue = aggregate or bool(periods) or mention.kind == "rate"
        if casualty and (not cue or (single_incident and not aggregate and mention.kind != "rate")):
            continue  # one incident's own toll: the incident extractor's
        if mention.kind != "rate":
            if mention.value == 1:
                continue
            vague = mention.high is None and mention.low == mention.value and mention.approximate
            if (mention.value < 10 or vague) and not (aggregate or partition or (casualty and periods)):
                continue  # a handful of people in one scene, "hundreds of workers": not a statistic
            lemma = span.doc[mention.anchor].lemma_.lower()
            if lemma not in c["counted"] and mention.value < 1000 and not (cue or partition or mention.whole):
                continue
        kept.append(mention)
    for mention in kept:
        if mention.kind == "percentage" and mention.quantity is None:
            _percentage_quantity(span, mention, previous)
        if mention.per:
            mention.quantity = f"{mention.quantity or 'amount'} per {mention.per}"

    claims = []
    source = _attribution(span, people) if kept else None
    for mention in sorted(kept, key=lambda m: m.start):
        period = None
        if periods:
            period = min(periods, key=lambda p: min(abs(p[0] - mention.end), abs(mention.start - p[1])))[2]
        start, end = span.start_char + mention.start, span.start_char + mention.end
        value = int(mention.value) if float(mention.value).is_integer() else mention.value
        claims.append(Claim(
            id=stable_id(document.id, "claim", start, end, value),
            value=mention.value, low=mention.low, high=mention.high, approximate=mention.approximate,
            quantity=mention.quantity, qualifier=mention.qualifier,
            place=_place(span, mention) or context_place,
            period=replace(period) if period else None,
            attributed_to=source, kind=mention.kind,
            evidence=Evidence(document=document.id, sentence=span.text, start=span.start_char,
                              end=span.end_char, timestamp=document.timestamp_at(span.start_char)),
        ))
    return claims


def extract_claims(document: Document, sentences: list, context_place: str | None = None) -> list[Claim]:
    """Every figure the report states, one Claim each, with what it counts, where, over which
    period and on whose authority, and the sentence that states it.

    ``sentences`` are the parsed report's trimmed spaCy sentences; ``context_place`` (a place
    name or gazetteer id) is the place a figure belongs to when its sentence names none.
    """
    sentences = list(sentences)
    people = _person_names(sentences)
    default_place = place_name(context_place)
    claims: list[Claim] = []
    for i, span in enumerate(sentences):
        claims.extend(_claims_in_sentence(document, span, sentences[max(0, i - 3):i], people, default_place))
    return claims
