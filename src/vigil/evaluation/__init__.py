"""Evaluation: gold annotations and the scorer behind `vigil evaluate`."""
from vigil.evaluation.gold import GoldClaim, GoldDocument, GoldError, GoldIncident, load_gold
from vigil.evaluation.score import Scores, score_documents

__all__ = ["GoldClaim", "GoldDocument", "GoldError", "GoldIncident", "Scores", "load_gold", "score_documents"]
