"""Near-duplicate detection: MinHash signatures over word 5-shingles, banded for SQL lookup.

A report that repeats a stored one with a few words changed (a wire story rerun by another
outlet, an edited web page) must not have its incidents counted twice.  Candidates are the
stored reports sharing at least one LSH band hash (a plain indexed SQL lookup, so it scales and
works on every backend); each candidate is then verified on its full signature.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NumPy and datasketch load when a report is stored, not for a query
    import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS_PER_BAND = 4
SHINGLE_WORDS = 5
THRESHOLD = 0.8

_WORD = re.compile(r"\w+", re.UNICODE)
_SIGNATURE_DTYPE = "<u4"  # little-endian 32-bit, as stored

assert BANDS * ROWS_PER_BAND == NUM_PERM


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


@dataclass
class Signature:
    hashvalues: np.ndarray

    @classmethod
    def of_text(cls, text: str) -> "Signature | None":
        """The text's signature, or None when it has no words (nothing to compare)."""
        grams = shingles(text)
        if not grams:
            return None
        import numpy as np
        from datasketch import MinHash

        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch(g.encode("utf-8") for g in sorted(grams))
        return cls(np.asarray(minhash.hashvalues))

    @classmethod
    def from_bytes(cls, blob: bytes) -> "Signature":
        import numpy as np

        return cls(np.frombuffer(blob, dtype=_SIGNATURE_DTYPE).astype(np.uint64))

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype(_SIGNATURE_DTYPE).tobytes()

    def bands(self) -> list[tuple[int, int]]:
        """(band, hash) pairs; the hash is a signed 64-bit integer so it fits a BIGINT column."""
        values = self.hashvalues.astype(_SIGNATURE_DTYPE)
        out = []
        for band in range(BANDS):
            chunk = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8).digest()
            out.append((band, int.from_bytes(digest, "little", signed=True)))
        return out

    def similarity(self, other: "Signature") -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        import numpy as np

        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM
