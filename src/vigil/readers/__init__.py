"""Report readers: text, HTML, transcripts (H:MM:SS > H:MM:SS, SRT, WebVTT), JSONL and CSV corpora.

``iter_documents(paths)`` streams Documents (or ReadFailures for bad inputs) from files, folders
and stdin; ``read_text(text)`` cleans one in-memory report for the Python API.
"""
from .failures import ReadError, ReadFailure, UsageError
from .reader import check_metadata, iter_documents, read_text

__all__ = ["ReadError", "ReadFailure", "UsageError", "check_metadata", "iter_documents", "read_text"]
