"""Assembling cleaned pieces (paragraphs, subtitle cues) into report texts of bounded size.

A huge input becomes several documents ("name#part1", "#part2", ...) cut at paragraph boundaries,
so reading a 50 MB file never holds more than about one part in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from ..model import TimeCue
from .text import split_long


@dataclass
class Piece:
    text: str
    sep: str = "\n\n"  # what joins it to the previous piece
    timestamp: Optional[str] = None  # a subtitle cue's start, as written
    timestamp_end: Optional[str] = None


@dataclass
class Part:
    text: str
    cues: list[TimeCue] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.size = 0
        self.cues: list[TimeCue] = []

    def add(self, piece: Piece, text: str) -> None:
        if self.chunks:
            self.chunks.append(piece.sep)
            self.size += len(piece.sep)
        start = self.size
        self.chunks.append(text)
        self.size += len(text)
        if piece.timestamp is not None:
            self.cues.append(TimeCue(start, self.size, piece.timestamp, piece.timestamp_end))

    def part(self) -> Part:
        return Part("".join(self.chunks), self.cues)


def assemble_parts(pieces: Iterable[Piece], max_chars: int) -> Iterator[Part]:
    """Join pieces into texts of at most max_chars, lazily."""
    built = _Builder()
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        while text:
            room = max_chars - built.size - (len(piece.sep) if built.chunks else 0)
            if len(text) <= room:
                built.add(piece, text)
                break
            if built.chunks:
                yield built.part()
                built = _Builder()
                continue
            head, text = split_long(text, max_chars)  # a single piece longer than a part
            built.add(piece, head)
            yield built.part()
            built = _Builder()
    if built.chunks:
        yield built.part()
