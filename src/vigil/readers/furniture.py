"""Removing page furniture (captions' credit lines, ads, share widgets, notices) line by line.

The rules live in furniture_patterns.json.  They are matched against one whole cleaned line, so a
prose sentence that merely contains "advertisement" or "read more" in its middle is kept.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_BULLET = re.compile(r"^[•·▪►▶»◦‣*-]\s")
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")


@dataclass(frozen=True)
class _Rules:
    drop: re.Pattern
    starts_block: re.Pattern
    strips: tuple[re.Pattern, ...]
    max_line_chars: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = json.loads(resources.files(__package__).joinpath("furniture_patterns.json").read_text("utf-8"))
    by_action: dict[str, list[str]] = {"drop": [], "strip": [], "starts_block": []}
    for rule in data["rules"]:
        by_action[rule["action"]].append(rule["regex"])

    def whole_line(patterns: list[str]) -> re.Pattern:
        # One alternation per action: each line is scanned once, not once per rule.
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)

    return _Rules(
        drop=whole_line(by_action["drop"]),
        starts_block=whole_line(by_action["starts_block"]),
        strips=tuple(re.compile(p, re.I) for p in by_action["strip"]),
        max_line_chars=data["max_line_chars"],
    )


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return (words >= 6 and bool(_SENTENCE_END.search(line))) or words >= 14


class FurnitureFilter:
    """Stateful line filter: ``clean(line)`` returns the line to keep (maybe trimmed) or None.

    The state is the "link list" mode entered after a header such as "Related Topics" or
    "To read also:", in which bullets and short non-sentences are dropped until prose returns.
    """

    def __init__(self) -> None:
        self._rules = _rules()
        self.in_link_list = False

    def clean(self, line: str) -> str | None:
        if not line:
            return line
        rules = self._rules
        if len(line) > rules.max_line_chars:  # furniture lines are short; long lines are prose
            self.in_link_list = False
            return line
        if rules.drop.fullmatch(line):
            return None
        if rules.starts_block.fullmatch(line):
            self.in_link_list = True
            return None
        if self.in_link_list:
            if _BULLET.match(line) or not _is_prose(line):
                return None
            self.in_link_list = False
        for strip in rules.strips:
            m = strip.match(line)
            if m and m.end() == len(line):
                line = (line[: m.start("furniture")] + line[m.end("furniture"):]).rstrip()
        return line or None
