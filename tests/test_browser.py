"""The chat page in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from assistant.server.app import create_app
from assistant.server.engine import Engine
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from tests.conftest import shared_document_count
from tests.live import serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (the CI script does)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[str]:
    settings = corpus_index.model_copy(update={"api_tokens": "workshop"})
    with serving(create_app(settings, Engine(settings, embedder))) as url:
        yield url


def _ask(page: Page, question: str) -> None:
    page.fill("#question", question)
    page.press("#question", "Enter")


def test_ask_see_the_cited_answer_and_open_a_citation(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.goto(f"{site}/?token=workshop")
    expect(page.locator("#status")).to_contain_text(f"{shared_document_count()} documents")
    _ask(page, "What makes section 60 weapons searches more contentious than other searches?")
    answer = page.locator(".turn .a").first
    expect(answer.locator("button.cite").first).to_be_visible(timeout=30_000)
    expect(answer).to_contain_text("section 60")
    page.locator(".turn .a button.cite").first.click()
    opened = page.locator("#source-list li.open")
    expect(opened).to_contain_text("Ashby (2022). Stop and search in London")
    expect(opened).to_contain_text("p. 4")
    expect(opened.locator(".passage mark").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "desktop.png"), full_page=True)
    # a follow-up in the same conversation
    _ask(page, "How many of them were conducted without suspicion?")
    expect(page.locator(".turn").nth(1).locator(".searched")).to_contain_text("section 60")
    page.close()


def test_page_fits_a_phone_and_needs_the_token(browser: Browser, site: str, tmp_path: Path) -> None:
    phone = browser.new_page(viewport={"width": 375, "height": 740})
    response = phone.goto(f"{site}/")
    assert response is not None and response.status == 401
    phone.goto(f"{site}/?token=workshop")
    _ask(phone, "What is Interpol's secure worldwide communications network for police called?")
    expect(phone.locator(".turn .a button.cite").first).to_be_visible(timeout=30_000)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    phone.close()


def test_generated_answer_streams_then_shows_only_checked_sentences(
    browser: Browser, corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    from assistant.answers.extractive import ExtractiveAnswerer
    from assistant.search.retrieve import Retriever
    from assistant.store.folder import Store
    from tests.llm_servers import Script, scripted_server

    question = "What makes section 60 weapons searches more contentious than other searches?"
    base = ExtractiveAnswerer(Retriever(Store(corpus_index.index).open(), embedder)).answer(
        question
    )
    quote = base.citations[0].quotes[0]
    invented = "Section 60 searches were abolished by the European Court of Justice in 1997."
    with scripted_server(Script([f"{quote} [1] {invented} [2]"])) as llm:
        settings = corpus_index.model_copy(update={"llm_base_url": llm, "llm_model": "scripted"})
        with serving(create_app(settings, Engine(settings, embedder))) as url:
            page = browser.new_page()
            page.goto(url)
            _ask(page, question)
            answer = page.locator(".turn .a").first
            expect(answer.locator("button.cite").first).to_be_visible(timeout=30_000)
            expect(page.locator(".turn .searched").first).to_contain_text("language model")
            expect(answer).to_contain_text(quote.split("\n")[0][:40])
            expect(answer).not_to_contain_text("European Court of Justice")
            expect(answer.locator(".draft")).to_have_count(0)
            answer.locator("button.cite").first.click()
            expect(page.locator("#source-list li.open mark").first).to_be_visible()
            page.close()


def test_cite_as_a_style_shows_in_text_citations_and_references(
    browser: Browser, site: str
) -> None:
    page = browser.new_page()
    page.goto(f"{site}/?token=workshop")
    page.select_option("#style", "apa")
    _ask(page, "What makes section 60 weapons searches more contentious than other searches?")
    expect(page.locator("#bib-list li").first).to_contain_text(
        "Ashby, M. (2022). Stop and search in London", timeout=30_000
    )
    expect(page.locator("#source-list li button.ref").first).to_contain_text("(Ashby, 2022, p. ")
    page.close()


def test_check_a_claim_shows_the_verdict_and_the_changed_fact(browser: Browser, site: str) -> None:
    page = browser.new_page()
    page.goto(f"{site}/?token=workshop")
    page.fill("#claim", "According to LEOKA data, the FBI has counted police deaths since 1957.")
    page.press("#claim", "Enter")
    turn = page.locator(".turn.check").first
    expect(turn.locator(".verdict.contradicted")).to_contain_text(
        "the source says otherwise", timeout=30_000
    )
    expect(turn.locator(".why")).to_contain_text("source says 1937, claim says 1957")
    expect(page.locator("#source-list li button.ref").first).to_contain_text("Bussey et al.")
    page.close()
