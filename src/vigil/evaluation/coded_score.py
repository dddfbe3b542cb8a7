"""Score merged incidents against an incident-coded gold (coded_gold.py).

A gold report (one article's account of one incident) is *found* when a merged incident has an
evidence sentence from that article containing the report's evidence (quotes, spaces and case
normalised); the first such incident in date order is the one scored.  The figures, after
../shared/tools/score_corpus.py so the two agree:

- core recall: core incidents found in at least one of their reports;
- report recall: (core incident, article) reports found; also by language and by part;
- fields on found core reports: type (the sub-event type or an accepted alternative), date (the
  incident's range overlaps the gold range), place (the gold city or place name among the
  location's names), fatalities (best, else low, inside the gold low-high range), perpetrator
  (only when the gold names one), target (when the gold's targets read as Vigil's categories);
- merging: pairs of found reports of one incident from different articles in one merged incident
  (together), pairs of reports of different incidents in different merged incidents (apart);
- noise: merged incidents told only by noise articles.
"""
from __future__ import annotations

import calendar
import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

from vigil.evaluation.coded_gold import CodedGold, CodedIncident, CodedReport
from vigil.evaluation.score import FieldTally, _ratio

CODED_FIELDS = ("type", "date", "place", "fatalities", "perpetrator", "target")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: Optional[str]) -> str:
    """Curly quotes straightened, whitespace collapsed, lower case: how evidence is compared."""
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip().lower()


def _words(text: Optional[str]) -> list[str]:
    return re.findall(r"\w+", normalise(text))


# --------------------------------------------------------------------------- field checks


def _range_bounds(low: Optional[str], high: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """A partial ISO range ("2014-06", "2014") as whole days."""
    if not low:
        return None, None
    high = high or low
    if len(low) == 4:
        low = f"{low}-01-01"
    elif len(low) == 7:
        low = f"{low}-01"
    if len(high) == 4:
        high = f"{high}-12-31"
    elif len(high) == 7:
        year, month = int(high[:4]), int(high[5:7])
        high = f"{high}-{calendar.monthrange(year, month)[1]:02d}"
    return low[:10], high[:10]


def date_correct(gold: CodedIncident, incident: dict) -> Optional[bool]:
    low, high = _range_bounds(gold.date_low or gold.date, gold.date_high or gold.date)
    if low is None:
        return None
    date = incident.get("date") or {}
    start = date.get("start")
    if not start:
        return False
    end = date.get("end") or start
    return start[:10] <= high and end[:10] >= low


def type_correct(gold: CodedIncident, incident: dict) -> Optional[bool]:
    """The sub-event type, or an accepted alternative ("Sub-type" or "Type/Sub-type")."""
    if not gold.sub_event_type:
        return None
    accepted = {normalise(gold.sub_event_type)} | {normalise(a.split("/")[-1]) for a in gold.alternative_types}
    predicted = normalise(incident.get("sub_event_type"))
    return bool(predicted) and predicted in accepted


def place_correct(gold: CodedIncident, incident: dict) -> Optional[bool]:
    """The gold city, or the first part of its place name, starts a word among the location's names."""
    keys = [normalise(gold.location.get("city")), normalise((gold.location.get("name") or "").split(",")[0])]
    firsts = [k.split()[0] for k in keys if k]
    if not firsts:
        return None
    location = incident.get("location") or {}
    names = normalise(" ".join(v for v in location.values() if isinstance(v, str)))
    return any(re.search(rf"(?<!\w){re.escape(first)}", names) for first in firsts)


def _count_value(count) -> Optional[float]:
    if isinstance(count, dict):
        return count.get("best") if count.get("best") is not None else count.get("low")
    return count if isinstance(count, (int, float)) else None


def fatalities_correct(gold: CodedIncident, incident: dict) -> Optional[bool]:
    low, high = gold.killed.get("low"), gold.killed.get("high")
    if low is None:
        return None
    value = _count_value(incident.get("fatalities"))
    if value is None:
        return low == 0
    return low <= value <= (high if high is not None else low)


def _outside_parentheses(text: str, replacement: str = " ") -> str:
    previous = None
    while previous != text:  # nested parentheses
        previous, text = text, re.sub(r"\([^()]*\)", replacement, text)
    return text


def _fold(text: Optional[str]) -> str:
    """Lower case, hyphens and other punctuation as spaces: "al-Shabaab" = "Al Shabaab"."""
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def gold_perpetrator_names(gold: CodedIncident) -> list[str]:
    """The proper names in a gold perpetrator, folded: each run of capitalised words outside the notes
    in parentheses ("Islamic State (claimed)" -> "islamic state"; "al-Shabaab"; "Sudanese security
    forces" -> "sudanese"); none in "unidentified gunmen"."""
    names = []
    for part in re.split(r"[;/,|]|\bvs\b|\band\b", _outside_parentheses(gold.perpetrator or "", " | ")):
        run: list[str] = []
        for word in [*part.split(), ""]:
            if any(ch.isupper() for ch in word):
                run.append(word)
            elif run:
                names.append(_fold(" ".join(run)))
                run = []
    return [n for n in names if n]


def names_perpetrator(gold: CodedIncident) -> bool:
    return bool(gold_perpetrator_names(gold))


def _contains_phrase(haystack: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", haystack) is not None


def perpetrator_correct(gold: CodedIncident, incident: dict, actors=None) -> Optional[bool]:
    """A named gold perpetrator is found when one of Vigil's perpetrators carries one of its proper
    names ("Suspected Boko Haram fighters" for "Boko Haram (suspected)"), or resolves, through the
    actor dictionary, to an actor the gold names under any alias ("TTP" for "Tehrik-i-Taliban Pakistan")."""
    names = gold_perpetrator_names(gold)
    if not names:
        return None
    gold_actor_ids = {m.actor.id for m in actors.find_all(gold.perpetrator, country="PK")} if actors else set()
    for perpetrator in incident.get("perpetrators") or []:
        for said in (perpetrator.get("name"), perpetrator.get("text")):
            if any(_contains_phrase(_fold(said), name) for name in names):
                return True
            actor = actors.match(said or "", country="PK") if actors else None
            if actor is not None and actor.id in gold_actor_ids:
                return True
    return False


@functools.lru_cache(maxsize=1)
def _gold_target_words() -> dict[str, list[str]]:
    path = resources.files("vigil.evaluation").joinpath("data/gold_target_words.json")
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def gold_target_categories(gold: CodedIncident, actors=None) -> set[str]:
    """Vigil's target categories the gold's free-text targets stand for."""
    categories: set[str] = set()
    for target in gold.target_categories:
        head = normalise(_outside_parentheses(target))
        if head in _gold_target_words():
            categories.update(_gold_target_words()[head])
        elif actors is not None and (category := actors.category_for_noun(head)):
            categories.add(category)
    return categories


def target_correct(gold: CodedIncident, incident: dict, actors=None) -> Optional[bool]:
    wanted = gold_target_categories(gold, actors)
    if not wanted:
        return None
    return bool(wanted & {t.get("category") for t in incident.get("targets") or []})


def field_results(gold: CodedIncident, incident: dict, actors=None) -> dict[str, Optional[bool]]:
    return {"type": type_correct(gold, incident), "date": date_correct(gold, incident),
            "place": place_correct(gold, incident), "fatalities": fatalities_correct(gold, incident),
            "perpetrator": perpetrator_correct(gold, incident, actors),
            "target": target_correct(gold, incident, actors)}


# --------------------------------------------------------------------------- describing incidents


def describe_gold(gold: CodedIncident) -> dict:
    killed = gold.killed
    return {"type": gold.sub_event_type, "date": gold.date,
            "place": gold.location.get("city") or gold.location.get("name"),
            "fatalities": [killed.get("low"), killed.get("high")] if killed.get("low") is not None else None,
            "perpetrator": gold.perpetrator, "targets": gold.target_categories}


def describe_incident(incident: dict) -> dict:
    """What Vigil said: type, date range, place, toll, actors."""
    date = incident.get("date") or {}
    location = incident.get("location") or {}
    return {"id": incident.get("id"), "type": incident.get("sub_event_type"),
            "date": [date.get("start"), date.get("end")] if date.get("start") else None,
            "place": location.get("name") or location.get("city") or location.get("text"),
            "fatalities": _count_value(incident.get("fatalities")),
            "perpetrators": [p.get("name") or p.get("text") for p in incident.get("perpetrators") or []],
            "targets": sorted({t.get("category") for t in incident.get("targets") or [] if t.get("category")})}


def _sentences_of(incident: dict, article_id: str) -> list[str]:
    return [e.get("sentence") or "" for e in incident.get("evidence") or [] if e.get("document") == article_id]


def nearest_incident(report: CodedReport, incidents: list[dict]) -> Optional[dict]:
    """The incident of the report's article whose evidence shares the most words with the gold's."""
    gold_words = set(_words(report.evidence))
    best, best_overlap = None, -1
    for incident in incidents:
        sentences = _sentences_of(incident, report.article_id)
        if not sentences:
            continue
        overlap = max(len(gold_words & set(_words(s))) for s in sentences)
        if overlap > best_overlap:
            best, best_overlap = incident, overlap
    return best


# --------------------------------------------------------------------------- scoring


def _recall(tally: FieldTally) -> dict:
    """A tally of reports found (correct) among those looked for (scored)."""
    return {"found": tally.correct, "total": tally.scored, "recall": tally.accuracy}


def _field_tallies() -> dict[str, FieldTally]:
    return {name: FieldTally() for name in CODED_FIELDS}


def _fields_dict(fields: dict[str, FieldTally]) -> dict:
    return {name: {"correct": t.correct, "scored": t.scored, "accuracy": t.accuracy} for name, t in fields.items()}


@dataclass
class CodedScores:
    articles: int
    merged_incidents: int
    # Recall and merging figures are tallies too: correct = found (kept together, kept apart).
    core: FieldTally = field(default_factory=FieldTally)
    reports: FieldTally = field(default_factory=FieldTally)
    by_language: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))
    by_part: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))
    fields: dict[str, FieldTally] = field(default_factory=_field_tallies)
    fields_by_language: dict[str, dict[str, FieldTally]] = field(default_factory=lambda: defaultdict(_field_tallies))
    fields_by_part: dict[str, dict[str, FieldTally]] = field(default_factory=lambda: defaultdict(_field_tallies))
    together: FieldTally = field(default_factory=FieldTally)
    apart: FieldTally = field(default_factory=FieldTally)
    noise_incidents: int = 0
    unmatched_incidents: int = 0  # merged incidents no gold report was found in
    misses: list[dict] = field(default_factory=list)
    wrong_fields: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles, "merged_incidents": self.merged_incidents,
            "core_recall": _recall(self.core),
            "report_recall": {**_recall(self.reports),
                              "by_language": {k: _recall(v) for k, v in sorted(self.by_language.items())},
                              "by_part": {k: _recall(v) for k, v in sorted(self.by_part.items())}},
            "fields": _fields_dict(self.fields),
            "fields_by_language": {k: _fields_dict(v) for k, v in sorted(self.fields_by_language.items())},
            "fields_by_part": {k: _fields_dict(v) for k, v in sorted(self.fields_by_part.items())},
            "merging": {name: {"kept": t.correct, "pairs": t.scored, "share": t.accuracy}
                        for name, t in (("together", self.together), ("apart", self.apart))},
            "noise_incidents": self.noise_incidents,
            "unmatched_incidents": self.unmatched_incidents,
            "misses": self.misses,
            "wrong_fields": self.wrong_fields,
        }


def find_reports(gold: CodedGold, incidents: list[dict], articles: set[str]) -> dict[tuple[str, str], int]:
    """(incident id, article id) -> index of the first merged incident holding the report's evidence."""
    sentences: dict[str, list[tuple[int, str]]] = defaultdict(list)  # article -> (incident index, sentence)
    for index, incident in enumerate(incidents):
        for evidence in incident.get("evidence") or []:
            sentences[evidence.get("document")].append((index, normalise(evidence.get("sentence"))))
    found = {}
    for coded in gold.incidents:
        for report in coded.reports:
            if report.article_id not in articles:
                continue
            wanted = normalise(report.evidence)
            hits = [index for index, sentence in sentences.get(report.article_id, []) if wanted in sentence]
            if hits:
                found[(coded.incident_id, report.article_id)] = min(hits)
    return found


def _merge_pairs(scores: CodedScores, found: dict[tuple[str, str], int]) -> None:
    items = list(found.items())
    for a in range(len(items)):
        (incident_a, article_a), merged_a = items[a]
        for b in range(a + 1, len(items)):
            (incident_b, article_b), merged_b = items[b]
            if article_a == article_b:  # one article's incidents are kept apart by extraction, not merging
                continue
            if incident_a == incident_b:
                scores.together.add(merged_a == merged_b)
            else:
                scores.apart.add(merged_a != merged_b)


def score_coded(gold: CodedGold, incidents: list[dict], languages: dict[str, str],
                parts: Optional[dict[str, str]] = None, actors=None) -> CodedScores:
    """Score merged incidents (contract dicts, in date order) made from the articles in ``languages``
    (article id -> language) against the gold."""
    articles = set(languages)
    scores = CodedScores(articles=len(articles), merged_incidents=len(incidents))
    found = find_reports(gold, incidents, articles)
    for coded in gold.incidents:
        reports = [r for r in coded.reports if r.article_id in articles]
        if coded.priority != "core" or not reports:
            continue
        scores.core.add(any((coded.incident_id, r.article_id) in found for r in reports))
        for report in reports:
            index = found.get((coded.incident_id, report.article_id))
            scores.reports.add(index is not None)
            scores.by_language[languages[report.article_id] or "?"].add(index is not None)
            if parts is not None:
                scores.by_part[parts.get(report.article_id, "?")].add(index is not None)
            where = {"incident": coded.incident_id, "article": report.article_id,
                     "language": languages[report.article_id] or "?", "evidence": report.evidence}
            if index is None:
                nearest = nearest_incident(report, incidents)
                scores.misses.append({**where, "vigil": describe_incident(nearest) if nearest else None})
                continue
            results = field_results(coded, incidents[index], actors)
            groups = [scores.fields, scores.fields_by_language[languages[report.article_id] or "?"]]
            if parts is not None:
                groups.append(scores.fields_by_part[parts.get(report.article_id, "?")])
            for name, ok in results.items():
                for tallies in groups:
                    tallies[name].add(ok)
            wrong = [name for name, ok in results.items() if ok is False]
            if wrong:
                scores.wrong_fields.append({**where, "fields": wrong, "gold": describe_gold(coded),
                                            "vigil": describe_incident(incidents[index])})
    _merge_pairs(scores, found)
    for incident in incidents:
        documents = {e.get("document") for e in incident.get("evidence") or []}
        if documents and documents <= gold.noise_articles:
            scores.noise_incidents += 1
    used = set(found.values())
    scores.unmatched_incidents = sum(1 for i in range(len(incidents)) if i not in used)
    return scores
