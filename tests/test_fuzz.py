"""Fuzz the API from its own OpenAPI document: no input may produce a server error, and every
answer must match the documented status codes, content types and schemas."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.server.app import create_app
from assistant.server.engine import Engine
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder

OPERATIONS = [
    ("/api/ask", "POST"),
    ("/api/ask/stream", "POST"),
    ("/api/search", "POST"),
    ("/api/cite", "POST"),
    ("/api/check", "POST"),
    ("/api/documents", "GET"),
    ("/api/documents/{document_id}", "GET"),
    ("/api/health", "GET"),
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Any:
    app = create_app(corpus_index, Engine(corpus_index, embedder))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    documented = {
        (op.path, op.method.upper())
        for op in (result.ok() for result in api_schema.get_all_operations())
    }
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_never_answers_5xx(api_schema: Any, path: str, method: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    fuzz()
