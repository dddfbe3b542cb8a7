"""Reconciling figures, dates, places and claims of responsibility across reports, and the pair
score and clustering the merge is built on (hand-built mentions, no store)."""
from __future__ import annotations

import random

import pytest

from vigil.model import Count, DateRange, Evidence, Incident, Location, Perpetrator, Source, Target, Victim
from vigil.resolve.cluster import Constraints, cluster_mentions
from vigil.resolve.features import mention_features
from vigil.resolve.reconcile import merged_incident_id, reconcile, reconcile_counts
from vigil.resolve.similarity import compatible, count_agreement, score, score_terms


@pytest.mark.parametrize("reports, expected", [
    # 13 is consistent with "at least 12" and both 13s; 12 only with two reports
    ([Count(12, 12, None), Count(12, 12, 12), Count(13, 13, 13), Count(13, 13, 13)], Count(12, 13, 13)),
    ([Count(6, 6, 6), Count(8, 8, None), Count(6, 6, 6)], Count(6, 6, None)),  # largest only a lower bound
    ([Count(20, 20, 25), Count(22, 22, 22)], Count(20, 22, 25)),  # one number beats a range it lies in
    ([None, Count(3, 3, 3)], Count(3, 3, 3)),
    ([None, None], None),
])
def test_low_best_high_across_reports(reports, expected):
    assert reconcile_counts(reports) == expected


def test_best_prefers_the_later_report_even_against_more_earlier_ones():
    early, later = Count(13, 13, 13), Count(103, 103, 103)
    merged = reconcile_counts([early, early, later], ["2024-03-01", "2024-03-01", "2024-03-03"])
    assert merged == Count(13, 103, 103)
    # Without dates the figure most reports give wins; an early 1 never beats a later 2.
    assert reconcile_counts([early, early, later]) == Count(13, 13, 103)
    assert reconcile_counts([Count(1, 1, 1), Count(2, 2, 2)], ["2024-03-01", "2024-03-02"]).best == 2


def test_best_on_one_day_goes_to_the_report_telling_more_then_the_higher_figure():
    assert reconcile_counts([Count(4, 4, 4), Count(5, 5, 5)], ["2024-03-01"] * 2, [1, 3]).best == 5
    assert reconcile_counts([Count(5, 5, 5), Count(4, 4, 4)], ["2024-03-01"] * 2, [3, 1]).best == 5
    assert reconcile_counts([Count(4, 4, 4), Count(5, 5, 5)], ["2024-03-01"] * 2, [2, 2]).best == 5
    # a later bound does not displace an earlier exact figure
    assert reconcile_counts([Count(9, 9, 9), Count(12, 12, None)], ["2024-03-01", "2024-03-02"]) == Count(9, 9, None)


def test_each_reports_figure_keeps_the_sentence_that_states_it():
    first = "Gunmen stormed a wedding hall in Tarvel on Sunday."
    second = "Officials said 14 guests were killed and 20 were wounded."
    member = Incident(id="r1:m", event_type="Violence against civilians", sub_event_type="Attack",
                      fatalities=Count(14, 14, 14), injured=Count(20, 20, 20),
                      evidence=[Evidence("r1", first, 0, len(first)),
                                Evidence("r1", second, len(first) + 1, len(first) + 1 + len(second))],
                      sources=[Source("r1", "Plain Gazette", None, "2023-06-05")])
    report = reconcile([member])["reports"][0]
    assert report["published"] == "2023-06-05"
    assert report["fatalities_evidence"]["sentence"] == second
    assert report["injured_evidence"]["start"] == len(first) + 1


def mention(doc, sentence, *, day="2014-02-13", precision="day", place="khi:razzakabad", place_name="Razzakabad",
            sub="Suicide bomb", killed=13, targets=("police",), victims=(), claimed=None, outlet=None) -> Incident:
    return Incident(
        id=f"{doc}:m",
        event_type="Explosions/Remote violence" if ("bomb" in sub.lower() or "explosive" in sub.lower()) else "Violence against civilians",
        sub_event_type=sub,
        date=DateRange(day, day, precision, None),
        location=Location(name=place_name, precision="neighbourhood", gazetteer_id=place, city="Karachi"),
        targets=[Target(text=t, category=t) for t in targets],
        victims=[Victim(name=v, role="killed") for v in victims],
        perpetrators=[Perpetrator(name=claimed, attribution="claimed")] if claimed else [],
        fatalities=Count(killed, killed, killed) if killed is not None else None,
        evidence=[Evidence(doc, sentence, 0, len(sentence))],
        sources=[Source(doc, outlet or doc, None, day)],
    )


BUS = [
    mention("a", "A suicide bomber rammed a car into a police bus near Razzakabad, killing 13 commandos.",
            claimed="Tehreek-e-Taliban Pakistan"),
    mention("b", "Thirteen police commandos died when a bomb hit their bus at Razzakabad on Thursday.",
            sub="Remote explosive/landmine/IED", day="2014-02-14"),
    mention("c", "A bomb blast targeted a bus carrying police commandos near Razzakabad; 12 were killed.",
            killed=12, place="khi:karachi", place_name="Karachi"),
]


def test_merged_incident_keeps_reports_and_records_their_disagreements():
    merged = reconcile(BUS)
    assert merged["id"] == merged_incident_id(["a:m", "b:m", "c:m"]) == merged_incident_id(["c:m", "a:m", "b:m"])
    assert merged["fatalities"] == {"low": 12, "best": 13, "high": 13}
    assert [r["document"] for r in merged["reports"]] == ["a", "b", "c"]
    assert merged["location"]["gazetteer_id"] == "khi:razzakabad"  # the most precise consistent place
    assert merged["date"]["start"] == "2014-02-13"  # two dates, equal support: the earlier
    fields = {c["field"]: c for c in merged["conflicts"]}
    assert set(fields) == {"sub_event_type", "date", "claimed_by"}
    assert fields["claimed_by"]["values"] == [
        {"value": None, "documents": ["b", "c"]}, {"value": "Tehreek-e-Taliban Pakistan", "documents": ["a"]}]
    assert merged["perpetrators"][0]["name"] == "Tehreek-e-Taliban Pakistan"
    assert merged["mentions"] == ["a:m", "b:m", "c:m"]


def test_attackers_killed_are_kept_apart_from_the_toll():
    first, second = BUS[0], BUS[1]
    first.perpetrators_killed = Count(1, 1, 1)
    try:
        merged = reconcile([first, second])
    finally:
        first.perpetrators_killed = None
    assert merged["perpetrators_killed"] == {"low": 1, "best": 1, "high": 1}
    assert merged["fatalities"] == {"low": 13, "best": 13, "high": 13}


def test_score_is_symmetric_and_reports_of_one_bombing_link():
    features = [mention_features(m) for m in BUS]
    for a in features:
        for b in features:
            if a is not b:
                assert compatible(a, b) and score(a, b) == score(b, a) > 0


def test_two_shootings_in_one_neighbourhood_on_one_evening_stay_apart():
    constable = mention("x", "Constable Naveed Akhtar was shot dead by two men on a motorcycle near his home.",
                        sub="Attack", day="2014-04-15", place="khi:orangi-town", killed=1, targets=("police",),
                        victims=("Naveed Akhtar",))
    grocer = mention("y", "Robbers shot dead the grocer Muhammad Saleem when he resisted at his shop.",
                     sub="Attack", day="2014-04-15", place="khi:orangi-town", killed=1, targets=("business",),
                     victims=("Muhammad Saleem",))
    again = mention("z", "Gunmen on a motorbike killed Constable Naveed Akhter outside his house.",
                    sub="Attack", day="2014-04-15", place="khi:orangi-town", killed=1, targets=("police",),
                    victims=("Naveed Akhter",))
    features = [mention_features(m) for m in (constable, grocer, again)]
    assert compatible(features[0], features[1])  # same day, place and type: only the score tells them apart
    assert score(features[0], features[1]) < 0 < score(features[0], features[2])
    assert cluster_mentions(features) == [["x:m", "z:m"], ["y:m"]]


def test_blocking_keeps_distant_dates_other_places_and_one_reports_own_incidents_apart():
    base = mention_features(BUS[0])
    later = mention_features(mention("d", BUS[0].evidence[0].sentence, day="2014-03-20"))
    elsewhere = mention_features(mention("e", BUS[0].evidence[0].sentence, place="lhr:lahore", place_name="Lahore"))
    same_report = mention_features(mention("a", "Another blast the same day.", sub="Grenade"))
    assert not compatible(base, later)
    assert not compatible(base, elsewhere)
    assert not compatible(base, same_report)


def test_counts_agree_when_one_is_a_lower_bound_and_clash_when_far_apart():
    assert count_agreement(Count(12, 12, None), Count(13, 13, 13)) == 1.0
    assert count_agreement(Count(13, 13, 13), Count(14, 14, 14)) > 0
    assert count_agreement(Count(2, 2, 2), Count(40, 40, 40)) < 0
    assert count_agreement(None, Count(1, 1, 1)) is None


def test_an_open_toll_reaches_some_way_up_but_not_without_end():
    # "at least 15" fits a later 40 (the toll rose), not 110: nobody who saw 110 dead writes "over 15"
    assert count_agreement(Count(15, 15, None), Count(40, 40, 40)) == 1.0
    assert count_agreement(Count(15, 15, None), Count(110, 110, 110)) < 0
    assert count_agreement(Count(2, 2, None), Count(7, 7, 7)) == 1.0


def test_clustering_ignores_input_order_and_honours_constraints():
    features = [mention_features(m) for m in BUS]
    expected = cluster_mentions(features)
    assert expected == [["a:m", "b:m", "c:m"]]
    for seed in range(5):
        shuffled = list(features)
        random.Random(seed).shuffle(shuffled)
        assert cluster_mentions(shuffled) == expected
    apart = Constraints(cannot={frozenset(("a:m", "c:m")), frozenset(("b:m", "c:m"))})
    assert cluster_mentions(features, apart) == [["a:m", "b:m"], ["c:m"]]
    unrelated = mention_features(mention("q", "Rangers arrested six suspects in Lyari.", sub="Arrests",
                                         day="2014-02-13", place="khi:lyari-town", killed=None))
    together = Constraints(must=[("a:m", "q:m")])
    assert cluster_mentions([*features, unrelated], together) == [["a:m", "b:m", "c:m", "q:m"]]


def test_sub_types_tied_between_reports_go_to_the_more_telling_one():
    def report(doc, sub_type, sentence):
        return Incident(id=f"{doc}:m", event_type="Explosions/Remote violence", sub_event_type=sub_type,
                        evidence=[Evidence(doc, sentence, 0, len(sentence))],
                        sources=[Source(doc, "Plain Gazette", None, "2019-04-21")])

    blast = report("r1", "Remote explosive/landmine/IED", "Blasts tore through two churches on Sunday.")
    bomber = report("r2", "Suicide bomb", "A suicide bomber detonated his vest inside the church.")
    assert reconcile([blast, bomber])["sub_event_type"] == "Suicide bomb"
    assert reconcile([bomber, blast])["sub_event_type"] == "Suicide bomb"


def test_an_incident_a_dated_report_recalls_without_a_date_is_not_held_to_the_reports_weeks():
    # a 2025 report recalls "the Saddar bombing" with no date: it may be years older than the report
    recalled = mention("later", "It was the third bombing here: a bicycle bomb in Saddar killed a vendor.",
                       killed=1, place="khi:saddar", place_name="Saddar")
    recalled.date = None
    recalled.sources = [Source("later", "later", None, "2025-03-02")]
    told = mention("first", "A bicycle bomb killed a vendor in Saddar on Thursday night.", day="2022-05-12",
                   killed=1, place="khi:saddar", place_name="Saddar")
    a, b = mention_features(recalled), mention_features(told)
    assert a.block is None
    assert compatible(a, b)


def test_one_stray_capitalised_word_is_not_enough_to_tell_two_killings_apart():
    from vigil.resolve.similarity import score_terms

    one = mention_features(mention("a", "A vendor died when a bomb went off on Daudpota Road.", killed=1),
                           names=["daudpota"])
    other = mention_features(mention("b", "A bomb killed a vendor; police officer Ghulam Rasool Memon said.", killed=1),
                             names=["ghulam", "rasool", "memon"])
    assert dict(score_terms(one, other))["names"] == -0.5
    named = mention_features(mention("c", "Vendor Aslam Baig died when a bomb went off.", killed=1), names=["aslam", "baig"])
    assert dict(score_terms(named, other))["names"] == -2.0


def test_the_commonest_name_words_alone_do_not_make_one_person():
    from vigil.resolve.similarity import score_terms

    one = mention_features(mention("a", "A doctor was shot dead at his clinic.", killed=1), names=["syed", "hussain", "nazimabad"])
    other = mention_features(mention("b", "A dentist was shot dead inside his car.", killed=1), names=["syed", "hussain", "gulshan"])
    assert "names" not in dict(score_terms(one, other))  # neither for nor against
    same = mention_features(mention("c", "A doctor was shot dead.", killed=1), names=["syed", "tanveer", "hussain", "zaidi"])
    again = mention_features(mention("d", "Dr Tanveer Zaidi was shot dead.", killed=1), names=["tanveer", "zaidi"])
    assert dict(score_terms(same, again))["names"] == 1.5


def test_two_family_names_that_differ_in_their_first_letter_are_not_one_spelling():
    from vigil.resolve.names import shared_names

    assert shared_names(frozenset({"abidi"}), frozenset({"zaidi"})) == 0
    assert shared_names(frozenset({"akhtar"}), frozenset({"akhter"})) == 1
    assert shared_names(frozenset({"usman"}), frozenset({"osman"})) == 1


def test_a_name_written_as_one_word_in_one_report_and_two_in_another_is_one_name():
    from vigil.resolve.names import shared_names

    joined, split = frozenset({"qasimabad", "bazaar"}), frozenset({"qasim", "abad", "chowk"})
    assert shared_names(joined, split) == 1  # "qasimabad" is "qasim" + "abad"
    assert shared_names(split, joined) == 2  # each part is half of it
    # Two words of one report that happen to spell a word of the other only together, or a
    # part too short to be a name's, are no match.
    assert shared_names(frozenset({"gulshan"}), frozenset({"gul", "bahar"})) == 0
    assert shared_names(frozenset({"ab", "bas"}), frozenset({"abbas"})) == 0


def test_around_a_mass_casualty_attack_different_names_are_no_evidence():
    from vigil.resolve.similarity import score_terms

    one = mention_features(mention("a", "A suicide bomber killed 40 people at a rally in Khar.", killed=40),
                           names=["arshad", "jamali", "nadeem"])
    other = mention_features(mention("b", "Some 44 people died in the rally bombing in Khar.", killed=44),
                             names=["tahir", "qasim", "sabir"])
    assert "names" not in dict(score_terms(one, other))
    few = mention_features(mention("c", "Gunmen shot dead a constable.", killed=1), names=["arshad", "jamali"])
    other_few = mention_features(mention("d", "A guard was shot dead.", killed=1), names=["tahir", "qasim"])
    assert dict(score_terms(few, other_few))["names"] == -2.0


def test_a_village_one_report_names_near_the_city_the_others_name_names_the_merged_incident():
    # Talari is an invented village, unknown to the gazetteer: its report placed it at Borno.
    def farm_attack(doc, sentence, location):
        incident = mention(doc, sentence, sub="Attack", targets=("civilians",), killed=40)
        incident.location = location
        return incident

    city = Location(name="Maiduguri", precision="city", gazetteer_id="gn:2331447", city="Maiduguri",
                    province="Borno", country="Nigeria", lat=11.85, lon=13.16, coord_quality="own", text="Maiduguri")
    village = Location(name="Talari", precision="province", gazetteer_id="NG-BO", province="Borno",
                       country="Nigeria", lat=11.5, lon=13.0, coord_quality="parent", text="Talari")
    merged = reconcile([
        farm_attack("a", "Insurgents killed 40 farm workers near Maiduguri on Saturday.", city),
        farm_attack("b", "Insurgents killed 40 farm workers in the rice fields of Talari on Saturday.", village),
        farm_attack("c", "Forty harvesters were killed by insurgents near Maiduguri, officials said.", city),
    ])
    location = merged["location"]
    assert location["name"] == "Talari" and location["gazetteer_id"] == "gn:2331447"
    assert location["coord_quality"] == "parent" and (location["lat"], location["lon"]) == (11.85, 13.16)


def test_a_village_taken_from_no_sentence_does_not_rename_the_city():
    city = Location(name="Maiduguri", precision="city", gazetteer_id="gn:2331447", city="Maiduguri",
                    province="Borno", country="Nigeria", lat=11.85, lon=13.16, coord_quality="own", text="Maiduguri")
    setting = Location(name="Talari", precision="province", gazetteer_id="NG-BO", province="Borno",
                       country="Nigeria", lat=11.5, lon=13.0, coord_quality="parent", text="Talari")
    a = mention("a", "Insurgents killed 40 farm workers near Maiduguri on Saturday.", sub="Attack", killed=40)
    b = mention("b", "Insurgents killed 40 farm workers on Saturday.", sub="Attack", killed=40)
    a.location, b.location = city, setting
    assert reconcile([a, b])["location"]["name"] == "Maiduguri"


def test_two_reports_naming_one_unknown_village_agree_on_the_place_wherever_each_placed_it():
    # Talari is invented: one report placed it at Borno state, the other only at Nigeria.
    def village_raid(doc, place_id, province):
        incident = mention(doc, "Gunmen killed 40 farmers in Talari.", sub="Attack", targets=("civilians",), killed=40)
        incident.location = Location(name="Talari", precision="province" if province else "country",
                                     gazetteer_id=place_id, province=province, country="Nigeria",
                                     lat=11.5, lon=13.0, coord_quality="parent", text="Talari")
        return incident

    a, b = mention_features(village_raid("a", "NG-BO", "Borno")), mention_features(village_raid("b", "NG", None))
    assert a.place_unknown and b.place_unknown
    assert dict(score_terms(a, b))["place"] == 1.0


def _borno_village(name):
    # invented villages, unknown to the gazetteer: their reports placed them at Borno state
    return Location(name=name, precision="province", gazetteer_id="NG-BO", province="Borno",
                    country="Nigeria", lat=11.5, lon=13.0, coord_quality="parent", text=name)


def test_of_two_villages_the_one_a_report_writes_inside_the_other_names_the_incident():
    city = Location(name="Maiduguri", precision="city", gazetteer_id="gn:2331447", city="Maiduguri",
                    province="Borno", country="Nigeria", lat=11.85, lon=13.16, coord_quality="own", text="Maiduguri")

    def farm_attack(doc, sentence, location):
        incident = mention(doc, sentence, sub="Attack", targets=("civilians",), killed=40)
        incident.location = location
        return incident

    members = [
        farm_attack("a", "Insurgents killed 40 farm workers at Dalori on Saturday.", _borno_village("Dalori")),
        farm_attack("b", "Forty harvesters died in the fields of Tamsu village of Dalori community.",
                    _borno_village("Tamsu")),
        farm_attack("c", "Forty harvesters were killed by insurgents near Maiduguri, officials said.", city),
    ]
    assert reconcile(members)["location"]["name"] == "Tamsu"
    # without the sentence that nests one in the other, the first report's village stands
    members[1].evidence[0].sentence = "Forty harvesters died in the fields of Tamsu on Saturday."
    assert reconcile(members)["location"]["name"] == "Dalori"


def test_a_report_placed_only_by_its_dateline_fits_a_place_named_in_the_same_province():
    # A bureau in the provincial capital files the story of a clash in another district.
    def clash(doc, sentence, place_id, name, city):
        incident = mention(doc, sentence, sub="Armed clash", targets=("police",), killed=22)
        incident.location = Location(name=name, precision="city", gazetteer_id=place_id, city=city,
                                     province="Chhattisgarh", country="India", text=name)
        return incident

    named = clash("a", "Twenty-two troopers died in the gunfight with rebels in Bijapur on Saturday.",
                  "gn:1275700", "Bijapur", "Bijapur")
    filed = clash("b", "Twenty-two troopers died in the gunfight with rebels on Saturday.",
                  "gn:1258980", "Raipur", "Raipur")
    a, b = mention_features(named), mention_features(filed)
    assert b.place_from_setting and not a.place_from_setting
    assert compatible(a, b) and dict(score_terms(a, b))["place"] == 0.0
    # both places written in the sentences: two cities, two incidents
    filed.evidence[0].sentence = "Twenty-two troopers died in the gunfight with rebels in Raipur on Saturday."
    assert not compatible(a, mention_features(filed))
    # a killing or two filed from the city is that city's
    filed.evidence[0].sentence = "Two troopers died in the gunfight with rebels on Saturday."
    named.fatalities = filed.fatalities = Count(2, 2, 2)
    assert not compatible(mention_features(named), mention_features(filed))


def test_two_mentions_no_date_bounds_count_the_missing_dates_against_them_less_than_one():
    # two undated reports of one clinic shooting: neither date says anything either way, while
    # an undated mention beside a dated one may be any day
    def undated(doc):
        incident = mention(doc, "A doctor was shot dead at his clinic near the hospital.", sub="Attack",
                           targets=("civilians",), killed=1)
        incident.date, incident.sources = None, [Source(doc, doc, None, None)]
        return incident

    a, b = mention_features(undated("a")), mention_features(undated("b"))
    dated = mention_features(mention("c", "A doctor was shot dead at his clinic.", sub="Attack", killed=1))
    assert a.block is None and b.block is None and dated.block is not None
    both, one = dict(score_terms(a, b))["date"], dict(score_terms(a, dated))["date"]
    assert one < both < 0


def test_a_mass_casualty_attack_s_early_and_late_tolls_count_less_against_one_incident():
    # the first report of a drone strike on a parade ground says 7 dead and 20 hurt; a later
    # one 54 dead and 125 hurt: tolls of such attacks rise, dead and wounded
    def strike(doc, killed, injured, place="khi:razzakabad", place_name="Razzakabad"):
        incident = mention(doc, "Drones struck the parade ground during a passing-out ceremony.",
                           sub="Air/drone strike", killed=killed, place=place, place_name=place_name)
        incident.injured = Count(injured, injured, injured)
        return incident

    early, late = mention_features(strike("a", 7, 20)), mention_features(strike("b", 54, 125))
    terms = dict(score_terms(early, late))
    assert terms["fatalities"] == pytest.approx(-0.4) and terms["injured"] == pytest.approx(-0.2)
    # a killing of two beside one of seven is no rising toll
    two, seven = mention_features(strike("c", 2, 1)), mention_features(strike("d", 7, 1))
    assert dict(score_terms(two, seven))["fatalities"] == pytest.approx(-1.2)
    # nor are tolls far apart in places far apart
    far = mention_features(strike("e", 54, 125, place="gn:1174089", place_name="Khar"))
    assert dict(score_terms(early, far))["fatalities"] == pytest.approx(-1.2)


def test_only_pairs_of_dated_mentions_whose_windows_overlap_or_with_an_undated_one_are_tried():
    from dataclasses import replace

    from vigil.resolve.cluster import _pairs_in_reach

    rng = random.Random(3)
    template = mention_features(BUS[0])
    features = []
    for i in range(120):
        start = rng.randrange(730000, 730400)
        block = None if rng.random() < 0.15 else (start, start + rng.choice((0, 1, 3, 30, 200)))
        features.append(replace(template, id=f"r{i:03d}:m", block=block))
    tried = list(_pairs_in_reach(features))
    assert len(tried) == len(set(tried)) and all(a < b for a, b in tried)
    expected = {(a.id, b.id) for a in features for b in features if a.id < b.id and (
        a.block is None or b.block is None or (a.block[0] <= b.block[1] and b.block[0] <= a.block[1]))}
    assert set(tried) == expected
    assert len(expected) < len(features) * (len(features) - 1) // 2  # far-apart pairs were left out


def test_an_undated_report_tying_years_of_dated_ones_leaves_each_years_incident_apart():
    # Two reports of a bus bombing each year for five years, and one report of such a bombing
    # with no date: it links to every year's reports, so all eleven make one component.
    mentions = []
    for year in range(2010, 2015):
        mentions.append(mention(f"a{year}", BUS[0].evidence[0].sentence, day=f"{year}-02-13"))
        mentions.append(mention(f"b{year}", BUS[1].evidence[0].sentence, day=f"{year}-02-13"))
    undated = mention("u", "A bomb hit a bus of police commandos at Razzakabad, killing 13 of them.")
    undated.date = None
    mentions.append(undated)
    features = [mention_features(m) for m in mentions]
    groups = cluster_mentions(features)
    for year in range(2010, 2015):
        assert [f"a{year}:m", f"b{year}:m"] in groups or [f"a{year}:m", f"b{year}:m", "u:m"] in groups
    assert sum(len(group) for group in groups) == 11
    assert all(len({member[1:5] for member in group if member != "u:m"}) == 1 for group in groups)
