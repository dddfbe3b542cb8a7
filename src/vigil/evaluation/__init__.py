"""Evaluation: gold annotations and the scorer behind `vigil evaluate`."""

from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "GoldClaim": "vigil.evaluation.gold",
    "GoldDocument": "vigil.evaluation.gold",
    "GoldError": "vigil.evaluation.gold",
    "GoldIncident": "vigil.evaluation.gold",
    "load_gold": "vigil.evaluation.gold",
    "Scores": "vigil.evaluation.score",
    "score_documents": "vigil.evaluation.score",
})

__all__ = ["GoldClaim", "GoldDocument", "GoldError", "GoldIncident", "Scores", "load_gold", "score_documents"]
