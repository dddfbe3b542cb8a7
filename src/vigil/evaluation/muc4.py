"""MUC-4 template filling: load the GTT-processed corpus, score role fillers, and turn Vigil's
incidents into MUC-4 templates.

Scoring follows GTT's ``eval.py`` (Du, Rush & Cardie 2021, "Template Filling with Generative
Transformers", github.com/xinyadu/gtt), the scorer behind the field's 50-53 micro F1 figures,
with these choices made explicit:

* **Roles**: PerpInd, PerpOrg, Target, Victim, Weapon.  A gold role filler is an *entity*: the
  list of its coreferent mention strings.  Empty entities are dropped and identical gold templates
  of one document are kept once, as GTT's loader does.
* **Normalisation** (GTT's ``normalize_string``): lower case, punctuation removed, the articles
  "a", "an", "the" removed, whitespace collapsed.  Matching is then exact string equality.
* **Filler match**: a predicted filler is a string (or a list of strings for a predicted entity);
  it matches a gold entity when every one of its strings equals one of the entity's mentions, so
  a single string matching *any* mention counts.
* **Duplicates count once**: predicted fillers of one role are deduplicated after normalisation,
  and fillers are paired one-to-one with gold entities by a maximum bipartite matching; a filler
  left over that only matches gold entities already paired (say "urng" next to "guatemalan national
  revolutionary unity") is a second mention of a found entity and counts neither as correct nor as
  spurious.  (GTT's predictions are entities already, so GTT never meets this case.)
* **Template alignment**: per document, predicted and gold templates are paired one-to-one to
  maximise the number of matched fillers (scipy's ``linear_sum_assignment``; GTT enumerates every
  mapping and keeps the best document F1, which comes to the same pairing since the denominators
  do not depend on it).  A pair counts only when the incident types agree: the predicted type must
  be one of the gold's types ("bombing / attack" accepts either), and a predicted template without
  a type is an "attack", as in GTT.  Fillers of unpaired predicted templates are all spurious;
  fillers of unpaired gold templates are all missed.
* **Micro average** sums the counts of the five roles.  GTT's ``eval.py`` also adds the incident
  type as a sixth slot (one per predicted and per gold template, correct when paired); pass
  ``count_incident_type=True`` for that variant.  The default is the role-filler-only figure.

Vigil to MUC-4 (``templates_from_extraction``):

* Only incidents whose ACLED sub-event type maps to a MUC-4 incident type become templates
  (``SUB_EVENT_TO_MUC``); arrests and judicial steps do not.  Vigil has no arson, robbery or
  forced work stoppage types, so those MUC templates are never predicted.
* PerpInd <- perpetrators without a canonical group name (their text as written, "gunmen");
  PerpOrg <- perpetrators with a group name (their text as written, "the fmln").
* Target <- targets whose head is not a person noun of the knowledge base's target-noun table
  (facilities and objects); targets that are people are not MUC targets.
* Victim <- named victims (their name, else their text).  MUC-4's Victim slot as GTT scores it
  (``hum_tgt_name``) holds personal names only -- every dev entity is one -- so targets that
  are people described by a noun ("13 police commandos") are left out unless
  ``people_targets_as_victims=True``.
* Weapon <- Vigil keeps normalised weapon categories ("explosives"), not words, so the words are
  recovered from the evidence sentences: each hit of an explosives trigger of
  ``vigil/knowledge/data/event_triggers.json`` gives its last noun, widened to the start of its
  noun chunk and to the head of a compound that is not itself an event word ("a powerful car
  bomb went off" -> "a powerful car bomb"; "rocket launchers"; "the car bomb attack" -> "the car
  bomb").  Nouns made from verbs
  ("explosion", "bombing") name the event, not the device, and are skipped; firearm triggers
  ("opened fire", "ambushed") name no weapon.  Weapons the trigger table does not know
  ("dynamite", "machineguns") are not found.

MUC-4 texts are all lower case, which starves spaCy's NER and the capitalisation cues of actor
and name recognition; figures on them understate what Vigil does on cased news.
"""
from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MUC_INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
DEFAULT_INCIDENT_TYPE = "attack"  # GTT's default for a predicted template without a type

# Vigil's ACLED sub-event types and the MUC-4 incident type each one reports.
SUB_EVENT_TO_MUC = {
    "Suicide bomb": "bombing",
    "Remote explosive/landmine/IED": "bombing",
    "Grenade": "bombing",
    "Shelling/artillery/missile attack": "attack",
    "Air/drone strike": "attack",
    "Armed clash": "attack",
    "Attack": "attack",
    "Abduction/forced disappearance": "kidnapping",
}

# The ACLED event type of triggers whose words name the device ("bomb", "grenades", "rockets").
EXPLOSIVES_EVENT_TYPE = "Explosions/Remote violence"

Filler = Union[str, Sequence[str]]
Prediction = dict[str, Any]  # {"incident_type": str, role: [filler, ...], ...}


class Muc4FormatError(ValueError):
    """A MUC-4 file or prediction that cannot be read; the message is one line naming it."""


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class Muc4Template:
    incident_type: str
    # role -> entities; each entity is its coreferent mention strings, as written in the gold
    roles: Mapping[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class Muc4Document:
    docid: str
    text: str
    templates: tuple[Muc4Template, ...]


def load_muc4(path: Union[str, Path]) -> list[Muc4Document]:
    """The documents of a GTT-processed MUC-4 JSONL file (``docid``, ``text``, ``templates``)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise Muc4FormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    documents = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            documents.append(_document(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            problem = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc).splitlines()[0]
            raise Muc4FormatError(f"{path}:{number}: not a MUC-4 document ({problem})") from None
    return documents


def _document(record: dict) -> Muc4Document:
    docid, text = str(record["docid"]), str(record["text"])
    templates: list[Muc4Template] = []
    for raw in record["templates"]:
        roles = {
            role: tuple(tuple(str(m) for m in entity) for entity in raw.get(role, []) if entity)
            for role in ROLES
        }
        template = Muc4Template(str(raw["incident_type"]), roles)
        if template not in templates:  # GTT keeps identical gold templates once
            templates.append(template)
    return Muc4Document(docid, text, tuple(templates))


# --------------------------------------------------------------------------- scores


@dataclass
class RoleScore:
    """Counts for one role (or the micro average): correct/predicted, correct/gold."""

    p_num: int = 0
    p_den: int = 0
    r_num: int = 0
    r_den: int = 0

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "RoleScore") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    def to_dict(self) -> dict[str, float]:
        return {"p_num": self.p_num, "p_den": self.p_den, "r_num": self.r_num, "r_den": self.r_den,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class Muc4Scores:
    roles: dict[str, RoleScore] = field(default_factory=lambda: {r: RoleScore() for r in ROLES})
    micro: RoleScore = field(default_factory=RoleScore)
    documents: int = 0
    incident_type: Optional[RoleScore] = None  # only when counted, GTT's variant

    def to_dict(self) -> dict[str, Any]:
        out = {"documents": self.documents, "micro": self.micro.to_dict(),
               "roles": {r: s.to_dict() for r, s in self.roles.items()}}
        if self.incident_type is not None:
            out["incident_type"] = self.incident_type.to_dict()
        return out

    def table(self) -> str:
        """Per-role and micro P/R/F1 in percent, one line each."""
        rows = list(self.roles.items())
        if self.incident_type is not None:
            rows.append(("incident_type", self.incident_type))
        rows.append(("micro", self.micro))
        lines = [f"{'role':<14}{'P':>7}{'R':>7}{'F1':>7}   correct/predicted  correct/gold"]
        for name, s in rows:
            lines.append(f"{name:<14}{100 * s.precision:7.2f}{100 * s.recall:7.2f}{100 * s.f1:7.2f}"
                         f"   {s.p_num:>5}/{s.p_den:<11} {s.r_num:>5}/{s.r_den}")
        return "\n".join(lines)


_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalize_filler(text: str) -> str:
    """GTT's normalisation: lower case, no punctuation, no articles, single spaces."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCTUATION)).split())


def score_muc4(gold_docs: Iterable[Muc4Document], predictions: Mapping[str, Sequence[Prediction]],
               *, count_incident_type: bool = False) -> Muc4Scores:
    """Per-role and micro P/R/F1 of ``predictions`` ({docid: [template, ...]}) against the gold.

    A gold document without predictions has all its fillers missed; predictions for a document
    not in the gold are an error (usually a docid mismatch).
    """
    gold_docs = list(gold_docs)
    unknown = set(predictions) - {d.docid for d in gold_docs}
    if unknown:
        shown = ", ".join(sorted(unknown)[:3]) + (" ..." if len(unknown) > 3 else "")
        raise Muc4FormatError(f"predictions for {len(unknown)} document(s) not in the gold: {shown}")
    scores = Muc4Scores(incident_type=RoleScore() if count_incident_type else None)
    for doc in gold_docs:
        gold = [_normalised_gold(t) for t in doc.templates]
        pred = [_normalised_prediction(t, doc.docid) for t in predictions.get(doc.docid, [])]
        _score_document(gold, pred, scores, count_incident_type)
        scores.documents += 1
    for s in scores.roles.values():
        scores.micro.add(s)
    if scores.incident_type is not None:
        scores.micro.add(scores.incident_type)
    return scores


@dataclass
class _Template:
    types: frozenset[str]  # a gold template's types ("bombing / attack"); a prediction's one type
    roles: dict[str, list[frozenset[str]]]  # normalised entities (gold) or fillers (prediction)


def _normalised_gold(template: Muc4Template) -> _Template:
    types = frozenset(t.strip() for t in template.incident_type.split("/"))
    roles = {}
    for role in ROLES:
        entities = [frozenset(normalize_filler(m) for m in e) for e in template.roles.get(role, ())]
        roles[role] = [e for e in entities if e]
    return _Template(types, roles)


def _normalised_prediction(template: Prediction, docid: str) -> _Template:
    if not isinstance(template, Mapping):
        raise Muc4FormatError(f"{docid}: a predicted template must be a dict, got {type(template).__name__}")
    kind = template.get("incident_type")
    kind = kind.strip() if isinstance(kind, str) and kind.strip() else DEFAULT_INCIDENT_TYPE
    roles = {}
    for role in ROLES:
        fillers: list[frozenset[str]] = []
        for filler in template.get(role) or []:
            mentions = [filler] if isinstance(filler, str) else list(filler)
            if not all(isinstance(m, str) for m in mentions):
                raise Muc4FormatError(f"{docid}: {role} fillers must be strings or lists of strings")
            entity = frozenset(n for n in (normalize_filler(m) for m in mentions) if n)
            if entity and entity not in fillers:
                fillers.append(entity)
        roles[role] = fillers
    return _Template(frozenset([kind]), roles)


def _role_match(pred: list[frozenset[str]], gold: list[frozenset[str]]) -> tuple[int, int]:
    """(fillers paired one-to-one with gold entities, leftover fillers that repeat a paired one)."""
    if not pred or not gold:
        return 0, 0
    matches = np.array([[p <= g for g in gold] for p in pred], dtype=float)
    rows, cols = linear_sum_assignment(matches, maximize=True)
    matched = int(matches[rows, cols].sum())
    paired = {r for r, c in zip(rows, cols) if matches[r, c]}
    repeats = sum(1 for i in range(len(pred)) if i not in paired and matches[i].any())
    return matched, repeats


def _score_document(gold: list[_Template], pred: list[_Template], scores: Muc4Scores,
                    count_incident_type: bool) -> None:
    pairs: dict[tuple[int, int], dict[str, tuple[int, int]]] = {}
    weights = np.full((len(pred), len(gold)), -1e9)
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if not p.types <= g.types:
                continue
            pairs[i, j] = {role: _role_match(p.roles[role], g.roles[role]) for role in ROLES}
            matched = sum(m for m, _ in pairs[i, j].values())
            repeats = sum(r for _, r in pairs[i, j].values())
            # Matched fillers first; absorbed repeats (fewer spurious) and a paired type break ties.
            weights[i, j] = matched + 1e-3 * repeats + (1.0 if count_incident_type else 1e-6)
    aligned = [(i, j) for i, j in zip(*linear_sum_assignment(weights, maximize=True)) if (i, j) in pairs] \
        if pred and gold else []

    for i, p in enumerate(pred):
        for role in ROLES:
            scores.roles[role].p_den += len(p.roles[role])
    for g in gold:
        for role in ROLES:
            scores.roles[role].r_den += len(g.roles[role])
    for i, j in aligned:
        for role, (matched, repeats) in pairs[i, j].items():
            s = scores.roles[role]
            s.p_num += matched
            s.r_num += matched
            s.p_den -= repeats
    if scores.incident_type is not None:
        scores.incident_type.p_den += len(pred)
        scores.incident_type.r_den += len(gold)
        scores.incident_type.p_num += len(aligned)
        scores.incident_type.r_num += len(aligned)


# --------------------------------------------------------------------------- Vigil -> MUC-4


def templates_from_extraction(extraction, spacy_doc=None, *, people_targets_as_victims: bool = False
                              ) -> list[Prediction]:
    """MUC-4 templates for a Vigil ``Extraction``: one per incident of a MUC-4 type.

    ``spacy_doc`` (the parse of the extraction's document) lets weapon words be widened to their
    noun chunk; without it the trigger's own words are used.
    """
    from vigil.knowledge.actors import load_actors

    actors = load_actors()
    templates = []
    for incident in extraction.incidents:
        kind = SUB_EVENT_TO_MUC.get(incident.sub_event_type or "")
        if kind is None:
            continue
        roles: dict[str, list[str]] = {role: [] for role in ROLES}
        for perpetrator in incident.perpetrators:
            text = perpetrator.text or perpetrator.name
            if text:
                roles["PerpOrg" if perpetrator.name else "PerpInd"].append(text)
        for target in incident.targets:
            text = target.text or target.name
            if not text:
                continue
            if actors.category_for_noun(text) is None:
                roles["Target"].append(text)
            elif people_targets_as_victims:
                roles["Victim"].append(text)
        for victim in incident.victims:
            if victim.name or victim.text:
                roles["Victim"].append(victim.name or victim.text)
        roles["Weapon"] = weapon_mentions(incident, spacy_doc)
        templates.append({"incident_type": kind, **{r: _unique(v) for r, v in roles.items()}})
    return templates


def weapon_mentions(incident, spacy_doc=None) -> list[str]:
    """The words naming the weapons of an incident, read where its weapon triggers fire."""
    from vigil.extract.triggers import find_triggers, is_non_event

    found = []
    for evidence in incident.evidence:
        for hit in find_triggers(evidence.sentence):
            if not hit.trigger.weapons or is_non_event(evidence.sentence, hit):
                continue
            if hit.trigger.event_type != EXPLOSIVES_EVENT_TYPE:
                continue  # firearm triggers are verbs of shooting ("opened fire", "ambushed")
            if spacy_doc is None:
                found.append(evidence.sentence[hit.start:hit.end])
                continue
            span = spacy_doc.char_span(evidence.start + hit.start, evidence.start + hit.end,
                                       alignment_mode="expand")
            nouns = [t for t in span or [] if t.pos_ in ("NOUN", "PROPN")]
            # "bombed", "opened fire" name no weapon; "explosion", "bombing" name the event.
            if nouns and not _NOMINALISATION.search(nouns[-1].text):
                found.append(_words_up_to(nouns[-1]))
        # Weapons named outright ("rifles", "dynamite"), from the knowledge base's weapon words.
        from vigil.extract.weapons import find_weapons

        for weapon in find_weapons(evidence.sentence):
            found.append(weapon.text)
    return _unique(found)


# Nouns made from verbs name an event, not the instrument: "explosion", "bombings".
_NOMINALISATION = re.compile(r"(?:ions?|ings?)$")


def _words_up_to(token) -> str:
    """The noun phrase around a weapon noun: "four powerful rockets", "rocket launchers" (a
    compound's head is kept), "the car bomb" (of "the car bomb attack": an event's is not)."""
    from vigil.extract.triggers import find_triggers

    for chunk in token.doc.noun_chunks:
        if chunk.start <= token.i < chunk.end:
            end = token
            while (end.dep_ == "compound" and end.i < end.head.i < chunk.end
                   and not find_triggers(end.head.text)):
                end = end.head
            return token.doc[chunk.start:end.i + 1].text
    return token.text


def _unique(texts: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for text in texts:
        key = normalize_filler(text)
        if key and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def predict_muc4_documents(items: Iterable[tuple[str, str]], *, people_targets_as_victims: bool = False,
                           batch_size: int = 8) -> dict[str, list[Prediction]]:
    """Vigil's MUC-4 templates for many (docid, text) pairs, parsed in batches.

    Runs what ``vigil.extract.extract_documents`` runs (read_text, the configured pipeline,
    ``extract_parsed``) but keeps each parse, from which weapon words are read.
    """
    from vigil.extract import extract_parsed
    from vigil.nlp import get_nlp
    from vigil.readers import read_text

    nlp = get_nlp()
    documents = (read_text(text, id=docid) for docid, text in items)
    out: dict[str, list[Prediction]] = {}
    for spacy_doc, document in nlp.pipe(((d.text, d) for d in documents), as_tuples=True,
                                        batch_size=batch_size):
        extraction = extract_parsed(document, spacy_doc)
        out[document.id] = templates_from_extraction(
            extraction, spacy_doc, people_targets_as_victims=people_targets_as_victims)
    return out


def predict_muc4(text: str, docid: str = "muc4", *, people_targets_as_victims: bool = False) -> list[Prediction]:
    """Vigil's MUC-4 templates for one document's text."""
    return predict_muc4_documents([(docid, text)], people_targets_as_victims=people_targets_as_victims)[docid]
