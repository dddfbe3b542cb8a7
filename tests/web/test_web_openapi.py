"""schemathesis against the desk's /openapi.json: generated requests to every API operation, a
few each (bounded to keep the suite fast), none may get a server error or an answer outside
its declared schema."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

EXAMPLES = 4


def test_generated_requests_to_every_operation_get_no_server_error(shared_desk):
    from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

    headers = {"Authorization": f"Bearer {shared_desk.tokens['editor']}"}
    with shared_desk.api("editor") as api:
        raw = api.get("/openapi.json").json()
    schema = schemathesis.openapi.from_dict(raw)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"GET /api/incidents", "GET /api/tally", "POST /api/incidents/{incident_id}/edit"} <= labels
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(base_url=shared_desk.url, headers=headers, checks=checks)

        call()
