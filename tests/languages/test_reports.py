"""Each language Vigil reads besides English gives, for a short report of each kind of incident,
the incident with its type, day, place and toll, every piece of evidence sliced exactly from the
report's text."""
import pytest

import vigil
from vigil.knowledge.gazetteer import load_gazetteer
from tests.languages.reports import PUBLISHED, REPORTS


def _within(place_id, expected):
    gazetteer = load_gazetteer()
    return place_id == expected or gazetteer.is_within(place_id, expected)


@pytest.mark.parametrize("language,kind,text,expected", REPORTS, ids=[f"{r[0]}-{r[1]}" for r in REPORTS])
def test_report_gives_its_incident(language, kind, text, expected):
    sub_event_type, day, place_id, fatalities = expected
    result = vigil.extract(text, published=PUBLISHED, id=f"{language}-{kind}", language=language)
    assert result.incidents, f"no incident in the {language} {kind} report"
    incident = result.incidents[0]
    assert incident.sub_event_type == sub_event_type
    assert incident.date is not None and incident.date.start == day and incident.date.precision == "day"
    assert incident.location is not None and _within(incident.location.gazetteer_id, place_id)
    if fatalities is None:
        assert incident.fatalities is None or incident.fatalities.best in (None, 0, 1)
    else:
        assert incident.fatalities is not None and incident.fatalities.best == fatalities
    for evidence in incident.evidence:
        assert result.document.text[evidence.start:evidence.end] == evidence.sentence
    assert incident.sources[0].language == language


@pytest.mark.parametrize("language,kind,text,expected", REPORTS, ids=[f"{r[0]}-{r[1]}" for r in REPORTS])
def test_language_is_identified_when_not_given(language, kind, text, expected):
    result = vigil.extract(text, published=PUBLISHED, id="unlabelled")
    if len(text) > 80:  # identification needs some text; very short reports may stay unlabelled
        assert result.document.language == language
