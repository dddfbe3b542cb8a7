"""A claim of responsibility in a sentence of its own, or in a headline, reaches the incident
the report tells; the report's own words (real pipeline, real model). Reports are the project's own."""
import pytest

from vigil.extract import extract_document
from vigil.model import Document


def perpetrators(text: str, published="2024-05-02"):
    result = extract_document(Document(id="r", text=text, published=published))
    return [{(p.name, p.attribution) for p in incident.perpetrators} for incident in result.incidents]


def test_a_claim_paragraphs_after_the_attack_names_its_group():
    text = ("QUETTA: Nine passengers were killed when gunmen opened fire on a bus near Kalat on Tuesday, "
            "officials said.\n\nThe wounded were taken to a hospital in Quetta.\n\n"
            "Later, the Baloch Liberation Front said in a message to journalists that its fighters had "
            "carried it out.\n\nIn a separate statement the BRAS claimed responsibility.")
    found = perpetrators(text)
    assert found and ("Baloch Liberation Front", "claimed") in found[0]
    assert ("Baloch Raaji Aajoi Sangar", "claimed") in found[0]


def test_a_claim_in_the_headline_goes_to_the_first_incident():
    text = ("Islamic State claims responsibility\n\nKABUL: A suicide bomber detonated his vest outside a "
            "school in Kabul on Saturday, killing six students, police said.")
    found = perpetrators(text, "2022-04-20")
    assert found and ("Islamic State", "claimed") in found[0]
