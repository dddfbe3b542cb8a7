"""The store's tables as SQLAlchemy Core metadata: the shape queries and Alembic's env.py share.

The migrations in ``migrations/versions`` are the authority on what is in a database; this
module mirrors their result so queries can be written against ``Table`` objects.  Dialect-only
objects (the SQLite FTS5 table and its triggers, the PostgreSQL GIN index) live only in the
migrations because they have no portable form.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", String(32)),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("published_evidence", JSON),
    Column("published_source", Text),
    Column("language", String(32)),
    Column("author", Text),
    Column("format", String(32), nullable=False),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("cues", JSON, nullable=False),
    Column("word_count", Integer, nullable=False),
    # A near-duplicate keeps its text but points at the stored report it repeats.
    Column("duplicate_of", Text, ForeignKey("documents.id"), index=True),
    Column("duplicate_similarity", Float),
    Column("ingested_at", String(32), nullable=False),
    UniqueConstraint("content_hash", name="uq_documents_content_hash"),
)

document_minhash = Table(
    "document_minhash",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

# LSH bands of each signature: documents sharing any (band, hash) are near-duplicate candidates.
document_bands = Table(
    "document_bands",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("hash", BigInteger, nullable=False),
    Index("ix_document_bands_band_hash", "band", "hash"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

def _figure_columns() -> list[Column]:
    """fatalities/injured low/best/high: new Column objects for each table that carries them."""
    return [Column(f"{figure}_{bound}", Integer)
            for figure in ("fatalities", "injured") for bound in ("low", "best", "high")]


incidents = Table(
    "incidents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False, index=True),
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    # Counts copied out of ``data`` so tallies and sorting run in SQL.
    *_figure_columns(),
    Column("status", String(16), nullable=False),
    Column("data", JSON, nullable=False),
)

incident_evidence = Table(
    "incident_evidence",
    metadata,
    Column("incident_id", Text, ForeignKey("incidents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("timestamp", String(16)),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("quantity", Text),
    Column("value", Float),
    Column("data", JSON, nullable=False),
)

# Analyst edits are appended here; the extracted rows above are never overwritten by them.
revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(16), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Column("author", Text, nullable=False),
    Column("reason", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_revisions_entity", "entity", "entity_id"),
)

# ---- merging across reports (migration 0002)
# Each mention (a row of ``incidents``: one report's incident) belongs to one merged incident.
# ``component`` is the connected part of the link graph it lies in: re-clustering after an
# ingest, a removal or an analyst's decision touches only the components involved.
incident_members = Table(
    "incident_members",
    metadata,
    Column("mention_id", Text, ForeignKey("incidents.id"), primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False, index=True),
    Column("merged_id", Text, nullable=False, index=True),
    Column("component", Text, nullable=False, index=True),
    # The mention's date window widened by its precision: candidates are found by overlap.
    Column("block_start", String(10), index=True),
    Column("block_end", String(10)),
    # Proper-name words around the evidence in the report's text (read once, when stored).
    Column("names", JSON, nullable=False),
    # Its comparison features as merging reads them (vigil.resolve.stored_features); NULL for
    # mentions placed before they were stored, whose features are derived from the incident.
    Column("features", JSON),
)

# What a mention tells that few others do (rare name words, its precise place: see
# vigil.resolve.features.candidate_keys), so mentions are found by content as well as by date
# window: an undated mention, or one whose date is only coarse (migration 0005).
mention_keys = Table(
    "mention_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("mention_id", Text, ForeignKey("incidents.id"), primary_key=True, index=True),
    # Whether the mention has a date window: dated mentions look up only undated ones by content.
    Column("dated", Boolean, nullable=False),
    Index("ix_mention_keys_key_dated", "key", "dated"),
)

# Pairs of mentions that score as one incident (mention_a < mention_b).
incident_links = Table(
    "incident_links",
    metadata,
    Column("mention_a", Text, ForeignKey("incidents.id"), primary_key=True),
    Column("mention_b", Text, ForeignKey("incidents.id"), primary_key=True, index=True),
    Column("score", Float, nullable=False),
)

merged_incidents = Table(
    "merged_incidents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    *_figure_columns(),
    Column("status", String(16), nullable=False),
    Column("documents", Integer, nullable=False),
    # "|id|name|...|" lists (lower case) so filters on place, target and perpetrator run in SQL.
    Column("places", Text, nullable=False),
    Column("targets", Text, nullable=False),
    Column("perpetrators", Text, nullable=False),
    Column("data", JSON, nullable=False),
    # What the review queue orders by (migration 0006): the record's confidence and how many
    # disagreements its reports have (vigil.resolve.disagreements).
    Column("confidence", Float),
    Column("disagreements", Integer, nullable=False, server_default="0"),
    Index("ix_merged_incidents_review", "status", "confidence", "disagreements", "date_start", "date_end", "id"),
    # The desk's index (filters, sorts and tallies read it, not the rows with their JSON) differs
    # by backend: it lives in migration 0007 only.
    # Cases (migration 0008): the merged incident a judicial step follows, and how far an
    # incident's case went (vigil.resolve.cases: no arrest ... convicted; null on a judicial step).
    Column("follows", Text, index=True),
    Column("case_stage", String(16), index=True),
)

# Analysts' merge and split decisions as must-link / cannot-link pairs of mentions; the
# documents are kept so a decision still applies when a changed report is re-extracted.
merge_constraints = Table(
    "merge_constraints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # must_link | cannot_link
    Column("mention_a", Text, nullable=False, index=True),
    Column("mention_b", Text, nullable=False, index=True),
    Column("document_a", Text, nullable=False),
    Column("document_b", Text, nullable=False),
    Column("revision_id", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
)

# ---- analysts' review (migration 0006)
# Confirm, edit and reject decisions on merged incidents, each with its row in ``revisions``.
# Merged incidents are rebuilt after every ingest and re-clustering, and their ids may change:
# a decision is re-applied to the incident holding most of the mentions it was made on
# (vigil.store.decisions).  A restore makes a reject inactive.
review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("revision_id", Integer, nullable=False),
    Column("action", String(16), nullable=False),  # confirm | edit | reject
    Column("field", Text),  # the contract key an edit changes
    Column("value", JSON),  # the edit's settled value
    Column("author", Text, nullable=False),
    Column("reason", Text),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
)


# The mentions a decision was made on, with their report and evidence sentences: a report
# re-extracted after a change gets new mention ids, and its new mention is found by them.
review_anchors = Table(
    "review_anchors",
    metadata,
    Column("decision_id", Integer, ForeignKey("review_decisions.id"), primary_key=True),
    Column("mention_id", Text, primary_key=True, index=True),
    Column("document_id", Text, nullable=False, index=True),
    Column("sentences", JSON, nullable=False),
)

# ---- cases (migration 0008)
# Which earlier incident each judicial step (a mention) follows, as the automatic linker found
# it: ``incident_id`` null means it looked and found none.  A step with no row is yet to be looked at.
case_links = Table(
    "case_links",
    metadata,
    Column("judicial_id", Text, ForeignKey("incidents.id"), primary_key=True),
    Column("incident_id", Text, ForeignKey("incidents.id"), index=True),
    Column("score", Float),
    # The day or week the step says its crime happened on ("over the killing ... on May 3"):
    # an incident stored later in that window is offered to it.
    Column("crime_start", String(10), index=True),
    Column("crime_end", String(10)),
)

# Analysts' links (``link``: the step follows ``incident_id``) and unlinks (``unlink``: it
# follows nothing the linker finds) of judicial steps, newest active one ruling; the documents
# are kept so a decision still applies when a changed report is re-extracted.
case_decisions = Table(
    "case_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # link | unlink
    Column("judicial_id", Text, nullable=False, index=True),
    Column("judicial_document", Text, nullable=False),
    Column("incident_id", Text, index=True),
    Column("incident_document", Text),
    Column("revision_id", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
)


# Reports whose extraction, merging or storing failed (vigil.faults): their documents row keeps
# the cleaned text for a retry and nothing else is stored from them; a success deletes the row.
failures = Table(
    "failures",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("stage", String(16), nullable=False),  # reading | nlp | extraction | merging | storing
    Column("error", Text, nullable=False),  # the exception's class name
    Column("message", Text, nullable=False),
    Column("version", String(32), nullable=False),  # Vigil's version when it failed
    Column("traceback", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)

# ---- keeping watch (migration 0009): sources polled by `vigil watch` and saved alerts

# Found by when they were stored: the merged incidents an ingest touched (vigil.alerts.fire);
# by url: the articles a watch need not fetch again (vigil.watch.state).
Index("ix_documents_ingested_at", documents.c.ingested_at)
# A hash index on PostgreSQL: equality is all it serves, and a btree refuses entries over ~2.7 KB.
Index("ix_documents_url", documents.c.url, postgresql_using="hash")

# One row per followed source (a feed, a sitemap, a folder): what its last answer said, so a
# restarted watch asks conditionally (ETag / Last-Modified) and knows when it is due again.
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("source", Text, primary_key=True),  # the feed's URL or the folder's absolute path
    Column("kind", String(16), nullable=False),  # feed | sitemap | folder
    Column("etag", Text),  # a folder's: a hash of its files' names, sizes and times
    Column("last_modified", Text),
    Column("last_polled_at", String(32)),
    Column("last_status", Text),  # "200", "304", or the problem of a poll that failed
    Column("polls", Integer, nullable=False),
    Column("not_modified", Integer, nullable=False),  # polls answered 304
)

# Article URLs a watch has fetched and stored: skipped on later polls without a request.
watch_seen = Table(
    "watch_seen",
    metadata,
    Column("url", Text, primary_key=True),
    Column("source", Text, nullable=False, index=True),
    # No foreign key: removing a report must not be blocked by having once watched it.
    Column("document_id", Text),
    Column("content_hash", String(64)),
    Column("status", String(16), nullable=False),  # added | replaced | unchanged | near_duplicate
    Column("seen_at", String(32), nullable=False),
)

# Saved incident filters (vigil.store.filters) and where a match is sent.
alerts = Table(
    "alerts",
    metadata,
    Column("name", Text, primary_key=True),
    Column("filters", JSON, nullable=False),
    Column("destination", Text, nullable=False),  # stdout | jsonl:PATH | webhook:URL
    Column("created_at", String(32), nullable=False),
)

# What each alert sent, per mention of the incident (merged ids change when incidents are
# re-clustered, mentions do not): an incident is sent again only when its figures differ.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("alert", Text, ForeignKey("alerts.name"), primary_key=True),
    Column("mention_id", Text, primary_key=True),
    Column("document_id", Text, nullable=False),
    Column("merged_id", Text, nullable=False),
    Column("figures", Text),  # the figures last sent (canonical JSON); None until one was
    Column("failed", Text),  # the last delivery's problem, tried again after the next ingest
    Column("sent_at", String(32)),
    Index("ix_alert_deliveries_alert_document", "alert", "document_id"),
    Index("ix_alert_deliveries_alert_failed", "alert", "failed"),
)

# Columns that record when, not what: left out of snapshots so repeated runs compare equal.
TIMESTAMP_COLUMNS = frozenset({"ingested_at", "created_at", "failed_at", "last_polled_at", "seen_at", "sent_at"})

# ---- accounts of the desk (vigil serve; migration 0007)
# People who sign in, with an argon2 hash of their password and one role: viewer (reads),
# editor (reads, uploads, decides), admin (also reads the audit log).
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

# A signed-in browser: the SHA-256 of its cookie's random token (the token itself is never
# stored) and the CSRF token its forms carry.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

# Bearer tokens for scripts (vigil users token NAME), also kept only as SHA-256.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

# What was done through the desk and by whom: sign-ins (and failed ones), uploads, decisions.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False, index=True),
    Column("actor", Text),
    Column("action", String(32), nullable=False),
    Column("target", Text),
    Column("detail", JSON),
    Column("address", Text),
)

# Columns that record when, not what: left out of snapshots so repeated runs compare equal.
TIMESTAMP_COLUMNS = frozenset({"ingested_at", "created_at", "failed_at", "expires_at", "revoked_at"})
