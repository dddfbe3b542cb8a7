"""Stated figures in Urdu reports become claims, as in English ones: a toll over a period is a
claim with its period, place, source and an English quantity, not an incident; the incident told
in the same report is still one.  The report is written for these tests."""
import json

import vigil

REPORT = ("کراچی میں پولیس پر حملے\n\n"
          "کراچی پولیس کے اعداد و شمار کے مطابق رواں سال شہر میں 83 پولیس اہلکار شہید اور 140 زخمی ہوئے۔ "
          "منگل کو کورنگی میں فائرنگ سے ایک پولیس اہلکار زخمی ہونے کے بعد جاں بحق ہوگیا۔")


def test_a_yearly_toll_in_urdu_is_a_claim_not_an_incident():
    result = vigil.extract(REPORT, published="2023-05-11", id="ur-stats", language="ur")
    claims = {c.quantity: c for c in result.claims}
    assert set(claims) == {"police officers killed", "police officers injured"}
    killed = claims["police officers killed"]
    assert (killed.value, killed.low, killed.high, killed.kind) == (83, 83, 83, "count")
    assert (killed.period.start, killed.period.end) == ("2023-01-01", "2023-05-11")  # this year, to the report
    assert killed.place == "Karachi" and killed.attributed_to == "کراچی پولیس"
    evidence = killed.evidence
    assert REPORT[evidence.start:evidence.end] == evidence.sentence and "83" in evidence.sentence
    assert claims["police officers injured"].value == 140
    # the statistic is no incident; Tuesday's killing is
    [incident] = result.incidents
    assert (incident.date.start, incident.fatalities.best) == ("2023-05-09", 1)
    assert all("83" not in e.sentence for e in incident.evidence)


def test_urdu_claims_are_stored_and_listed(tmp_path):
    corpus = tmp_path / "reports.jsonl"
    corpus.write_text(json.dumps({"id": "ur-stats", "text": REPORT, "published": "2023-05-11", "language": "ur"},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'v.db'}"
    summary = vigil.ingest([str(corpus)], db=db)
    assert summary.failures == [] and summary.claims == 2
    with vigil.open(db) as store:
        assert sorted(c.value for c in store.claims(document="ur-stats")) == [83, 140]


def test_an_incidents_running_toll_is_no_claim():
    text = "کوئٹہ: بازار میں پیر کو ہونے والے دھماکے میں اب تک 12 افراد جاں بحق ہوچکے ہیں۔"
    result = vigil.extract(text, published="2023-05-11", id="ur-toll", language="ur")
    assert result.claims == [] and [i.fatalities.best for i in result.incidents] == [12]


def test_arabic_and_french_yearly_tolls_are_claims_too():
    arabic = vigil.extract("وفقا لإحصائيات الشرطة، قتل 83 شرطيا في كراتشي منذ بداية العام.",
                           published="2023-05-11", id="ar-stats", language="ar")
    french = vigil.extract("Selon la police, 83 policiers ont été tués à Karachi depuis le début de l'année.",
                           published="2023-05-11", id="fr-stats", language="fr")
    for result, source in ((arabic, "إحصائيات الشرطة"), (french, "la police")):
        [claim] = result.claims
        assert (claim.value, claim.quantity, claim.place) == (83, "police officers killed", "Karachi")
        assert (claim.period.start, claim.period.end, claim.attributed_to) == ("2023-01-01", "2023-05-11", source)
        assert result.incidents == []
