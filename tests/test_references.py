from __future__ import annotations

from assistant.ingest.metadata import (
    author_list,
    chapter_of,
    page_locator,
    short_reference,
    surname,
)
from assistant.types import Chapter, Metadata


def test_surnames_of_people_and_organisations() -> None:
    assert surname("P. Jeffrey Brantingham") == "Brantingham"
    assert surname("Nix, Justin") == "Nix"
    assert surname("Elke van der Berg") == "van der Berg"
    assert surname("Wikipedia contributors") == "Wikipedia contributors"
    assert surname("United States Department of Justice, Civil Rights Division") == (
        "United States Department of Justice"
    )
    assert author_list(["Justin Nix"]) == "Nix"
    assert author_list(["Justin Nix", "Scott E. Wolfe"]) == "Nix & Wolfe"
    assert author_list(["Justin Nix", "Scott E. Wolfe", "Brandon Tregle"]) == "Nix et al."


def test_page_locators() -> None:
    assert page_locator(["12"], [12]) == "p. 12"
    assert page_locator(["3"], [4]) == "p. 3 [PDF 4]"
    assert page_locator(["12", "13"], [14, 15]) == "pp. 12–13 [PDF 14–15]"
    assert page_locator([None], [1]) == "[PDF 1]"
    assert page_locator([None], [None]) == ""


def test_a_chapter_of_an_edited_volume_is_cited_as_the_chapter() -> None:
    book = Metadata(
        title="Policing European Metropolises",
        editors=("Elke Devroe", "Adam Edwards", "Paul Ponsaers"),
        year=2016,
        chapters=(Chapter("Policing Brussels", ("Elke Devroe", "Paul Ponsaers"), "45", "67"),),
    )
    assert chapter_of(book, "50") == book.chapters[0]
    assert chapter_of(book, "70") is None
    assert short_reference(book, ["50"], [62]) == (
        "Devroe & Ponsaers (2016). Policing Brussels. In Devroe et al. (Eds.), "
        "Policing European Metropolises, p. 50 [PDF 62]"
    )
    assert short_reference(book, ["3"], [15]) == (
        "Devroe et al. (Eds.) (2016). Policing European Metropolises, p. 3 [PDF 15]"
    )
