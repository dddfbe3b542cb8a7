"""Vigil's knowledge base: gazetteer, actor dictionary, entity ruler and geoparser.

Data files live in ``vigil/knowledge/data``; the modules here only load and query them.
"""
from vigil.knowledge.errors import KnowledgeError
from vigil.knowledge.gazetteer import Gazetteer, Place, load_gazetteer

__all__ = ["Gazetteer", "KnowledgeError", "Place", "load_gazetteer"]
