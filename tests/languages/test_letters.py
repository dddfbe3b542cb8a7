"""Counting letters: ASCII ones in bulk, the rest one by one (vigil.languages.letters)."""
from vigil.languages.letters import count_ascii_letters, non_ascii_characters
from vigil.languages.transliterate import is_uncased
from vigil.resolve.features import script_of


def test_ascii_letters_are_counted_and_the_rest_listed():
    text = "Two men — “armed” — fled at 9:40 from Café Lyari."
    assert count_ascii_letters(text) == sum(c.isascii() and c.isalpha() for c in text)
    assert non_ascii_characters(text) == ["—", "“", "”", "—", "é"]


def test_script_and_case_follow_the_letters_not_the_punctuation():
    assert script_of("“Quotes” and dashes — all Latin") == "LATIN"
    assert script_of("کراچی میں دو افراد — “Karachi”") == "ARABIC"
    assert is_uncased("کراچی میں دو افراد — “Karachi”")
    assert not is_uncased("Karachi — “کراچی” is the city's name in Urdu script, written once here")
    assert script_of("— 12 —") == "LATIN" and not is_uncased("— 12 —")
