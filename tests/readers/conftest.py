from pathlib import Path

import pytest

from vigil.readers import ReadFailure, iter_documents
from vigil.model import Document

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def _read_all(paths, **kwargs) -> tuple[list[Document], list[ReadFailure]]:
    docs, failures = [], []
    for item in iter_documents([str(p) for p in paths], **kwargs):
        (docs if isinstance(item, Document) else failures).append(item)
    return docs, failures


@pytest.fixture
def read_all():
    """Read paths into (documents, failures)."""
    return _read_all
