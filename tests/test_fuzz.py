"""Fuzz the API from its own OpenAPI document: no input may produce a server error, and every
answer must match the documented status codes, content types and schemas. Besides the bodies
the schema describes, hostile ones: the same bodies with a field (or an extra one) set to a lone
surrogate, NaN, Infinity, 1e309 or a 400-digit integer — JSON that Python parses but cannot
write back."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
POSTS = [(path, method) for path, method in OPERATIONS if method == "POST"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: a server without tokens answers only requests addressed to a local name
LOCAL = {"Host": "localhost"}
#: written into the JSON text as they are: Python has no value that json.dumps writes so
RAW = {"__1e309__": "1e309", "__-1e400__": "-1e400", "__digits__": "7" * 400}

surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)  # one alone is unpaired
#: values Python's JSON parser takes but that are not JSON, or cannot be written back
NOT_JSON = st.one_of(
    st.tuples(st.text(max_size=20), surrogate).map("".join),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), *RAW]),
    st.lists(surrogate, min_size=1, max_size=3),
    st.fixed_dictionaries({"author": surrogate, "year_from": st.just(float("nan"))}),
)
#: valid JSON, but no count, year or flag is this large
HUGE = st.integers(min_value=2**63, max_value=10**30) | st.integers(max_value=-(2**63))


@pytest.fixture(scope="module")
def api_schema(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Any:
    app = create_app(corpus_index, Engine(corpus_index, embedder))
    return schemathesis.openapi.from_asgi("/openapi.json", app, headers=LOCAL)


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
        case.call_and_validate(checks=CHECKS, headers=LOCAL)

    fuzz()


def _hostile_body(body: Any, field: str, value: Any) -> bytes:
    """The body with one field set to the value, as JSON text (NaN, Infinity and the RAW
    stand-ins written as they are, surrogates as \\uXXXX escapes)."""
    mutated = dict(body) if isinstance(body, dict) else {}
    mutated[field] = value
    text = json.dumps(mutated, allow_nan=True)
    for stand_in, raw in RAW.items():
        text = text.replace(json.dumps(stand_in), raw)
    return text.encode("ascii")


@pytest.mark.parametrize(("path", "method"), POSTS)
def test_hostile_json_is_a_422_never_a_5xx(api_schema: Any, path: str, method: str) -> None:
    operation = api_schema[path][method]
    fields = ["question", "text", "k", "filters", "style", "conversation_id", "diverse", "extra"]

    @given(case=operation.as_strategy(), field=st.sampled_from(fields), value=NOT_JSON | HUGE)
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(case: schemathesis.Case, field: str, value: Any) -> None:
        body = _hostile_body(case.body, field, value)
        headers = {**LOCAL, "Content-Type": "application/json"}
        response = case.call_and_validate(checks=CHECKS, data=body, headers=headers)
        assert response.status_code < 500, (body[:200], response.text[:300])
        if not isinstance(value, int):  # not JSON, wherever it stands
            assert response.status_code == 422, (body[:200], response.text[:300])
        if response.status_code >= 400:  # whatever came in, a refusal is JSON that says why
            assert response.json()["detail"]

    fuzz()
