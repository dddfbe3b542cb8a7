"""Reports taken in batches bounded by count and by characters: what one NLP pass holds at once
(vigil.extract) and what one cluster task carries (vigil.cluster)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from vigil.model import Document


def batches(documents: Iterable["Document"], size: int, chars: int) -> Iterator[list["Document"]]:
    """Lists of at most ``size`` documents and (but for a single longer one) ``chars`` characters."""
    batch: list = []
    held = 0
    for document in documents:
        if batch and (len(batch) >= size or held + len(document.text) > chars):
            yield batch
            batch, held = [], 0
        batch.append(document)
        held += len(document.text)
    if batch:
        yield batch
