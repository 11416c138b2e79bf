"""Acronyms a document defines: found in its text, and stored with each passage that uses one
form only, so that the lexical index finds the passage by the other form (through a removal
in the same run and a merge too)."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.acronyms import definitions, extra_terms, passage_terms
from assistant.store.folder import Store
from tests.test_segments import document, settings

TEXT = (
    "Officers wearing body-worn cameras (BWCs) were compared with others. Intelligence-led "
    "policing (ILP) is a business model. The National Intelligence Model (NIM) followed. "
    "A Police Safety Order (PSO) may be issued. Results (Table 3) and the UK (UK) differ; "
    "the committee (COSI) met."
)


def test_definitions_read_initials_and_hyphenated_parts() -> None:
    assert definitions(TEXT) == {
        "BWC": "body-worn cameras",
        "ILP": "Intelligence-led policing",
        "NIM": "National Intelligence Model",
        "PSO": "Police Safety Order",
    }


def test_an_expansion_may_hold_function_words() -> None:
    text = "The Federal Bureau of Investigation (FBI) and the Police and Crime Commissioner (PCC)."
    assert definitions(text) == {
        "FBI": "Federal Bureau of Investigation",
        "PCC": "Police and Crime Commissioner",
    }


def test_a_passage_gets_the_form_it_lacks() -> None:
    defined = definitions(TEXT)
    assert extra_terms("About 70 studies of BWCs were published.", defined) == "body-worn cameras"
    assert extra_terms("Intelligence-led policing spread to Europe.", defined) == "ILP"
    assert extra_terms("ILP, or intelligence-led policing, spread.", defined) == ""
    assert passage_terms(["No acronym here.", "Nor here."]) == ["", ""]
    assert passage_terms([TEXT, "Each PSO lasts ten days."])[1] == "Police Safety Order"


def test_the_lexical_index_finds_a_passage_by_the_other_form(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx")
    doc, chunks, vectors = document("cams", 2)
    with store.lock(), store.writer(settings()) as writer:
        writer.add(doc, chunks, vectors, ["body-worn cameras", ""])
        other, more, more_vectors = document("other", 2)
        writer.add(other, more, more_vectors, ["Police Safety Order", ""])
        writer.remove(other.id)  # a contentless index forgets what it was given, terms too
    version = store.open()
    found = version.lexical_search('"worn" AND "cameras"', 5)
    assert [version.chunks([i for i, _ in found])[found[0][0]].ordinal] == [0]
    assert version.lexical_search('"safety"', 5) == []
    version.close()
    store.optimize(settings())  # a merge indexes the terms again
    version = store.open()
    assert len(version.lexical_search('"worn" AND "cameras"', 5)) == 1
    assert version.lexical_search('"cams"', 5)  # the text itself still
    version.close()
