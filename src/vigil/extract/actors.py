"""Who did it, to whom, and what became of the named: the actor arguments of one incident sentence.

Reads the dependency parse of a sentence around its violent predicates ("stormed", "attack on",
"was shot dead") and the knowledge ruler's actor entities:

- perpetrators: doers of a violent predicate (its subject, "by X", "X carried out"), groups that
  claim it ("X claimed", "X said its fighters carried out", "X, which claimed the attack"),
  groups said to be behind it, and doer nouns ("gunmen", "attackers") that the report
  introduces; normalised through the actor dictionary, with how the report attributes them;
- targets: patients of a violent predicate (objects, passive subjects, "attack on X") and
  what they fall under (police, transport, foreign nationals ...);
- victims: named people (PERSON entities) among the patients, with their fate when the text says it.

A group is never inferred from ethnicity or place: a NORP entity never becomes a perpetrator, and
"Baloch militants" stays an unidentified doer. Cue words live in ``data/attribution.json``.
"""
from __future__ import annotations

import functools
import json
import weakref
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Optional

from vigil.knowledge.actors import Actor, load_actors
from vigil.extract.spans import doc_ents, span_ents
from vigil.model import Perpetrator, Target, Victim

# Stronger attribution wins when one sentence names a group twice.
ATTRIBUTION_RANK = {"claimed": 0, "stated": 1, "suspected": 2, "alleged": 3}
_ARTICLES = {"the", "a", "an"}
_NP_LEFT_DEPS = {"det", "nummod", "amod", "compound", "quantmod", "nmod", "poss", "advmod", "npadvmod"}
_SUBJECTS = {"nsubj", "csubj"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_PATIENT_PREPS = {"on", "at", "into", "against", "upon", "onto"}
_PRONOUNS = {"it", "they", "we", "he", "she", "them", "him", "her", "us", "i", "you", "itself", "themselves",
             "herself", "himself", "this", "that", "these", "those", "who", "whom", "which", "what"}
_OWNER_PRONOUNS = {"its", "their", "our"}
# Kinds of dictionary actor that can be doers; monitors, welfare bodies and communities cannot.
_NOT_DOERS = {"monitor", "welfare organisation", "community"}


@dataclass
class ActorFindings:
    perpetrators: list[Perpetrator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    # State forces that fought or killed the attackers ("were killed by police guards"): parties
    # to the incident, kept apart so that they are not counted as its perpetrators.
    responders: list[Perpetrator] = field(default_factory=list)


# --------------------------------------------------------------------------- cue tables


class _Phrases:
    """Lemma phrases: "open fire" is the lemma "open" with "fire" among the words it governs."""

    def __init__(self, entries: Iterable[str]):
        self.by_head: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for entry in entries:
            words = entry.lower().split()
            self.by_head.setdefault(words[0], []).append((entry, tuple(words[1:])))

    def match(self, token) -> Optional[str]:
        options = self.by_head.get(token.lemma_.lower()) or self.by_head.get(token.lower_)
        if not options:
            return None
        near = {w for t in token.subtree if 0 < t.i - token.i <= 8 for w in (t.lower_, t.lemma_.lower())}
        best = None
        for entry, rest in options:
            if all(w in near for w in rest) and (best is None or len(rest) > len(best[1])):
                best = (entry, rest)
        return best[0] if best else None


@dataclass(frozen=True)
class _Cues:
    violent_verbs: _Phrases
    violent_nouns: frozenset
    responsibility: _Phrases
    claim: _Phrases
    speech: frozenset
    behind: frozenset
    suspected: frozenset
    alleged: frozenset
    non_event: frozenset
    non_event_aux: frozenset
    background: frozenset
    generic_quantifiers: frozenset
    negators: frozenset
    perpetrator_nouns: dict  # phrase -> category
    doer_person_nouns: frozenset
    organisation_heads: dict  # word -> category
    state_categories: frozenset
    facilities: dict  # phrase -> category
    carriers: frozenset
    generic_people: dict  # phrase -> category
    fates: dict  # fate -> _Phrases
    patient_subject: _Phrases
    death_words: frozenset
    fate_among: frozenset
    relative_pronouns: frozenset
    titles: frozenset
    vague_doers: frozenset
    directional_verbs: frozenset
    state_institutions: frozenset
    talk_words: frozenset
    bystander_verbs: frozenset
    judicial_verbs: frozenset


def _invert(table: dict) -> dict:
    return {word.lower(): category for category, words in table.items() for word in words}


@functools.lru_cache(maxsize=1)
def cues() -> _Cues:
    path = resources.files("vigil.extract").joinpath("data/attribution.json")
    data = json.loads(path.read_text("utf-8"))
    low = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
    return _Cues(
        violent_verbs=_Phrases(data["violent_verbs"]),
        violent_nouns=low("violent_nouns"),
        responsibility=_Phrases(data["responsibility_verbs"]),
        claim=_Phrases(data["claim_verbs"]),
        speech=low("speech_verbs"),
        behind=low("behind_words"),
        suspected=low("suspected"),
        alleged=low("alleged"),
        non_event=low("non_event_governors"),
        non_event_aux=low("non_event_auxiliaries"),
        background=low("background_governors"),
        generic_quantifiers=low("generic_quantifiers"),
        negators=low("negators"),
        perpetrator_nouns=_invert(data["perpetrator_nouns"]),
        doer_person_nouns=low("doer_person_nouns"),
        organisation_heads=_invert(data["organisation_heads"]),
        state_categories=low("state_force_categories"),
        facilities=_invert(data["facility_categories"]),
        carriers=low("carrier_nouns"),
        generic_people=_invert(data["generic_people"]),
        fates={fate: _Phrases(words) for fate, words in data["fates"].items()},
        patient_subject=_Phrases(data["patient_subject_verbs"]),
        judicial_verbs=low("judicial_verbs"),
        death_words=low("death_words"),
        fate_among=low("fate_among"),
        relative_pronouns=low("relative_pronouns"),
        titles=low("person_titles"),
        vague_doers=low("vague_doers"),
        directional_verbs=low("directional_verbs"),
        state_institutions=low("state_institutions"),
        talk_words=low("talk_words"),
        bystander_verbs=low("bystander_verbs"),
    )


# --------------------------------------------------------------------------- phrases and actors


def _np_tokens(token, *, with_of: bool = True) -> list:
    """The noun phrase a head noun stands for: its left modifiers, itself, and an "of"/"on"
    phrase after it ("members of the BLA", "two men on a motorcycle")."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in _NP_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = token.i
    if with_of:
        for child in token.rights:
            if child.dep_ != "prep" or child.right_edge.i - token.i > 8:
                continue
            ride = child.lower_ == "on" and any(c.lemma_.lower() in cues().carriers for c in child.children)
            if child.lower_ == "of" or ride:
                right = max(right, child.right_edge.i)
    tokens = list(token.doc[left:right + 1])
    while tokens and (tokens[0].lower_ in _ARTICLES or tokens[0].is_punct
                      or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON" and len(tokens) > 1)):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens or [token]


def _abbreviation(token) -> bool:
    """"US" (the United States) is not the pronoun "us"."""
    return len(token.text) > 1 and token.text.isupper() and token.ent_type_ in ("ORG", "GPE", "NORP")


def _text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip(" \"'“”‘’")


def _ending(tokens, table: dict | frozenset):
    """The longest ending of a phrase found in ``table`` ("suicide bomber", then "bomber"),
    trying the last word both as written and as its lemma."""
    words = [t for t in tokens if not t.is_punct and t.pos_ != "NUM" and t.lower_ not in _ARTICLES]
    for i in range(len(words)):
        part = words[i:]
        written = " ".join(t.lower_ for t in part)
        lemma = " ".join([t.lower_ for t in part[:-1]] + [part[-1].lemma_.lower()])
        for key in (written, lemma):
            if key in table:
                return table[key] if isinstance(table, dict) else key
    return None


@functools.lru_cache(maxsize=1)
def _generic_aliases() -> frozenset:
    """Dictionary names that are common words ("army", "traffic police"): they name the
    dictionary's actor only in a report from its country."""
    return frozenset(
        (a[4:] if a.lower().startswith("the ") else a).lower()
        for actor in load_actors().actors.values() for a in (actor.name, *actor.aliases) if a == a.lower()
    )


# Whether a report's bare "Taliban" means the Afghan Taliban, per parsed report.
_AFGHAN_CONTEXT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class _Knowledge:
    """Actor lookups for one sentence, with the report-wide "Taliban" decision."""

    def __init__(self, sentence, country: Optional[str]):
        self.actors = load_actors()
        self.country = country
        self.sentence = sentence
        self._generic_aliases = _generic_aliases()
        doc = sentence.doc if hasattr(sentence, "doc") else sentence
        if doc not in _AFGHAN_CONTEXT:  # a report-wide decision: made once per report, not per sentence
            _AFGHAN_CONTEXT[doc] = self._report_means_afghan_taliban(doc)
        self._afghan_context = _AFGHAN_CONTEXT[doc]

    def _report_means_afghan_taliban(self, doc) -> bool:
        ids = {e.ent_id_ for e in doc_ents(doc)}
        return "actor:afghan-taliban" in ids and not any(
            e.ent_id_.startswith("actor:ttp") and e.text.lower() not in self._context_aliases("ttp") for e in doc_ents(doc))

    def _context_aliases(self, actor_id: str) -> set[str]:
        actor = self.actors.actors.get(actor_id)
        if actor is None:
            return set()
        return {(a[4:] if a.lower().startswith("the ") else a).lower() for a in actor.context_aliases}

    def actor_of(self, ent) -> Optional[Actor]:
        """The dictionary actor an entity names, or None when the name does not fit the report:
        a generic word ("army") of another country, or bare "Taliban" outside Pakistan."""
        if not ent.ent_id_.startswith("actor:"):
            return None
        actor = self.actors.actors.get(ent.ent_id_[len("actor:"):])
        if actor is None:
            return None
        written = ent.text.lower()
        if written in self._context_aliases(actor.id):
            if self.country != "PK":
                return None
            if self._afghan_context:
                return self.actors.actors.get("afghan-taliban", actor)
        if written in self._generic_aliases and actor.country and actor.country != self.country:
            return None
        return actor

    def ents_in(self, tokens) -> list:
        if not tokens:
            return []
        lo, hi = tokens[0].i, tokens[-1].i
        return [e for e in span_ents(self.sentence) if e.start >= lo and e.end - 1 <= hi]


def named_actors(sentence, country: Optional[str] = "PK") -> list[tuple[object, Optional[Actor]]]:
    """The groups a sentence names, as the report means them: each ORG entity with its dictionary
    actor (None for a name the dictionary does not know; names that do not fit the report, such
    as another country's "army", are left out)."""
    kb = _Knowledge(sentence, country)
    out = []
    for ent in span_ents(sentence):
        if ent.label_ != "ORG":
            continue
        if ent.ent_id_.startswith("actor:"):
            actor = kb.actor_of(ent)
            if actor is not None:
                out.append((ent, actor))
        elif not ent.ent_id_:
            out.append((ent, None))
    return out


@dataclass
class _Party:
    """A noun phrase taking part in an incident, classified once."""

    head: object
    tokens: list
    text: str
    kind: str  # actor | org | perp | state | person | people | generic | facility | other
    category: Optional[str] = None
    actor: Optional[Actor] = None
    name: Optional[str] = None
    actor_token: object = None
    name_text: Optional[str] = None  # the group's name as written ("Pakistani Taliban")

    @property
    def is_attacker(self) -> bool:
        return self.kind in ("perp", "org") or (self.kind == "actor" and self.category not in ("state forces",))


class _Reader:
    def __init__(self, sentence, country):
        self.sent = sentence
        self.cues = cues()
        self.kb = _Knowledge(sentence, country)
        self.actors = self.kb.actors

    # ---- classification

    def party(self, token) -> Optional[_Party]:
        if token.lower_ in self.cues.relative_pronouns and token.head.dep_ != "ROOT":
            owner = self._relative_owner(token)
            if owner is not None:
                token = owner
        # "two of the attackers", "some of the guards": the group they are part of
        if token.pos_ in ("NUM", "DET", "PRON", "ADJ") or token.lower_ in self.cues.vague_doers:
            of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
            if of:
                token = of[0]
        if token.pos_ == "PRON" or (token.lower_ in _PRONOUNS and not _abbreviation(token)):
            return None
        if token.pos_ not in ("NOUN", "PROPN", "NUM", "X", "ADJ"):
            return None
        tokens = _np_tokens(token)
        text = _text(tokens)
        ents = self.kb.ents_in(tokens)
        # a name the head sits in though it reaches past the phrase: "US" in "a US drone strike"
        ents += [e for e in span_ents(self.sent) if e.start <= token.i < e.end and e.label_ == "ORG" and e not in ents]
        person = next((e for e in ents if e.label_ == "PERSON" and e.start <= token.i < e.end), None)
        if person is not None and (token.lower_ in self.cues.facilities or token.lemma_.lower() in self.cues.facilities):
            person = None  # "Karachi Police Office" is a building, whatever the model says
        if person is not None:
            # "Constable Imran Ali" where the model marked only "Ali"
            start = person.start
            while start - 1 >= tokens[0].i and token.doc[start - 1].pos_ == "PROPN" and token.doc[start - 1].dep_ == "compound":
                start -= 1
            person = token.doc[start:person.end]
            return _Party(token, tokens, text, "person", name=self._person_name(person), actor_token=person)
        found = self._actor_in(token, tokens, ents)
        head_table = _ending(tokens[: tokens.index(token) + 1] if token in tokens else [token], self.cues.perpetrator_nouns)
        noun_category = self.actors.category_for_noun(_text([t for t in tokens if t.i <= token.i and t.pos_ != "NUM"]))
        if found is not None:
            actor, ent = found
            return _Party(token, tokens, text, "actor", category=actor.category, actor=actor, name=actor.name,
                          actor_token=ent.root, name_text=_text(list(ent)))
        org = self._unknown_organisation(token, tokens, ents)
        if org is None and (head_table is not None or noun_category is not None
                            or token.lemma_.lower() in self.cues.doer_person_nouns):
            # "guerrillas of the farabundo marti national liberation front"
            for of in (p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"):
                org = self._unknown_organisation(of, _np_tokens(of), self.kb.ents_in(_np_tokens(of)), loose=True)
                if org is not None:
                    org = _Party(token, tokens, text, "org", category=org.category, name=org.name,
                                 name_text=org.name_text)
        if org is not None:
            return org
        titled = self._titled_person(token, tokens)
        if titled is not None:
            return titled
        if head_table is not None:
            owner = self._owner_group(token)
            if owner is not None:
                actor, ent = owner
                return _Party(token, tokens, text, "actor", category=actor.category, actor=actor, name=actor.name,
                              actor_token=ent.root)
            return _Party(token, tokens, text, "perp", category=head_table)
        if noun_category in self.cues.state_categories:
            return _Party(token, tokens, text, "state", category=noun_category)
        if _ending([t for t in tokens if t.i <= token.i], self.cues.state_institutions):
            return _Party(token, tokens, text, "state", category="military")
        facility = self._facility(token, tokens, ents)
        if facility is not None:
            return facility
        if noun_category is not None:
            return _Party(token, tokens, text, "people", category=noun_category)
        generic = _ending([token], self.cues.generic_people) or _ending(tokens, self.cues.generic_people)
        if generic is not None:
            return _Party(token, tokens, text, "generic", category=generic)
        state_head = self.cues.organisation_heads.get(token.lemma_.lower()) or self.cues.organisation_heads.get(token.lower_)
        if state_head == "state forces":
            return _Party(token, tokens, text, "state", category="military")
        if token.lemma_.lower() in self.cues.doer_person_nouns or token.lower_ in self.cues.doer_person_nouns:
            return _Party(token, tokens, text, "generic", category="unknown")
        return _Party(token, tokens, text, "other")

    def _owner_group(self, token):
        """'its fighters', 'their men': the armed group the sentence named before them."""
        if not any(c.dep_ == "poss" and c.lower_ in _OWNER_PRONOUNS for c in token.children):
            return None
        for ent in reversed([e for e in span_ents(self.sent) if e.end <= token.i and e.label_ == "ORG"]):
            actor = self.kb.actor_of(ent)
            if actor is not None and actor.category != "state forces" and actor.kind not in _NOT_DOERS:
                return actor, ent
        return None

    def _relative_owner(self, token):
        verb = token.head
        while verb.dep_ == "conj" and verb.head != verb:
            verb = verb.head
        if verb.dep_ in ("relcl", "acl"):
            return verb.head
        return None

    def _person_name(self, ent) -> str:
        words = list(ent)
        while len(words) > 1 and (words[0].lower_.rstrip(".") in self.cues.titles
                                  or self.actors.category_for_noun(words[0].text) is not None):
            words.pop(0)
        return _text(words)

    def _actor_in(self, token, tokens, ents):
        """A dictionary actor in the phrase, or linked to it ("militants linked to the TTP",
        "a soldier of the Sindh Rangers", "a TTP spokesman")."""
        candidates = list(ents)
        for child in token.children:
            if child.dep_ in ("acl", "prep") and child.i > token.i:
                for t in child.subtree:
                    if t.dep_ == "pobj" and t.i - token.i <= 10:
                        candidates += [e for e in span_ents(self.sent) if e.start <= t.i < e.end]
                if child.dep_ == "prep" and child.lower_ in ("from", "of") and self._is_doer_noun(token):
                    # "gangsters from the Baba Ladla and Zikri groups": the names in the groups' phrase
                    for t in (c for c in child.children if c.dep_ == "pobj"):
                        inside = {u.i for p in (t, *(c for c in t.children if c.dep_ == "conj"))
                                  for u in _np_tokens(p, with_of=False)}
                        candidates += [e for e in span_ents(self.sent) if e.start in inside and e.end - 1 in inside]
        for ent in candidates:
            if ent.label_ != "ORG":
                continue
            actor = self.kb.actor_of(ent)
            if actor is not None:
                return actor, ent
        return None

    def _unknown_organisation(self, token, tokens, ents, loose: bool = False) -> Optional[_Party]:
        """A named group the dictionary does not know: an ORG entity, or a proper name ending in
        an organisation word ("farabundo marti national liberation front")."""
        text = _text(tokens)
        org_ent = next((e for e in ents if e.label_ == "ORG" and not e.ent_id_ and e.root == token), None)
        head_category = self.cues.organisation_heads.get(token.lemma_.lower()) or self.cues.organisation_heads.get(token.lower_)
        # "X of the ... front": after a doer noun, any modified organisation word is a name
        named = [t for t in tokens if t.i < token.i and (t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG")
                                                         or (loose and t.dep_ in ("compound", "amod")))]
        if org_ent is not None and head_category is not None:
            name = _text(list(org_ent))
            return _Party(token, tokens, text, "org", category=head_category, name=name, name_text=name)
        if head_category is not None and named and not any(t.ent_type_ in ("FAC",) for t in tokens):
            return _Party(token, tokens, text, "org", category=head_category, name=text, name_text=text)
        return None

    def _titled_person(self, token, tokens) -> Optional[_Party]:
        """A name after a title, where no PERSON entity is found (lower-cased text):
        "judge carlos rodriguez", "constable ali khan"."""
        if token.pos_ != "PROPN" or len(tokens) < 2 or token.ent_type_ in ("FAC", "ORG", "GPE", "LOC", "NORP"):
            return None
        if token.lower_ in self.cues.facilities or token.lower_ in self.cues.organisation_heads:
            return None
        titles = [t for t in tokens if t.i < token.i and (t.lower_.rstrip(".") in self.cues.titles
                                                          or self.actors.category_for_noun(t.text) is not None)]
        if not titles:
            return None
        name_tokens = [t for t in tokens if titles[-1].i < t.i <= token.i]
        if not name_tokens or any(t.pos_ != "PROPN" for t in name_tokens):
            return None
        span = token.doc[tokens[0].i:token.i + 1]
        return _Party(token, tokens, _text(list(span)), "person", name=_text(name_tokens), actor_token=span)

    def _facility(self, token, tokens, ents) -> Optional[_Party]:
        text = _text(tokens)
        category = _ending([t for t in tokens if t.i <= token.i], self.cues.facilities)
        fac_ent = next((e for e in ents if e.label_ in ("FAC", "ORG") and e.start <= token.i < e.end), None)
        if category is None and fac_ent is not None:
            category = _ending(list(fac_ent), self.cues.facilities)
        if category is None:
            return None
        # A carrier is what it carries: "a bus carrying police commandos" is an attack on police.
        if token.lemma_.lower() in self.cues.carriers:
            for child in token.children:
                if child.dep_ == "acl" and child.lemma_.lower() in ("carry", "transport", "ferry", "take"):
                    load = next((c for c in child.children if c.dep_ == "dobj"), None)
                    carried = self.party(load) if load is not None else None
                    if carried is not None and carried.kind in ("state", "people", "actor", "generic") and carried.category:
                        category = carried.category if carried.kind != "actor" else carried.actor.target_category
                        text = _text(list(token.doc[tokens[0].i:load.right_edge.i + 1]))
                        return _Party(token, tokens, text, "facility", category=category,
                                      name=carried.actor.name if carried.actor else None)
        # "the headquarters of the Karachi police": the owner names the target and its category.
        owner = self._actor_in(token, tokens, ents)
        if owner is not None:
            actor = owner[0]
            if actor.target_category != "unknown":
                return _Party(token, tokens, text, "facility", category=actor.target_category, name=actor.name)
        name = _text(list(fac_ent)) if fac_ent is not None and not fac_ent.ent_id_.startswith("actor:") else None
        return _Party(token, tokens, text, "facility", category=category, name=name)

    # ---- predicates

    def predicates(self):
        for token in self.sent:
            kind = self._predicate_kind(token)
            if kind is not None and not self._out_of_event(token) and not self.generic_clause(token):
                yield token, kind

    def _predicate_kind(self, token) -> Optional[str]:
        if token.pos_ in ("VERB", "AUX") or (token.tag_ in ("VBN", "VBD", "VBG") and token.pos_ != "NOUN"):
            if self.cues.violent_verbs.match(token):
                return "verb"
            if token.lemma_.lower() in self.cues.judicial_verbs:
                return "judicial"  # the court that sentences acts in the step; who it sentences is no target
            if self.cues.responsibility.match(token) and self._about_an_attack(token):
                return "responsibility"
            if token.pos_ == "VERB" and any(c.dep_ in _SUBJECTS and self._is_doer_noun(c) for c in token.children) \
                    and not any(c.lemma_.lower() in self.cues.talk_words for c in token.children):
                return "approach"  # "a bomber drove a car into a bus": what he went at is the target
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.cues.violent_nouns:
            return "noun"
        return None

    def _is_doer_noun(self, token) -> bool:
        return _ending(_np_tokens(token, with_of=False), self.cues.perpetrator_nouns) is not None

    def _about_an_attack(self, verb) -> bool:
        """'carried out the attack', 'said it carried out', 'the bombing was staged by'."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects:
            return any(c.dep_ == "prt" for c in verb.children)
        return any(o.lemma_.lower() in self.cues.violent_nouns or o.lower_ in _PRONOUNS for o in objects)

    def _out_of_event(self, token) -> bool:
        """Denied, threatened, planned or hypothetical, or another (earlier) event given as a
        reason ("revenge for the killing of ..."), or negated."""
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in self.cues.negators) for c in token.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in self.cues.non_event_aux for c in token.children):
            return True
        if token.pos_ == "NOUN" and self._generic_plural(token):
            return True
        for ancestor in token.ancestors:
            lemma = ancestor.lemma_.lower()
            if lemma in self.cues.non_event or lemma in self.cues.background:
                return True
            if ancestor.dep_ in ("xcomp", "conj") and any(
                    c.dep_ == "aux" and c.lower_ in self.cues.non_event_aux for c in ancestor.head.children):
                return True  # "might try to strike"
            # "revenge for the killing ..., and for air strikes": a reason given before it
            if any(c.i < token.i and c.lemma_.lower() in self.cues.background for c in ancestor.children):
                return True
        return False

    def generic_clause(self, verb) -> bool:
        """'had been behind several recent shootings': a statement about many incidents."""
        nouns = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        nouns += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        return any(n.lemma_.lower() in self.cues.violent_nouns and self._generic_plural(n) for n in nouns)

    def in_talks(self, token) -> bool:
        """'negotiators for the government and the militants': parties to talks, not doers."""
        return any(a.lemma_.lower() in self.cues.talk_words for a in token.ancestors) or any(
            c.lemma_.lower() in self.cues.talk_words for c in token.head.children)

    def _generic_plural(self, noun) -> bool:
        """'several recent shootings', 'a series of attacks': many incidents, not this one."""
        words = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "det", "nummod", "quantmod")}
        if noun.head.dep_ == "pobj" or noun.dep_ == "pobj":
            words |= {noun.head.head.lemma_.lower(), noun.head.lemma_.lower()}
        return noun.tag_ in ("NNS", "NNPS") and bool(words & self.cues.generic_quantifiers)

    def _passive(self, verb) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children):
            return True
        return (
            verb.tag_ == "VBN" and verb.dep_ in ("acl", "ROOT") and not any(c.dep_ in _SUBJECTS or c.dep_ == "aux" for c in verb.children))

    def _subjects(self, verb, deps) -> list:
        found = [c for c in verb.children if c.dep_ in deps]
        if found:
            return found
        if verb.dep_ in ("relcl", "acl") and not any(c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for c in verb.children):
            # a participle or relative clause: its subject is the noun it describes
            return [verb.head] if (verb.dep_ == "relcl" or (verb.tag_ == "VBG") == (deps == _SUBJECTS)) else []
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
            head = verb.head
            inherited = [c for c in head.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS]
            if not inherited and head.dep_ in ("relcl", "conj"):
                inherited = self._subjects(head, _SUBJECTS | _PASSIVE_SUBJECTS)
            if verb.dep_ == "advcl":
                return []
            return inherited
        return []

    def doers(self, pred, kind) -> list:
        if kind == "noun":
            found = []
            for child in pred.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    found += [c for c in child.children if c.dep_ == "pobj"]
                elif child.dep_ in ("poss", "compound", "nmod", "amod"):
                    found.append(child)
            if pred.dep_ in ("dobj", "nsubjpass") and self.cues.responsibility.match(pred.head):
                found += self.doers(pred.head, "responsibility")
            return found
        if self._patient_is_subject(pred):
            return self._agents(pred)
        if self._passive(pred):
            return self._agents(pred)
        return self._subjects(pred, _SUBJECTS)

    def _agents(self, verb) -> list:
        return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]

    def _patient_is_subject(self, verb) -> bool:
        return self.cues.patient_subject.match(verb) is not None

    def patients(self, pred, kind) -> list:
        if kind in ("responsibility", "judicial"):
            return []
        found = []
        if kind == "approach":
            return [c for p in pred.children if p.dep_ == "prep" and p.lower_ in ("into", "at", "onto")
                    for c in p.children if c.dep_ == "pobj"]
        if kind == "noun":
            for child in pred.children:
                if child.dep_ == "prep" and (child.lower_ in _PATIENT_PREPS or child.lower_ == "of"):
                    found += [c for c in child.children if c.dep_ == "pobj"]
                elif child.dep_ in ("compound", "poss", "nmod", "amod"):
                    found.append(child)
            # "came under attack": the subject of the coming
            if pred.dep_ == "pobj" and pred.head.lower_ == "under":
                found += [c for c in pred.head.head.children if c.dep_ in _SUBJECTS]
            return found
        if self._patient_is_subject(pred):
            found += self._subjects(pred, _SUBJECTS)
        elif self._passive(pred):
            found += self._subjects(pred, _PASSIVE_SUBJECTS)
            if not found and pred.dep_ == "acl":
                found.append(pred.head)
        for child in pred.children:
            if child.dep_ in ("dobj", "attr") and child.lower_ not in ("fire", "way"):
                found.append(child)
            elif child.dep_ == "prep" and child.lower_ in _PATIENT_PREPS and (
                    pred.lemma_.lower() in self.cues.directional_verbs):
                found += [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ == "dobj" and child.lower_ == "fire":  # "opened fire on the guards"
                for grand in child.children:
                    if grand.dep_ == "prep" and grand.lower_ in _PATIENT_PREPS:
                        found += [c for c in grand.children if c.dep_ == "pobj"]
        return found

    def fate(self, pred) -> Optional[str]:
        for fate, phrases in self.cues.fates.items():
            matched = phrases.match(pred)
            if matched and (pred.lemma_.lower() != "shoot" or " " in matched):
                return fate
        if pred.lemma_.lower() == "shoot":
            near = {t.lower_ for t in pred.subtree if 0 < t.i - pred.i <= 3}
            if near & self.cues.death_words:
                return "killed"
        return None


# --------------------------------------------------------------------------- attribution


def _with_included(tokens: Iterable) -> list:
    """The patients and the kinds of people a toll names among them: "ten people including four
    policemen" were struck, policemen among them."""
    out = list(tokens)
    for token in list(out):
        if _ending([token], cues().generic_people) != "unknown":
            continue  # "two militants, including a woman": the woman is one of the militants
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("including", "among"):
                out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def _expand(tokens: Iterable) -> list:
    """Each token and its conjuncts and appositions ("police, Rangers and army troops";
    "three people, two guards and a police officer"); a relative pronoun stands for its noun."""
    out, seen = [], set()
    stack = [_antecedent(t) for t in tokens]
    while stack:
        token = stack.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        out.append(token)
        stack += [c for c in token.children if c.dep_ in ("conj", "appos")]
    return out


def _antecedent(token):
    if token.lower_ in cues().relative_pronouns and token.pos_ in ("PRON", "DET"):
        verb = token.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ in ("relcl", "acl"):
            return verb.head
    return token


def _negated(token, negators) -> bool:
    return any(c.lower_ in negators and c.dep_ in ("det", "neg", "advmod") for c in token.children) or token.lower_ in negators


def _attribution(reader: _Reader, party: _Party, pred) -> str:
    cue = reader.cues
    words = set()
    anchor = party.actor_token if party.actor_token is not None else party.head
    for token in (anchor, party.head, *party.tokens):
        words.add(token.lower_)
        words.add(token.lemma_.lower())
    chain = list(anchor.ancestors)
    if pred is not None:
        chain += [pred, *pred.ancestors]
    for token in chain:
        words |= {token.lower_, token.lemma_.lower()}
        words |= {c.lower_ for c in token.children if c.dep_ in ("advmod", "amod", "neg")}
    if words & cue.alleged:
        return "alleged"
    if words & cue.suspected:
        return "suspected"
    return "stated"


# --------------------------------------------------------------------------- the sentence


def find_actors(sentence, *, country: Optional[str] = "PK") -> ActorFindings:
    """Perpetrators, targets and named victims in one incident sentence (a spaCy Span)."""
    reader = _Reader(sentence, country)
    findings = ActorFindings()
    doers: list[tuple[_Party, object]] = []
    victims_of: list[tuple[object, object, Optional[str]]] = []  # (token, predicate, fate)
    patients_by_pred: dict[int, list[_Party]] = {}
    consumed: set[int] = set()

    for party, attribution, own_doer in _claims(reader):
        consumed.update(t.i for t in party.tokens)
        if own_doer is not None:  # "its fighters" are the group that claims
            consumed.update(t.i for t in own_doer.subtree)
        _add_perpetrator(findings.perpetrators, party, attribution)

    for pred, kind in reader.predicates():
        fate = reader.fate(pred)
        parties = []
        for token in _expand(_with_included(reader.patients(pred, kind))):
            if _negated(token, reader.cues.negators):
                continue
            party = reader.party(token)
            if party is None or party.head.i == pred.i:
                continue
            parties.append(party)
            victims_of.append((party, pred, fate))
        patients_by_pred[pred.i] = parties
        for token in _expand(reader.doers(pred, kind)):
            if token.i in consumed or _negated(token, reader.cues.negators):
                continue
            party = reader.party(token)
            if party is not None and party.head.i != pred.i and party.kind != "other":
                doers.append((party, pred))

    for party, pred in _behind(reader):
        if not any(party.head.i in consumed for _ in [0]):
            doers.append((party, pred))

    attacker_heads = set()
    responders = []
    for party, pred in doers:
        if party.kind in ("facility", "person") or party.head.lower_ in reader.cues.vague_doers:
            continue
        against = [p for p in patients_by_pred.get(pred.i, []) if p.kind != "other"]
        if against and all(p.is_attacker for p in against) and not party.is_attacker:
            responders.append((party, pred, against))
            continue
        if party.kind in ("actor", "org", "perp", "state", "generic", "people"):
            if party.kind == "actor" and (party.actor.kind in _NOT_DOERS or party.actor.label != "ORG"):
                continue
            attacker_heads.add(party.head.i)
            _add_perpetrator(findings.perpetrators, party, _attribution(reader, party, pred))

    # Doer nouns the report introduces ("The attackers carried rifles", "a suicide bomber drove"),
    # unless the sentence only tells what befell them ("six suspected militants were killed in
    # the strike": the strike's targets).
    patient_heads = {party.head.i for party, _, _ in victims_of}
    for token in sentence:
        if token.i in consumed or token.i in attacker_heads or token.i in patient_heads:
            continue
        party = reader.party(token) if token.dep_ not in ("compound", "amod") else None
        if party is None or party.kind not in ("perp", "org", "actor") or party.head.i != token.i:
            continue
        if party.kind == "actor" and (party.actor.kind in _NOT_DOERS or party.actor.category == "state forces"
                                      or party.actor.label != "ORG" or party.actor.kind == "political party"):
            continue  # a party's members gather, march and speak: only a violent predicate makes them doers
        if party.kind in ("org", "actor") and (not _acts(token) or token.head.lemma_.lower() in reader.cues.bystander_verbs):
            continue  # a group that reports, condemns or blames is not by that a doer
        if not _introduced(token) or _negated(token, reader.cues.negators) or reader._out_of_event(token):
            continue
        if reader.generic_clause(token.head) or reader.in_talks(token):
            continue
        encounter = _encounter_target(party, responders)
        if encounter:
            continue
        attacker_heads.add(token.i)
        _add_perpetrator(findings.perpetrators, party, _attribution(reader, party, None))

    # State forces killing people no one else attacked: an encounter, a raid; they are the doers.
    for party, pred, against in responders:
        state = party.kind == "state" or (party.kind == "actor" and party.category == "state forces")
        if findings.perpetrators or not state or any(_definite(p.head) for p in against):
            _add_perpetrator(findings.responders, party, _attribution(reader, party, pred))
        else:
            _add_perpetrator(findings.perpetrators, party, _attribution(reader, party, pred))
            for p in against:
                _add_target(findings.targets, Target(None, p.text, "unknown"))

    generic_texts: set[str] = set()
    for party, pred, fate in victims_of:
        if party.kind == "person":
            findings.victims.append(Victim(party.name, _text(list(party.actor_token)), fate))
            title = _title_category(reader, party)
            if title is not None:
                _add_target(findings.targets, Target(None, _text(list(party.actor_token)), title))
            continue
        if party.is_attacker or party.head.i in attacker_heads:
            continue
        target = _as_target(party)
        if target is not None:
            _add_target(findings.targets, target)
            if party.kind == "generic" and party.category == "unknown":
                generic_texts.add(target.text)
    findings.victims = _unique_victims(findings.victims)
    findings.targets = _drop_generic(findings.targets, generic_texts)
    # claims and attributions the parse missed ("IS claims responsibility" in a headline)
    from vigil.extract.attribution import find_attributions, merge_perpetrators

    surface = find_attributions(sentence, in_incident=True, country=country)
    findings.perpetrators = merge_perpetrators(findings.perpetrators, surface)
    return findings


def _acts(token) -> bool:
    """A named group is a doer only where the sentence has it act: subject or agent of something."""
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _introduced(token) -> bool:
    """Doer nouns count where the report presents them (subject, object, agent, appositive,
    headline), not in "talks with the militants" or "a crackdown on militants"."""
    while token.dep_ in ("conj", "appos"):
        token = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT", "attr", "appos", "npadvmod", "nmod"):
        return True
    if token.dep_ == "pobj":
        prep = token.head
        return prep.lower_ == "by" or (prep.lower_ == "of" and prep.head.pos_ in ("NUM", "PRON", "DET", "ADJ"))
    return False


def _definite(token) -> bool:
    return any(c.lower_ in ("the", "these", "those", "all") for c in token.children) or token.lower_ in _PRONOUNS


def _encounter_target(party: _Party, responders) -> bool:
    return any(party.head.i == p.head.i and not _definite(p.head) for _, _, against in responders for p in against)


def _claims(reader: _Reader):
    """Groups that claim the incident: "X claimed (responsibility)", "claimed by X", "X, which
    claimed the attack", "X said its fighters carried out the assault / they were behind it"."""
    cue = reader.cues
    for token in reader.sent:
        speaker = None
        verb = token.head
        if token.dep_ in _SUBJECTS and token.lower_ in cue.relative_pronouns:
            speaker = verb.head if verb.dep_ == "relcl" else None
        elif token.dep_ in _SUBJECTS:
            speaker = token
        elif token.dep_ == "pobj" and token.head.dep_ == "agent":
            speaker, verb = token, token.head.head
        if speaker is None or speaker.lower_ in cue.relative_pronouns:
            continue
        party = _speaker_party(reader, speaker)
        if party is None:
            continue
        if _negated(speaker, cue.negators) or any(c.dep_ == "neg" for c in verb.children):
            continue
        if reader._out_of_event(verb):
            continue
        claim = cue.claim.match(verb)
        # "X claimed that its men were arrested" is speech; "X claimed the attack" a claim
        if claim and not (" " not in claim and any(c.dep_ == "ccomp" for c in verb.children)):
            yield party, "claimed", None
            continue
        if claim or verb.lemma_.lower() in cue.speech:
            for said in _said(verb):
                subject = _self_reference(reader, said)
                if subject is not None:
                    yield party, "claimed", subject
                    break


def _speaker_party(reader: _Reader, token) -> Optional[_Party]:
    """The group a speaker stands for: the group, or "a TTP spokesman", "a spokesman for the BLA"."""
    party = reader.party(token)
    if party is not None and party.kind == "other" and token.ent_type_ not in ("GPE", "LOC", "FAC", "PERSON", "NORP"):
        # an unknown name that claims responsibility is a group ("the fmln claimed responsibility")
        verb = token.head
        claimed = reader.cues.claim.match(verb)
        if claimed and (token.pos_ == "PROPN" or any(c.lower_ == "responsibility" for c in verb.children)):
            return _Party(token, party.tokens, party.text, "org", category="unidentified", name=party.text,
                          name_text=party.text)
    if party is None or party.kind not in ("actor", "org"):
        return None
    if party.kind == "actor" and (party.actor.kind in _NOT_DOERS or party.actor.category == "state forces"):
        return None
    if party.kind == "actor":
        # name the group itself, not its spokesman
        ent_tokens = list(party.actor_token.doc[party.actor_token.i:party.actor_token.i + 1])
        for ent in span_ents(reader.sent):
            if ent.start <= party.actor_token.i < ent.end:
                ent_tokens = list(ent)
        party = _Party(party.head, ent_tokens, _text(ent_tokens), "actor", party.category, party.actor, party.name,
                       party.actor_token)
    return party


def _said(verb) -> list:
    out = []
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "advcl", "conj") and child.pos_ in ("VERB", "AUX"):
            out += [child, *[c for c in child.children if c.dep_ == "conj"]]
    return out


def _self_reference(reader: _Reader, clause):
    """The clause a group says has the group as doer: 'it carried out', 'its fighters attacked',
    'they were behind the bombing'."""
    cue = reader.cues
    is_act = (cue.violent_verbs.match(clause) or cue.responsibility.match(clause)
              or any(c.lower_ in cue.behind for c in clause.children))
    if not is_act:
        return None
    subjects = [c for c in clause.children if c.dep_ in _SUBJECTS]
    for subject in subjects:
        if subject.lower_ in ("it", "they", "we"):
            return subject
        if any(c.dep_ == "poss" and c.lower_ in _OWNER_PRONOUNS for c in subject.children):
            return subject
    return None


def _behind(reader: _Reader):
    """'X was behind the attack', 'police suspect X were responsible', 'blamed on X', 'accused X'."""
    cue = reader.cues
    for token in reader.sent:
        pred = None
        if token.lower_ in cue.behind and token.dep_ in ("prep", "acomp", "advmod"):
            clause = token.head
            target = next((c for c in token.children if c.dep_ == "pobj"), None)
            if (target is not None and target.lemma_.lower() in cue.violent_nouns and reader._generic_plural(target)) \
                    or reader.generic_clause(clause):
                continue
            if reader._out_of_event(clause):
                continue
            for subject in _expand(c for c in clause.children if c.dep_ in _SUBJECTS):
                party = reader.party(subject)
                if party is not None and party.kind in ("actor", "org", "perp"):
                    yield party, clause
            pred = clause
        elif token.lemma_.lower() in ("blame", "accuse") and token.pos_ == "VERB":
            for child in token.children:
                found = []
                if child.dep_ == "dobj":
                    found.append(child)
                elif child.dep_ == "prep" and child.lower_ == "on":
                    found += [c for c in child.children if c.dep_ == "pobj"]
                for t in _expand(found):
                    party = reader.party(t)
                    if party is not None and party.kind in ("actor", "org", "perp"):
                        yield party, token
        del pred


def _as_target(party: _Party) -> Optional[Target]:
    if party.kind == "actor":
        category = party.actor.target_category
        if party.actor.label == "NORP":
            return Target(None, party.text, category)
        return Target(party.name, party.text, category)
    if party.kind in ("state", "people", "generic", "facility"):
        return Target(party.name, party.text, party.category)
    return None


def _title_category(reader: _Reader, party: _Party) -> Optional[str]:
    """What a named person falls under, from a title or an apposition: "SP Chaudhry Aslam",
    "the trader, Ali Khan", "one of its police officers, Chaudhry Aslam"."""
    ent = party.actor_token
    for token in ent:
        category = reader.actors.category_for_noun(token.text)
        if category is not None and token.lower_ not in ("general",) or token.lower_.rstrip(".") in reader.cues.titles:
            if category is not None:
                return category
    # "PPP MPA Sajid Ali", "lawmaker Ali Khan", "President Jovenel Moise": a title before the name
    for token in reversed([t for t in party.tokens if t.i < ent.start]):
        category = reader.actors.category_for_noun(token.text)
        if category is not None:
            return category
    head = ent.root
    words = []
    if head.dep_ == "appos":
        words.append(head.head)
        words += [p for c in head.head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    words += [c for c in head.children if c.dep_ == "appos"]
    for word in words:
        tokens = [t for t in _np_tokens(word, with_of=False) if t.pos_ != "NUM"]
        category = reader.actors.category_for_noun(_text(tokens)) if tokens else None
        if category is not None:
            return category
    return None


def _add_perpetrator(found: list[Perpetrator], party: _Party, attribution: str) -> None:
    if party.kind == "actor":
        record = Perpetrator(party.name, party.name_text or party.text, party.actor.category, attribution)
    elif party.kind == "org":
        record = Perpetrator(party.name, party.name_text or party.text, party.category, attribution)
    elif party.kind == "state":
        # an institution ("the army", "armed forces") is a named actor; "soldiers" are not
        institution = _ending([t for t in party.tokens if t.i <= party.head.i], cues().state_institutions)
        record = Perpetrator(party.text if institution else None, party.text, "state forces", attribution)
    elif party.kind == "perp":
        record = Perpetrator(None, party.text, party.category, attribution)
    else:
        record = Perpetrator(None, party.text, "unidentified", attribution)
    key = (record.name or record.text or "").lower()
    for i, old in enumerate(found):
        if (old.name or old.text or "").lower() == key:
            if ATTRIBUTION_RANK[attribution] < ATTRIBUTION_RANK[old.attribution]:
                found[i] = record
            return
    found.append(record)


def _add_target(found: list[Target], target: Target) -> None:
    if target.text and all((t.text or "").lower() != target.text.lower() for t in found):
        found.append(target)


def _drop_generic(targets: list[Target], generic: set[str]) -> list[Target]:
    """'three people, two guards and a police officer': the specific ones say more."""
    specific = [t for t in targets if t.text not in generic]
    return specific or targets


def _unique_victims(victims: list[Victim]) -> list[Victim]:
    out: dict[str, Victim] = {}
    for victim in victims:
        key = (victim.name or "").lower()
        if key not in out or (out[key].role is None and victim.role is not None):
            out[key] = victim
    return list(out.values())
