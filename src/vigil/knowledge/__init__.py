"""Vigil's knowledge base: gazetteer, actor dictionary, entity ruler and geoparser.

Data files live in ``vigil/knowledge/data``; the modules here only load and query them.
"""
from vigil.knowledge.errors import KnowledgeError

from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "Gazetteer": "vigil.knowledge.gazetteer",
    "Place": "vigil.knowledge.gazetteer",
    "load_gazetteer": "vigil.knowledge.gazetteer",
})

__all__ = ["Gazetteer", "KnowledgeError", "Place", "load_gazetteer"]
