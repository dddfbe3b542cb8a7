"""Where an incident happened: the place a sentence names, else the report's dateline city.

Resolution to coordinates goes through the knowledge base's geoparser when it is installed;
without it a place keeps its name and text with precision "unknown".
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Optional

from vigil.extract.spans import doc_text, span_ents
from vigil.model import Location

PLACE_LABELS = ("GPE", "LOC", "FAC")
# From the smallest kind of area to the largest, for choosing the place that says most: a town
# or city is smaller than a district outside a city (Madyan in Swat); a district inside a city
# (Karachi East) is chosen over its city by containment first.
AREA_ORDER = ("point", "neighbourhood", "town", "city", "district", "province", "country", "unknown")
# A place Vigil does not know, named in the text, is most likely a village or town.
UNKNOWN_PLACE_RANK = 2.5

@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int  # offsets in the document's cleaned text
    end: int
    # "shells fired from Afghanistan", "militants from Waziristan": where someone came from,
    # which says less about where the incident was than the other places named with it.
    origin: bool = False
    # "Sudan's Omdurman", "Khartoum's sister city of Omdurman": a place that only situates the
    # place it possesses.
    possessor: bool = False


def find_dateline(text: str) -> Optional[PlaceMention]:
    """The dateline place of a report ("KARACHI, Pakistan —"), if one opens a paragraph near the top."""
    from vigil.knowledge.geoparse import find_dateline as dateline_in

    found = dateline_in(text)
    if found is None:
        return None
    name, start, end = found
    name = name.title() if name.isupper() else name
    from vigil.knowledge.gazetteer import load_gazetteer

    if not load_gazetteer().lookup(name, fuzzy=False):
        return None  # "RFI:" or "UPDATE:" open a line like a dateline but are no place
    return PlaceMention(name, start, end)


def _geoparser():
    try:
        from vigil.knowledge import geoparse
    except ImportError:
        return None
    return geoparse


def document_context(text: str) -> Optional[str]:
    """The gazetteer id of the city a report is about (its dateline or most-named city)."""
    geoparse = _geoparser()
    return geoparse.document_context(text) if geoparse else None


def context_city_location(context_city_id: Optional[str]) -> Optional[Location]:
    """The report's own city (its dateline or most-named city) as a Location, for an incident
    whose sentences name no place: the report is set there."""
    geoparse = _geoparser()
    if geoparse is None or not context_city_id:
        return None
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    place = gazetteer.get(context_city_id)
    return geoparse.location_for(place, gazetteer, text=place.name) if place else None


def locate(mention: PlaceMention, context_city_id: Optional[str]) -> Location:
    """Resolve a place mention to a Location, as precisely as the gazetteer allows."""
    geoparse = _geoparser()
    if geoparse is None:
        return Location(name=mention.text, text=mention.text, precision="unknown")
    location = geoparse.resolve_place(mention.text, context_city_id=context_city_id)
    location.text = mention.text
    return location


def locate_together(mentions: list[PlaceMention], context_city_id: Optional[str],
                    sentence=None) -> list[tuple[PlaceMention, Location]]:
    """Resolve the places one sentence names. A place Vigil does not know is placed inside the
    most precise known place the sentence names beside it ("Madyan, a Swat district town"),
    when that place lies in the report's country; else it stays at the report's own setting."""
    located = [(m, locate(m, context_city_id)) for m in mentions]
    geoparse = _geoparser()
    if geoparse is None:
        return located
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    settled: set[int] = set()  # mentions whose own words say the country they are in
    if sentence is not None:
        located, settled = _read_country_of_settlement(located, geoparse, gazetteer, sentence)
    if len(located) < 2:
        return located
    if sentence is not None:
        located = _read_inside_following_area(located, context_city_id, geoparse, gazetteer, sentence)
    known = [loc for _, loc in located if loc.gazetteer_id and not geoparse.is_fallback(loc, gazetteer)]
    country = country_id(context_city_id)
    known = [loc for loc in known if country is None or gazetteer.is_within(loc.gazetteer_id, country)]
    if not known:
        return located
    container = most_precise(known, context_city_id)
    out = []
    for i, (mention, loc) in enumerate(located):
        unknown = loc.precision == "unknown" or geoparse.is_fallback(loc, gazetteer)
        if unknown and i not in settled and (loc.name or "")[:1].isupper() \
                and loc.gazetteer_id != container.gazetteer_id:
            loc = geoparse.placed_within(loc, container.gazetteer_id, gazetteer)
        out.append((mention, loc))
    return out


# "the eastern Congolese city of ", "a Nigerian village called ": a people's adjective on the
# settlement noun just before an unknown name.
_COUNTRY_OF_SETTLEMENT = re.compile(
    r"(?P<demonym>[A-Z][\w'’-]+)(?: [a-z-]+)? (?:city|town|village|hamlet|township|settlement) (?:of|called|named) (?:the )?$")


def _read_country_of_settlement(located: list, geoparse, gazetteer, sentence) -> tuple[list, set[int]]:
    """"the western Kenyan town of Busia": an unknown place whose settlement noun carries
    a country's adjective lies in that country, whatever else the report names most. Returns
    the mentions and the indices of those so placed."""
    text, offset = sentence.text, sentence.start_char
    out, settled = [], set()
    for i, (mention, loc) in enumerate(located):
        unknown = loc.precision == "unknown" or geoparse.is_fallback(loc, gazetteer)
        before = text[max(0, mention.start - offset - 60):mention.start - offset]
        m = _COUNTRY_OF_SETTLEMENT.search(before) if unknown else None
        country = geoparse.country_of_demonym(m.group("demonym"), gazetteer) if m else None
        if country:
            settled.add(i)
            if not (loc.gazetteer_id and gazetteer.is_within(loc.gazetteer_id, country)):
                loc = geoparse.placed_within(loc, country, gazetteer)
        out.append((mention, loc))
    return out, settled


AREA_LEVELS = ("district", "province", "country")


_PLACE_THEN_AREA = re.compile(r", | \(")
_PART_OF = re.compile(r" (?:(?:area|areas|neighbourhood|neighborhood|locality|colony|town) )?of (?:the )?")
_AREA_ENDS = re.compile(r"(?:\)|[,.;:]|\s+(?!-)|$)")  # not "UK-based"


def _read_inside_following_area(located: list, context_city_id: Optional[str], geoparse, gazetteer,
                                sentence) -> list:
    """"Dutse, Kaduna State", "Hyderabad (Sindh)", "Iraq's port city of Basra": a place
    followed at once by the district, province or country it is in, or possessed by it, is read
    inside that area; a namesake elsewhere (the Dutse that is Jigawa's capital, the Basra in
    Punjab) is not it, and with none inside, the name is kept at the area."""
    text, offset = sentence.text, sentence.start_char
    out = list(located)
    for i in range(len(out) - 1):
        (first, first_loc), (second, second_loc) = out[i], out[i + 1]
        of = False  # "the police lines area of Peshawar": a neighbourhood of the city after it
        if first.possessor:  # "Iraq's port city of Basra": the possessor is the area
            j, (place, loc), (area, area_loc) = i + 1, out[i + 1], out[i]
        else:
            between = text[first.end - offset:second.start - offset]
            of = bool(_PART_OF.fullmatch(between)) and first_loc.precision in ("point", "neighbourhood", "town")
            if not (_PLACE_THEN_AREA.fullmatch(between) or of) or not _AREA_ENDS.match(text, second.end - offset):
                continue  # "Homs, UK-based monitors": no place and its area
            j, (place, loc), (area, area_loc) = i, out[i], out[i + 1]
        if not area_loc.gazetteer_id or area_loc.gazetteer_id not in gazetteer:
            continue
        level = gazetteer.get(area_loc.gazetteer_id).level
        # a city holds the neighbourhood it possesses ("Peshawar's Police Lines area", not Karachi's
        # Lines Area), not a city ("Khartoum's sister city of Omdurman")
        city_holds = ((first.possessor or of) and level == "city"
                      and loc.precision in ("point", "neighbourhood", "town"))
        if (level not in AREA_LEVELS and not city_holds) or loc.precision in ("province", "country"):
            continue  # "Lahore, Karachi and Quetta", "Punjab, Sindh": a list, not a place and its area
        if loc.gazetteer_id and gazetteer.is_within(loc.gazetteer_id, area_loc.gazetteer_id):
            continue
        inside = geoparse.resolve_place(f"{place.text}, {area.text}", context_city_id=context_city_id)
        inside.text = place.text
        out[j] = (place, inside)
    return out


def country_id(context_id: Optional[str]) -> Optional[str]:
    """The gazetteer id of the country a place lies in (or is), or None."""
    if not context_id:
        return None
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    if context_id not in gazetteer:
        return None
    return next((p.id for p in [gazetteer.get(context_id), *gazetteer.ancestors(context_id)]
                 if p.level == "country"), None)


def most_precise(locations: list[Location], context_id: Optional[str] = None) -> Location:
    """The location that says most about where: a place with another named place inside it
    gives way to that place (Karachi to Orangi, Swat to Madyan); then a place in the country the
    report is about (``context_id``'s regions) before one abroad ("flown to a Miami
    hospital"); then the smaller kind of area (AREA_ORDER), a place Vigil does not know ranking as
    a village inside its container. The first of equals wins."""
    geoparse = _geoparser()
    if geoparse is None or len(locations) < 2:
        return locations[0]
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    fallback = {id(loc): geoparse.is_fallback(loc, gazetteer) for loc in locations}

    def known(loc: Location) -> bool:
        return bool(loc.gazetteer_id) and loc.gazetteer_id in gazetteer

    def inside(inner: Location, outer: Location) -> bool:
        if inner is outer or not (known(inner) and known(outer)) or fallback[id(outer)]:
            return False
        if inner.gazetteer_id == outer.gazetteer_id:
            return fallback[id(inner)]
        return gazetteer.is_within(inner.gazetteer_id, outer.gazetteer_id)

    def rank(loc: Location) -> tuple[float, float]:
        if not known(loc):
            return (0.0, AREA_ORDER.index("unknown"))
        area = UNKNOWN_PLACE_RANK if fallback[id(loc)] else AREA_ORDER.index(loc.precision)
        return (-geoparse.country_weight(loc.gazetteer_id, context_id, gazetteer), area)

    innermost = [loc for loc in locations if not any(inside(other, loc) for other in locations)]
    return min(innermost or locations, key=rank)


@functools.lru_cache(maxsize=1)
def _place_words() -> dict:
    """The word tables of extract/data/place_words.json, read once."""
    return json.loads(resources.files("vigil.extract").joinpath("data/place_words.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _place_suffixes() -> re.Pattern:
    data = _place_words()
    return re.compile(rf"(?:{data['place_suffixes']})$", re.IGNORECASE)


def _looks_like_place(span) -> bool:
    """Known to the knowledge base, or shaped like a place name ("Qasimabad", "Bilal Colony")."""
    if span.ent_id_ and not span.ent_id_.startswith("actor:"):
        return not _common_word_abroad(span)
    text = span.text.strip()
    if not text[:1].isupper():
        return False
    geoparse = _geoparser()
    if geoparse is not None:
        from vigil.knowledge.gazetteer import load_gazetteer
        from vigil.knowledge.ruler import usable_name

        # a name the ruler leaves alone ("an outlawed Baloch group", a tehsil in Kashmir) is a
        # place only where the sentence puts it as one ("killed in Khar": _after_locative)
        if usable_name(text) and load_gazetteer().lookup(text, fuzzy=False):
            return True
    return bool(_place_suffixes().search(text))


def _common_word_abroad(span) -> bool:
    """A one-word name of a place abroad that the tagger does not read as a proper noun:
    "Reading the statement ...", "Police said ..." are words, not the towns of that name."""
    if len(span) != 1 or span[0].pos_ in ("PROPN", ""):
        return False
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    if span.ent_id_ not in gazetteer:
        return False
    home = _home_country()
    return not gazetteer.is_within(span.ent_id_, home)


def _home_country() -> str:
    from vigil.knowledge.geoparse import rules

    return rules()["home_country"]


@functools.lru_cache(maxsize=1)
def _facility_nouns() -> dict[str, str]:
    data = _place_words()
    return {k: v for k, v in data["facility_nouns"].items() if not k.startswith("_")}


@functools.lru_cache(maxsize=64)
def _main_facility(city_id: str, feature_type: str):
    """The city's one main facility of a kind: its international airport, say."""
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    inside = [p for p in gazetteer.places(towns=False)  # facilities, not the world's towns
              if p.feature_type == feature_type and gazetteer.is_within(p.id, city_id)]
    main = [p for p in inside if "international" in p.name.lower()] or inside
    return main[0] if len(main) == 1 else None


def facility_mentions(sentence, context_city_id: Optional[str]) -> list[tuple[PlaceMention, Location]]:
    """Facilities a sentence names by their kind ("stormed the airport"), resolved in the report's city."""
    geoparse = _geoparser()
    if geoparse is None or not context_city_id:
        return []
    found = []
    for token in sentence:
        feature = _facility_nouns().get(token.lemma_.lower())
        if feature is None:
            continue
        named = next((e for e in span_ents(sentence) if e.start <= token.i < e.end
                      and any(t.pos_ == "PROPN" for t in e)), None)
        if named is not None:
            continue  # a named facility ("Jinnah International Airport") is a place entity already
        place = _main_facility(context_city_id, feature)
        if place is not None:
            from vigil.knowledge.gazetteer import load_gazetteer

            mention = PlaceMention(token.text, token.idx, token.idx + len(token.text))
            found.append((mention, geoparse.location_for(place, load_gazetteer(), text=token.text)))
    return found


def _hometown(span) -> bool:
    """Where a named person comes from, not where the incident took place: "Sepoy Ali, 26, from
    Turbat", "a native of Sibi", "who hailed from Kohat"."""
    prep = span.root.head
    if prep.dep_ != "prep" or prep.lower_ not in ("from", "of"):
        return False
    owner = prep.head
    if prep.lower_ == "of":
        return owner.lower_ in ("native", "natives")
    return owner.ent_type_ == "PERSON" or owner.lemma_.lower() in ("hail", "native", "belong")


def _surname(span) -> bool:
    """"Nawab Sanaullah Zehri said": a place's name right after a person's names (no comma, no
    preposition) ends that person's name; many families bear their home's name."""
    doc, i = span.doc, span.start - 1
    if i < 0 or doc[i].whitespace_ != " ":
        return False
    if doc[i].ent_type_ == "PERSON":
        return True
    # "Chief Minister Sanaullah Zehri": a name the model left untagged, after a title
    return (i >= 1 and doc[i].is_title and doc[i].is_alpha and not doc[i].ent_type_
            and doc[i - 1].lower_ in _word_set("person_titles"))


@functools.lru_cache(maxsize=None)
def _word_set(table: str) -> frozenset[str]:
    """One word list of place_words.json, as a set read once."""
    return frozenset(_place_words()[table]["words"])


def _country_as_adjective(span) -> bool:
    """"11 U.S. Marines", "the Pakistan Army": a country's name on a noun for its people says whose
    they are, not where anything happened."""
    root = span.root
    if root.dep_ != "compound" or root.head.i <= root.i:
        return False
    if root.head.lower_ not in _word_set("group_nouns_after_a_country"):
        return False
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return span.ent_id_ in gazetteer and gazetteer.get(span.ent_id_).level == "country"


def _speaks(span) -> bool:
    """"Zehri said it appeared to be a suicide attack", "Islamabad condemned the attack": the
    subject of a verb of speech is a person (or a government), not a place."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _word_set("speech_verbs_of_people")


def place_candidates(sentence) -> list[PlaceMention]:
    """The place names a sentence (a spaCy span) gives, in order, skipping entities the model
    labels as places but which are not known and do not look like places, and a person's home
    town ("a native of Sibi"). A name the model
    reads as a geopolitical entity (GPE) after "in", "near" ... is a place even when Vigil does
    not know it: villages abroad ("in Koshebe") are named so, and the geoparser places them
    inside what contains them. A known place after such a word ("killed in Mach") and a name
    followed by ", a town ..." are places whatever label the model gave them."""
    found = []
    for span in span_ents(sentence):
        if span.ent_id_.startswith("actor:"):
            continue
        if span.label_ in PLACE_LABELS:
            # a short known name ("in Owo", "in Dir") is a place where the sentence puts it as one
            place = _looks_like_place(span) or (_after_locative(span) and not _headline(sentence)
                                                and (_unknown_settlement(span) or _known_place(span)))
        else:
            place = (_settlement_appositive(span) or _settlement_noun_after(span) or _settlement_noun_of(span)
                     or (_after_locative(span) and (_known_place(span) or _inside_named_place(span)))
                     or _between_places(span))
        if place and not _hometown(span) and not _surname(span) and not _speaks(span) \
                and not _country_as_adjective(span) and not _names_publication(span) and not _names_institution(span) \
                and not _names_building(span):
            text, end = span.text, span.end_char
            kind = span.doc[span.end] if span.end < len(span.doc) else None
            if kind is not None and span.doc[span.end - 1].whitespace_ and _names_its_kind(kind):
                # "of Ondo State": the model left the kind out of the name; with it, the state is
                # meant, not its capital of the same name
                text, end = span.doc.text[span.start_char:kind.idx + len(kind)], kind.idx + len(kind)
            found.append((PlaceMention(text, span.start_char, end, origin=_after_from(span),
                                       possessor=_across_border(span)),
                          _possessed_reach(span, sentence)))
            possessed = _unlabelled_possessed_place(span, sentence)
            if possessed is not None:
                found.append((PlaceMention(possessed.text, possessed.start_char, possessed.end_char,
                                           origin=found[-1][0].origin), None))
    return [replace(m, possessor=True) if reach and any(reach[0] <= other.start <= reach[1] for other, _ in found)
            else m for m, reach in found]


def _unlabelled_possessed_place(span, sentence):
    """"in Chhattisgarh's Bijapur": the model often leaves the possessed name out of its entities;
    a run of capitalised words right after a place's "'s", which the gazetteer knows, is that
    place (the possessor then situates it). None otherwise."""
    doc = span.doc
    start = span.end + 1
    if span.end >= sentence.end or doc[span.end].tag_ != "POS" or start >= sentence.end:
        return None
    end = start
    while end < sentence.end and end - start < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and doc[end].ent_type_ == "":
        end += 1
    if end == start:
        return None
    possessed = doc[start:end]
    return possessed if _known_place(possessed) else None


POSSESSOR_REACH = 6  # tokens from a "'s" to the place it situates: "Khartoum's sister city of Omdurman"


def _possessed_reach(span, sentence) -> Optional[tuple[int, int]]:
    """After "Khartoum's", the characters in which a place it situates may be named; None when
    the span is not a possessor."""
    doc = span.doc
    if span.end >= sentence.end or doc[span.end].tag_ != "POS":
        return None
    last = doc[min(span.end + POSSESSOR_REACH, sentence.end - 1)]
    return doc[span.end].idx, last.idx


@functools.lru_cache(maxsize=1)
def _publication_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = _place_words()
    frames = data["publication_contexts"]
    names = "|".join(re.escape(n) for n in sorted(data["publication_names"]["names"], key=len, reverse=True))
    return (re.compile(frames["before"], re.IGNORECASE), re.compile(frames["after"], re.IGNORECASE),
            re.compile(rf"\b(?:{names})\b"))


PUBLICATION_REACH = 40  # characters around a place name in which a publication's name is looked for


def _names_publication(span) -> bool:
    """A newspaper, channel or agency, not a place: one that shares a town's name ("a report in
    Dawn cited the SP"), or a place inside an agency's name ("told Agence France-Presse")."""
    before, after, names = _publication_patterns()
    text = doc_text(span.doc)
    if before.search(text[max(0, span.start_char - 60):span.start_char]) or after.search(text[span.end_char:span.end_char + 30]):
        return True
    window = max(0, span.start_char - PUBLICATION_REACH)
    return any(m.start() + window <= span.start_char and span.end_char <= m.end() + window
               for m in names.finditer(text[window:span.end_char + PUBLICATION_REACH]))


@functools.lru_cache(maxsize=1)
def _institution_name() -> re.Pattern:
    data = _place_words()
    heads = "|".join(sorted(data["institution_heads"]["words"]))
    # up to three more capitalised words (or "of", "and") between the place and the head
    return re.compile(rf"(?:[ \t]+(?:[A-Z][\w'’-]*|of|and|&)){{0,3}}?[ \t]+(?:{heads})\b")


def _names_building(span) -> bool:
    """"the siege of the Hyatt hotel", "the Serena Hotel": a name followed by a kind of building
    that a city's name seldom heads is the building's name, not a place."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in _place_words()["building_name_nouns"]["words"]


def _names_institution(span) -> bool:
    """"the Peshawar Institute of Cardiology": the place begins an institution's name."""
    return bool(_institution_name().match(doc_text(span.doc), span.end_char))


_SETTLEMENT_NAME = re.compile(r"[A-Z][a-zà-ɏ'’]+(?:[ -][A-Z][a-zà-ɏ'’]+){0,2}")


def _unknown_settlement(span) -> bool:
    """A GPE the model found, written like a settlement's name: one to three capitalised words
    ("Koshebe", "Pa Zi Gyi"), no acronym."""
    text = span.text.strip()
    return span.label_ == "GPE" and len(text) >= 4 and bool(_SETTLEMENT_NAME.fullmatch(text))


def _headline(sentence) -> bool:
    """A line in title case ("Leader Killed in Drone Strike"): its capitals say nothing."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


@functools.lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    data = _place_words()
    return (frozenset(data["locative_prepositions"]["words"]), frozenset(data["settlement_nouns"]["words"]))


def _after_from(span) -> bool:
    i = span.start - 1
    if i >= 0 and span.doc[i].lower_ in ("the", "a"):
        i -= 1
    return i >= 0 and span.doc[i].lower_ in ("from", "across")


# "a village on the border with Chad", "the district bordering Iran": the neighbour only situates.
_BORDER_BEFORE = re.compile(r"\b(?:borders?(?:ing)? with|bordering|borders) (?:the )?$", re.IGNORECASE)


def _names_its_kind(token) -> bool:
    """"Ondo State": the word after a name is an administrative area's kind (geoparse rules)."""
    geoparse = _geoparser()
    return geoparse is not None and token.text in geoparse.rules()["area_kind_words"]


def _across_border(span) -> bool:
    """A place named as the neighbour across a border situates the place it borders, as a
    possessor does ("on the border with Uganda"); it is not where the incident was."""
    start = span.start_char - span.sent.start_char if span.sent is not None else span.start_char
    sentence_text = span.sent.text if span.sent is not None else span.doc.text
    return bool(_BORDER_BEFORE.search(sentence_text[max(0, start - 30):start]))


def _after_locative(span) -> bool:
    """The span follows a locative preposition, perhaps with an article between ("in the ..."),
    with a place that situates it ("in Khartoum state's Omdurman"), or a settlement noun ("the sister city
    Omdurman")."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
        while i >= 0 and doc[i].pos_ == "PROPN":
            i -= 1
    if i >= 0 and doc[i].lower_ in ("the", "a"):
        i -= 1
    if i < 0:
        return False
    locatives, settlement_nouns = _word_lists()
    if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in _OF_NOT_PLACE:
        return False  # "ahead of Eid", "the eve of Ashura": a time, not a place
    return doc[i].lower_ in locatives or (doc[i].lower_ in settlement_nouns and doc[i].lower_ not in _AREA_WORDS)


def _settlement_appositive(span) -> bool:
    """"Madyan, a Swat town": the name is in apposition to a settlement noun (not "Abshir
    Axmad, the state minister", where the noun only qualifies another)."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or not span.text[:1].isupper():
        return False
    following = doc[span.end + 1: span.end + 5]
    return following[0].lower_ in ("a", "an", "the") and any(
        t.lower_ in _word_lists()[1] and t.dep_ == "appos" and span.start <= t.head.i < span.end for t in following)


def _settlement_noun_after(span) -> bool:
    """"at Koshebe village": a capitalised name the model did not take for a person, followed
    by a settlement noun."""
    doc = span.doc
    # a people or a faith before the noun describes who lives there: "a Shiite Muslim neighborhood"
    return (span.label_ not in ("PERSON", "NORP") and span.text[:1].isupper() and span.end < len(doc)
            and doc[span.end].lower_ in _word_lists()[1] and doc[span.end].lower_ not in _AREA_WORDS)


def _settlement_noun_of(span) -> bool:
    """"the western town of Busia", "the village of Koshebe": a capitalised name after a
    settlement noun and "of" is that settlement's name, whatever label the model gave it (it
    often takes an unknown village for a person)."""
    doc = span.doc
    i = span.start
    return (i >= 2 and span.text[:1].isupper() and doc[i - 1].lower_ == "of"
            and doc[i - 2].lower_ in _word_lists()[1] and doc[i - 2].lower_ not in _AREA_WORDS)


# Words after which "of" names a time, not a place: "ahead of Eid-al-Fitr", "on the eve of Ashura".
_OF_NOT_PLACE = {"ahead", "eve", "end", "start", "beginning", "day", "days", "week", "month", "year", "anniversary",
                 "occasion", "because", "instead", "celebration", "celebrations", "festival", "season", "holiday"}

# Nouns that follow organisations' names as often as places' ("the Boko Haram area").
_AREA_WORDS = {"area", "region", "state"}


INSIDE_REACH = 5  # tokens from the unknown name to the known place: "Tamboura in north-eastern Mali"


def _inside_named_place(span, any_label: bool = False) -> bool:
    """"herders of Tamboura in north-eastern Mali": one capitalised word the model
    did not take for a person (unless ``any_label``), then "in" and a place the gazetteer knows."""
    doc = span.doc
    if (span.label_ == "PERSON" and not any_label) or len(span) != 1 or not span.text[:1].isupper() or span.end + 1 >= len(doc):
        return False
    if doc[span.end].lower_ not in ("in", "near"):
        return False
    following = next((e for e in doc.ents if e.start > span.end and e.start <= span.end + INSIDE_REACH), None)
    if following is None or following.label_ not in PLACE_LABELS or not _known_place(following):
        return False
    # between "in" and the place only words that situate it: "the", "north-central", "eastern"
    return all(t.is_lower or t.text == "-" for t in doc[span.end + 1:following.start])


def _between_places(span) -> bool:
    """"the road between Dutse and Jere in Kaduna": a capitalised name after a stretch of
    land or route and "between", paired by "and" with another, the pair followed by "in" or
    "near" and a place the gazetteer knows, is a place whatever label the model gave it (it takes
    such villages for people)."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "between" or not span.text[:1].isupper() \
            or doc[span.start - 2].lower_ not in _word_set("stretch_nouns"):
        return False
    i = span.end
    if i + 1 >= len(doc) or doc[i].lower_ != "and" or not doc[i + 1].text[:1].isupper():
        return False
    i += 1
    while i < len(doc) and doc[i].text[:1].isupper() and i - span.end < 4:
        i += 1
    return i < len(doc) and _inside_named_place(doc[i - 1:i], any_label=True)


def _known_place(span) -> bool:
    text = span.text.strip()
    if not text[:1].isupper() or _geoparser() is None:
        return False
    from vigil.knowledge.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(text, fuzzy=False))
