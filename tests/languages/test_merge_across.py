"""One incident told in English and in Urdu is one merged incident: reports in two scripts are
compared on what does not depend on the language (place, type, tolls, groups, names spelt
alike), never on shared words; an Urdu page with no date at all is still found by what it tells.
The reports are written for these tests about invented incidents."""
import json

import pytest

import vigil
from vigil.languages.transliterate import candidate_skeletons, name_candidates, names_across, skeleton

ENGLISH = ("Constable shot dead in Korangi\n\n"
           "Gunmen on a motorcycle shot dead police constable Shahzad Akram in Korangi on Tuesday night, "
           "police said. A passer-by was wounded. The attackers fled after the shooting.")
# The same killing, from a page with no date of its own and none in its text.
URDU_SAME = ("کورنگی میں پولیس کانسٹیبل فائرنگ سے جاں بحق\n\n"
             "کراچی: کورنگی کے علاقے میں موٹر سائیکل پر سوار نامعلوم ملزمان کی فائرنگ سے پولیس کانسٹیبل شہزاد اکرم "
             "جاں بحق جبکہ ایک راہگیر زخمی ہوگیا۔ پولیس کے مطابق ملزمان واردات کے بعد فرار ہوگئے۔")
# Other incidents, also undated: a grenade in Lyari, and a shopkeeper killed in Korangi.
URDU_GRENADE = ("لیاری میں دستی بم حملہ\n\n"
                "کراچی: لیاری کے علاقے میں موٹر سائیکل سواروں نے ایک دکان پر دستی بم پھینکا جس سے تین افراد زخمی ہوگئے۔")
URDU_SHOPKEEPER = ("کورنگی میں دکاندار قتل\n\n"
                   "کراچی: کورنگی میں ڈکیتی کے دوران مزاحمت پر مسلح ملزمان نے فائرنگ کرکے دکاندار عمران بیگ کو قتل کردیا۔")


@pytest.mark.parametrize("spellings", [
    ("Khattak", "خٹک", "खट्टक"),
    ("Haider", "حیدر", "हैदर"),
    ("Muhammad", "Mohammad", "محمد"),
    ("Abdullah", "عبداللہ"),
    ("Fatima", "فاطمہ"),
    ("Shahzad", "Shehzad", "شہزاد"),
])
def test_a_name_has_one_skeleton_in_every_script(spellings):
    assert len({skeleton(s) for s in spellings}) == 1, {s: skeleton(s) for s in spellings}


def test_different_names_have_different_skeletons():
    assert len({skeleton(n) for n in ("Sheraz", "Sarfraz", "Shahzad", "Akram", "Ikram Baig")}) == 5


def test_candidate_names_in_urdu_leave_out_common_and_lexicon_words():
    candidates = name_candidates("پولیس کے مطابق مقتول کانسٹیبل کا نام شہزاد اکرم تھا۔ Published On")
    assert "شہزاد اکرم" in candidates
    assert not any(word in name for name in candidates for word in ("پولیس", "مطابق", "Published"))


def test_names_across_scripts_need_a_whole_name():
    shapes = candidate_skeletons(name_candidates("فائرنگ سے پولیس کانسٹیبل شہزاد اکرم جاں بحق ہوگیا"))
    assert names_across(shapes, {"shahzad", "akram"})
    assert not names_across(shapes, {"shahzad", "qureshi"})  # a first name alone is no one
    assert not names_across(shapes, {"imran", "baig"})


def _ingest(tmp_path, records):
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'v.db'}"
    summary = vigil.ingest([str(path)], db=db)
    assert summary.failures == []
    return db


def test_an_undated_urdu_report_merges_with_the_english_one_and_others_stay_apart(tmp_path):
    db = _ingest(tmp_path, [
        {"id": "en-1", "text": ENGLISH, "published": "2023-05-11", "language": "en"},
        {"id": "ur-1", "text": URDU_SAME, "language": "ur"},
        {"id": "ur-2", "text": URDU_GRENADE, "language": "ur"},
        {"id": "ur-3", "text": URDU_SHOPKEEPER, "language": "ur"},
    ])
    with vigil.open(db) as store:
        groups = sorted(sorted(s["document"] for s in m["sources"]) for m in store.merged_incidents())
        assert groups == [["en-1", "ur-1"], ["ur-2"], ["ur-3"]]
        merged = next(m for m in store.merged_incidents() if len(m["sources"]) == 2)
        # The Urdu report keeps its own sentence as a source; the date comes from the English one.
        assert {e["document"] for e in merged["evidence"]} == {"en-1", "ur-1"}
        assert merged["date"]["start"] == "2023-05-09"
        assert merged["location"]["gazetteer_id"] == "khi:korangi"


def test_reports_in_two_scripts_are_not_compared_word_for_word(tmp_path):
    from vigil.resolve.features import mention_features
    from vigil.resolve.names import context_names
    from vigil.resolve.similarity import score_terms

    english = vigil.extract(ENGLISH, published="2023-05-11", id="en-1", language="en").incidents[0]
    urdu = vigil.extract(URDU_SAME, id="ur-1", language="ur").incidents[0]
    a = mention_features(english, "en-1", context_names(ENGLISH, english.evidence))
    b = mention_features(urdu, "ur-1", context_names(URDU_SAME, urdu.evidence))
    assert (a.script, b.script) == ("LATIN", "ARABIC")
    terms = dict(score_terms(a, b))
    assert "wording" not in terms
    assert terms["names"] > 0  # شہزاد اکرم is Shahzad Akram
    assert "wording" in dict(score_terms(a, a))


def test_an_undated_mention_is_keyed_by_what_any_language_tells():
    from vigil.resolve.features import candidate_keys, mention_features
    from vigil.resolve.names import context_names

    urdu = vigil.extract(URDU_SAME, id="ur-1", language="ur").incidents[0]
    features = mention_features(urdu, "ur-1", context_names(URDU_SAME, urdu.evidence))
    assert features.block is None  # no date anywhere: no window to find candidates in
    keys = set(candidate_keys(features))
    # the place, and the kind, the toll and the target in its city and in its district
    assert {"p:khi:korangi", "e:khi:karachi|Attack", "f:khi:karachi|1", "t:khi:karachi|police"} <= keys
    assert any(k.startswith("f:khi:district-") for k in keys)
    assert not any(k.startswith("n:") for k in keys)  # candidate names are not keys
