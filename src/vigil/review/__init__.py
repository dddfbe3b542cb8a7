"""Analysts' review of merged incidents: what an edit may change and how it is read
(``edits``), and how the decisions kept in the store are laid over the machine's record
(``apply``).  The store keeps the decisions and re-applies them after every re-clustering
(vigil.store.decisions)."""
