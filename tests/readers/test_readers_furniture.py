"""Page furniture goes, prose that merely contains the same words stays."""
import pytest

from vigil.readers import read_text
from vigil.readers.furniture import FurnitureFilter

FURNITURE_LINES = [
    "Image copyright Reuters",
    "Image caption Mourners carry a coffin through the streets",
    "Image: Police guard the site of the blast",
    "Photo: AFP",
    "Getty Images",
    "(AP Photo/Fareed Khan)",
    "Advertisement",
    "ADVERTISEMENT",
    "Read more",
    "Read more:",
    "Read more: Police chief shot dead in Quetta",
    "ALSO READ: Flood toll climbs to 40 in upper Swat",
    "Also read | Two traders kidnapped on the coastal highway",
    "RELATED: Gunmen torch a bus depot in Lyari",
    "Subscribe to our newsletter for the latest updates",
    "Sign up for our daily briefing",
    "Newsletter sign-up",
    "IE 11 is not supported. For an optimal experience visit our site on another browser.",
    "Your browser does not support the video tag.",
    "Please enable JavaScript to view the comments.",
    "Share this article",
    "Share on Facebook",
    "Share",
    "Follow us on Instagram",
    "Follow",
    "Skip to content",
    "Skip to main content",
    "We use cookies to personalise content and ads.",
    "Accept all cookies",
    "4 mins",
    "7 min read",
    "Copyright © 2024 Some Publisher Ltd",
    "© 2019 Example News. All rights reserved.",
]

PROSE_LINES = [
    "The advertisement for the job appeared a week before the attack.",
    "Officers said they would read more of the seized diaries before charging anyone.",
    "Witnesses said the gunmen did not follow the usual route out of the market.",
    "Image of the burning van spread quickly on social media, police said.",
    "Related to the bombing, three men were arrested in Quetta.",
    "Related arrests: three men were held in Quetta on Monday, police said.",
    "Readers who subscribe to the paper were sent a special edition.",
    "Share prices fell after the blast near the stock exchange.",
    "He said he had read more than 40 case files.",
    "Sign language interpreters joined the press conference.",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line_is_dropped(line):
    assert FurnitureFilter().clean(line) is None


@pytest.mark.parametrize("line", PROSE_LINES)
def test_prose_line_is_kept(line):
    assert FurnitureFilter().clean(line) == line


def test_follow_button_is_cut_from_byline_only():
    f = FurnitureFilter()
    assert f.clean("Text by: Maryam Jamil Follow") == "Text by: Maryam Jamil"
    assert f.clean("By Omar Farooq Follow") == "By Omar Farooq"
    assert f.clean("Police asked residents to follow") == "Police asked residents to follow"


def test_glued_photo_credit_is_cut_from_caption():
    f = FurnitureFilter()
    assert f.clean("Rescue workers search the rubble in Quetta.Banaras Khan / AFP") == \
        "Rescue workers search the rubble in Quetta."
    assert f.clean("Soldiers guard the compound on Saturday, March 4, 2023. AP - Fareed Khan") == \
        "Soldiers guard the compound on Saturday, March 4, 2023."
    # a slash in ordinary prose stays
    prose = "The 24/7 control room logged the call at 9pm."
    assert f.clean(prose) == prose


def test_link_list_after_related_header_is_dropped_until_prose_returns():
    text = "\n".join([
        "Gunmen shot dead a traffic constable in Karachi on Monday, police said.",
        "",
        "To read also:",
        "• Karachi: police station attacked with grenades",
        "• Quetta blast toll rises",
        "",
        "Tags",
        "Karachi",
        "Police",
        "",
        "The constable had been on duty at a busy junction when two men on a motorcycle opened fire.",
    ])
    doc = read_text(text)
    assert doc.text == ("Gunmen shot dead a traffic constable in Karachi on Monday, police said.\n\n"
                        "The constable had been on duty at a busy junction when two men on a motorcycle opened fire.")


def test_fixture_page_loses_all_furniture_but_no_prose(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "furniture_page.txt"])
    for gone in ("browser", "Skip to", "Follow", "5 mins", "Share", "Image", "Reuters", "Getty", "Advertisement",
                 "Read more", "cookies", "Subscribe to", "Copyright", "Related Topics", "• ", "Newsletter",
                 "mailbox", "I subscribe", "AFP"):
        assert gone not in doc.text, gone
    for kept in ("officers would follow every lead and that an advertisement offering a reward",
                 "Related to the attack, police detained several suspects",
                 "Subscribers to the community's radio channel were told to stay indoors.",
                 "Investigators inspect the bullet-marked bus on the outskirts of Karachi.",
                 "killing at least 43 people"):
        assert kept in doc.text, kept


@pytest.mark.parametrize("raw,header", [
    ("date 2022-05-11 QUETTA: Two levies men were shot dead at a checkpost.", "date 2022-05-11"),
    ("Published: 2022-05-11T08:30:00Z Two levies men were shot dead at a checkpost.", "Published: 2022-05-11T08:30:00Z"),
])
def test_a_date_label_glued_to_the_lead_is_a_line_of_its_own(raw, header):
    document = read_text(raw, id="glued")
    assert document.text.split("\n")[0] == header
    assert document.text.split("\n")[1].startswith(("QUETTA", "Two"))
    assert document.published == "2022-05-11"


def test_a_sentence_starting_with_the_word_date_is_left_whole():
    document = read_text("Date palms were burnt in 2022-05 fires near the camp.", id="palms")
    assert "\n" not in document.text
