"""Title and byline read from the top of a plain-text report (they stay in the text)."""
from __future__ import annotations

import re
from typing import Optional

_BYLINE = re.compile(r"^(?:(?:text|words|written|story|reporting)\s+)?by:?\s+(?P<author>[^.!?]{3,100})$", re.I)
_HAS_YEAR = re.compile(r"\b(19|20)\d\d\b")
TOP_PARAGRAPHS = 4
TITLE_WORDS = (2, 25)


def guess_title_and_author(text: str) -> tuple[Optional[str], Optional[str]]:
    title = author = None
    for paragraph in text.split("\n\n", TOP_PARAGRAPHS)[:TOP_PARAGRAPHS]:
        line = paragraph.strip()
        if "\n" in line or not line:
            continue
        byline = _BYLINE.match(line)
        if byline:
            author = author or byline.group("author").strip()
            continue
        words = len(line.split())
        if (title is None and TITLE_WORDS[0] <= words <= TITLE_WORDS[1]
                and not line.endswith((".", ",", ";")) and not _HAS_YEAR.search(line)):
            title = line
    return title, author
