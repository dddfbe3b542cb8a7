"""Claims: every stated figure, with what it counts, its bounds, place, period and source.

Sentences here are the project's own, about realistic Karachi facts; the seed test at the end reads
../shared (never copied) and checks facts only.
"""
import json
from pathlib import Path

import pytest

from vigil.extract import sentence_spans
from vigil.extract.claims import extract_claims, find_periods
from vigil.model import Period
from vigil.nlp import get_nlp
from vigil.readers import iter_documents, read_text

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def claims_of(nlp):
    def run(text, published="2014-09-01", context_place=None):
        doc = read_text(text, id="t", published=published)
        return doc, extract_claims(doc, list(sentence_spans(nlp(doc.text))), context_place)
    return run


def one(claims, value, kind=None):
    found = [c for c in claims if c.value == value and (kind is None or c.kind == kind)]
    assert len(found) == 1, [(c.value, c.kind, c.quantity) for c in claims]
    return found[0]


# --------------------------------------------------------------------------- counts and bounds


def test_force_sizes_and_population(claims_of):
    _, claims = claims_of("About 28,000 police officers and 11,000 Rangers patrol a city of 22 million people.")
    police = one(claims, 28000)
    assert police.kind == "count" and police.quantity == "police officers" and police.approximate
    assert one(claims, 11000).quantity == "Rangers"
    people = one(claims, 22_000_000)
    assert people.quantity == "people" and people.low == people.high == 22_000_000 and not people.approximate


def test_almost_is_an_upper_bound_and_more_than_a_lower_one(claims_of):
    _, claims = claims_of("Almost 23 million people live in Karachi. More than 70 armed groups operate in its slums.")
    people = one(claims, 23_000_000)
    assert (people.low, people.high, people.approximate) == (None, 23_000_000, True)
    groups = one(claims, 70)
    assert (groups.low, groups.high) == (70, None) and groups.quantity == "armed groups"


def test_qualifiers_scope_a_figure(claims_of):
    _, claims = claims_of(
        "Of the police force's 26,000 officers, including clerical staff, about 9,000 are posted on guard duty. "
        "The police have 14,000 active officers."
    )
    assert "including clerical staff" in one(claims, 26000).qualifier
    assert one(claims, 14000).qualifier == "active"
    subset = one(claims, 9000)
    assert subset.quantity == "police officers" and "guard duty" in subset.qualifier


def test_toll_over_a_period_is_a_claim_with_source_and_period(claims_of):
    _, claims = claims_of(
        "More than 2,000 people were killed in targeted killings in 2012, according to the Human Rights "
        "Commission of Pakistan."
    )
    toll = one(claims, 2000)
    assert (toll.low, toll.high) == (2000, None)
    assert toll.quantity == "people killed"
    assert toll.period == Period("2012-01-01", "2012-12-31")
    assert toll.attributed_to == "Human Rights Commission of Pakistan"


def test_a_single_incidents_own_toll_is_not_a_claim(claims_of):
    _, claims = claims_of(
        "A bomb killed 11 Rangers near Sohrab Goth on Thursday. "
        "Two policemen were shot dead in Orangi Town on Monday. "
        "Eight militants stormed the naval base before dawn."
    )
    assert claims == []


def test_aggregate_casualties_in_several_attacks_are_claims(claims_of):
    _, claims = claims_of("Taliban attacks have killed 60 workers of the party, its leaders say.")
    assert one(claims, 60).quantity.endswith("killed")


def test_part_of_a_whole_and_zero_outcomes(claims_of):
    _, claims = claims_of(
        "Of 140 kidnapping cases registered since January 2014, none has come to trial. "
        "Only four of 12 police stations in Orangi are considered safe."
    )
    cases = one(claims, 140)
    assert cases.quantity == "kidnapping cases"
    assert cases.period == Period("2014-01-01", "2014-09-01")
    assert one(claims, 0).quantity == "trials"
    part = one(claims, 4)
    assert part.quantity == "police stations" and part.place.startswith("Orangi")
    assert one(claims, 12).quantity == "police stations"


def test_subset_convicted_takes_its_wholes_noun(claims_of):
    _, claims = claims_of("Of 310 suspected militants held in the central jail, just four had been convicted.")
    assert one(claims, 310).qualifier == "suspected"
    assert one(claims, 4).quantity.endswith("convicted")


# --------------------------------------------------------------------------- kinds


def test_ordinal_with_a_period(claims_of):
    _, claims = claims_of("The city police recorded the killing of their 120th officer this year.", published="2014-09-01")
    tally = one(claims, 120, "ordinal")
    assert tally.quantity == "police officers killed"
    assert tally.period == Period("2014-01-01", "2014-09-01")


def test_ordinal_that_ranks_is_not_a_claim(claims_of):
    _, claims = claims_of("He was the second most senior officer in the city. It was the first time the court sat.")
    assert claims == []


def test_ratio(claims_of):
    _, claims = claims_of("Karachi has one police officer for every 1,400 residents.")
    ratio = one(claims, 1400, "ratio")
    assert ratio.quantity == "residents per police officer" and ratio.place == "Karachi"
    assert [c.kind for c in claims] == ["ratio"]


def test_rate(claims_of):
    _, claims = claims_of("On average, two people are killed in the city every day.")
    rate = one(claims, 2, "rate")
    assert rate.quantity == "people killed per day"


def test_percentage_takes_its_noun(claims_of):
    _, claims = claims_of("Fewer than 5% of terrorism cases end in a conviction.")
    share = one(claims, 5, "percentage")
    assert (share.low, share.high) == (None, 5) and share.quantity == "terrorism cases"


def test_one_in_n_is_a_share(claims_of):
    _, claims = claims_of("One in four police officers in Karachi is posted on VIP duty.")
    share = one(claims, 25, "percentage")
    assert share.quantity == "police officers"


def test_money(claims_of):
    _, claims = claims_of(
        "The kidnappers demanded Rs 10 million in ransom. Donors have given $15 million to the provincial police since 2011."
    )
    ransom = one(claims, 10_000_000, "money")
    assert ransom.quantity == "ransom" and ransom.qualifier == "rupees"
    aid = one(claims, 15_000_000, "money")
    assert aid.quantity == "US dollars" and aid.period.start == "2011-01-01"


def test_distance(claims_of):
    _, claims = claims_of("The group is commanded from North Waziristan, 900 kilometres away.")
    assert one(claims, 900, "distance").quantity == "kilometres"


def test_ages_dates_times_years_and_phone_numbers_are_not_claims(claims_of):
    _, claims = claims_of(
        "A 16-year-old boy was detained at 11:30 pm on March 3, 2014 after a 12-hour search. "
        "The 2012 report was published in 2013. Call 021-9921-5000 for help. "
        "The suspect, 24, was held for three days."
    )
    assert claims == []


# --------------------------------------------------------------------------- periods, places, evidence


@pytest.mark.parametrize("phrase, published, expected", [
    ("from 2010 until last year", "2014-02-14", ("2010-01-01", "2013-12-31")),
    ("in the first six months of this year", "2014-08-11", ("2014-01-01", "2014-06-30")),
    ("since 2012", "2014-08-11", ("2012-01-01", "2014-08-11")),
    ("last year", "2015-11", ("2014-01-01", "2014-12-31")),
    ("in the 12 months since September 2013", "2014-11-20", ("2013-09-01", "2014-08-31")),
    ("from the start of May 2013 to the end of April this year", "2014-11-20", ("2013-05-01", "2014-04-30")),
    ("in the past six months", "2014-08-11", ("2014-02-12", "2014-08-11")),
    ("around 2012-2013", "2023-02-18", ("2012-01-01", "2013-12-31")),
])
def test_period_phrases(phrase, published, expected):
    (_, _, period), = find_periods(phrase, published)
    assert (period.start, period.end) == expected


def test_relative_periods_need_a_report_date():
    assert find_periods("this year", None) == []
    assert find_periods("in 2013", None)[0][2] == Period("2013-01-01", "2013-12-31")


def test_place_falls_back_to_the_context_place(claims_of):
    _, claims = claims_of("The force has 4,000 vacant posts.", context_place="khi:karachi")
    assert one(claims, 4000).place == "Karachi"


def test_evidence_is_the_sentence_and_ids_are_stable(claims_of):
    text = "Police say 3,500 officers guard VIPs. The city has 18 million residents."
    doc, first = claims_of(text)
    _, second = claims_of(text)
    assert [c.id for c in first] == [c.id for c in second] and len({c.id for c in first}) == 2
    for claim in first:
        ev = claim.evidence
        assert doc.text[ev.start:ev.end] == ev.sentence and ev.document == "t"


def test_transcript_evidence_carries_its_timestamp(claims_of):
    doc, claims = claims_of("0:01:02 > 0:01:06Almost 25 million people live in Karachi.\n", published="2015-11")
    assert one(claims, 25_000_000).evidence.timestamp == "0:01:02"


# --------------------------------------------------------------------------- the five seeds (facts only)


@pytest.fixture(scope="module")
def seed_claims(nlp):
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    index = {json.loads(line)["file"]: json.loads(line) for line in (SEEDS / "index.jsonl").read_text().splitlines()}
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        (doc,) = list(iter_documents([str(path)], metadata={"published": index[path.name]["published"]}))
        found[path.name[:3]] = extract_claims(doc, list(sentence_spans(nlp(doc.text))), "khi:karachi")
    return found


@pytest.mark.shared
def test_seed_facts(seed_claims):
    every = [c for claims in seed_claims.values() for c in claims]
    toll = [c for c in seed_claims["002"] if c.value == 166]
    assert toll and toll[0].period == Period("2013-01-01", "2013-12-31")
    assert any(c.value == 15000 and "police" in (c.quantity or "") for c in every)
    assert any(c.value == 1524 and c.kind == "ratio" for c in seed_claims["002"])
    assert any(c.value == 100 and c.kind == "ordinal" for c in seed_claims["002"])
    assert any(c.value == 10700 and c.attributed_to == "Human Rights Commission of Pakistan" for c in seed_claims["003"])
    assert any(c.value == 0 for c in seed_claims["000"]) and any(c.kind == "rate" for c in seed_claims["000"])
    assert any(c.kind == "percentage" and c.value == 6 for c in seed_claims["001"])
    # never a year as a count, never one incident's toll (13 commandos) as a statistic
    assert not any(c.kind == "count" and 1900 <= c.value <= 2100 for c in every)
    assert not any(c.value == 13 for c in seed_claims["003"])
