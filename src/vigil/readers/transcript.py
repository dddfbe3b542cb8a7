"""Subtitle transcripts (BBC "H:MM:SS > H:MM:SS" dumps, SRT, WebVTT) as flowing text with cues.

The cleaned text holds no timestamps: cue texts are joined with a space (a cue often carries on
the sentence of the one before), and a paragraph break is made where a sentence ends at a long
pause or where the speaker changes.  Every cue becomes a TimeCue over its stretch of cleaned text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from .parts import Piece
from .sniff import ARROW_CUE, ARROW_TIMING

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][\w.-]*(\s[^<>]*)?>|<\d[\d:.]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")  # "{\an8}" positioning codes in SRT
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*$")
_VTT_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION", "WEBVTT")
PARAGRAPH_PAUSE_SECONDS = 5.0


@dataclass
class Cue:
    start: Optional[str]  # None: the cue's timing line is there but cannot be read
    end: Optional[str]
    text: str
    speaker: Optional[str] = None


def seconds(timestamp: str) -> float:
    """ "0:03:31", "00:00:01,500" or "01:04.000" -> seconds."""
    parts = timestamp.replace(",", ".").split(":")
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def clean_cue_text(lines: list[str]) -> tuple[str, Optional[str]]:
    """Cue lines -> (plain text, speaker named by a <v Speaker> tag)."""
    raw = " ".join(lines)
    speaker = None
    voice = _VOICE.search(raw)
    if voice:
        speaker = _SPACES.sub(" ", voice.group(1)).strip()
        raw = _VOICE.sub(" ", raw)
    raw = _ASS_OVERRIDE.sub("", _TAG.sub("", raw))
    return _SPACES.sub(" ", html.unescape(raw)).strip(), speaker


def _arrow_cues(lines: Iterable[str]) -> Iterator[Cue]:
    cue: Optional[Cue] = None
    for line in lines:
        m = ARROW_CUE.match(line)
        if m:
            if cue and cue.text:
                yield cue
            cue = Cue(m.group(1), m.group(2), clean_cue_text([m.group(3)])[0])
        elif line.strip():
            text = clean_cue_text([line])[0]
            if cue is None:
                cue = Cue("0:00:00", None, text)  # a heading before the first timestamp
            else:
                cue.text = f"{cue.text} {text}".strip()
    if cue and cue.text:
        yield cue


def _blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line.strip("\ufeff").rstrip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def _timed_cues(lines: Iterable[str]) -> Iterator[Cue]:
    """SRT and WebVTT: blank-line separated blocks of [id], timing line, text lines.

    Any line with the cue arrow "-->" is a timing line (WebVTT forbids the arrow in cue text), read
    leniently: one whose timestamps cannot be read ("00:00:xx.000 -->", "--> 00:05.000", hours
    past 99) still starts a cue, without a timestamp, so the cue's text is kept and the broken
    timing never becomes text; cues missing the blank line between them are still told apart."""
    previous: Optional[Cue] = None
    for block in _blocks(lines):
        arrows = [i for i, line in enumerate(block) if "-->" in line]
        if not arrows:
            if block[0].split(" ", 1)[0].rstrip(":") in _VTT_SKIPPED_BLOCKS:
                continue
            if previous is not None:  # text split from its cue by a blank line
                previous.text = f"{previous.text} {clean_cue_text(block)[0]}".strip()
            continue
        # lines before the first timing line are a cue id (or a header): not text
        for at, after in zip(arrows, arrows[1:] + [len(block)]):
            m = ARROW_TIMING.match(block[at])  # group 3 holds VTT cue settings: dropped
            text_lines = block[at + 1:after]
            if after < len(block) and text_lines and text_lines[-1].strip().isdigit():
                text_lines = text_lines[:-1]  # the next cue's SRT number
            text, speaker = clean_cue_text(text_lines)
            if previous is not None and previous.text:
                yield previous
            previous = Cue(m.group(1) if m else None, m.group(2) if m else None, text, speaker)
    if previous is not None and previous.text:
        yield previous


def iter_cues(lines: Iterable[str], fmt: str) -> Iterator[Cue]:
    return _arrow_cues(lines) if fmt == "transcript" else _timed_cues(lines)


def iter_cue_pieces(cues: Iterable[Cue]) -> Iterator[Piece]:
    """Cues -> pieces of flowing text, each keeping its cue's timestamps."""
    last: Optional[Cue] = None
    speaker: Optional[str] = None
    for cue in cues:
        text = cue.text
        new_speaker = cue.speaker is not None and cue.speaker != speaker
        if new_speaker:
            speaker = cue.speaker
            text = f"{speaker}: {text}"
        sep = " "
        if last is not None:
            ended = bool(_SENTENCE_END.search(last.text))
            pause = _pause(last, cue)
            if new_speaker or (ended and pause >= PARAGRAPH_PAUSE_SECONDS):
                sep = "\n\n"
        yield Piece(text, sep=sep, timestamp=cue.start, timestamp_end=cue.end)
        last = cue


def _pause(last: Cue, cue: Cue) -> float:
    """Seconds between two cues; 0 when a timestamp is missing or unreadable."""
    before = last.end or last.start
    if cue.start is None or before is None:
        return 0.0
    try:
        return seconds(cue.start) - seconds(before)
    except ValueError:
        return 0.0
