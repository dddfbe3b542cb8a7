"""Proper names read around an incident's evidence (no NLP): runs of capitalised words and single
names inside a sentence, less titles, calendar words and known places."""
from vigil.model import Evidence
from vigil.resolve.names import context_names


def names(text: str) -> list[str]:
    return context_names(text, [Evidence("r", text, 0, len(text))])


def test_a_single_name_inside_a_sentence_counts_but_a_sentence_opening_does_not():
    found = names("Gunmen killed a guard, Tamsin, near the depot on Thursday. Witnesses said the car sped off.")
    assert "tamsin" in found
    assert "witnesses" not in found and "thursday" not in found


def test_two_reports_naming_one_victim_once_in_full_and_once_by_first_name_share_it():
    full = names("A constable, Oriel Vantress, was gunned down on his way to duty in Karachi.")
    short = names("The constable killed in Karachi was named as Oriel by his colleagues.")
    assert "oriel" in full and "oriel" in short
    assert "karachi" not in full and "karachi" not in short  # a place the gazetteer knows


def test_officials_titles_and_institutions_are_no_names():
    # two bombings in two cities both quote "the Chief Minister" and "the Home Department": no tie
    found = names("The Chief Minister ordered an inquiry, and the Home Department said the Crime "
                  "Investigation Department would report within a week, a Health Department official added.")
    assert not {"chief", "minister", "home", "department", "crime", "investigation", "health"} & set(found)
