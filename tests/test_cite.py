"""Quote and claim verification over the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answers.judge import Judgement
from assistant.answers.selection import Candidate
from assistant.answers.words import content_stems
from assistant.ingest.chunk import split_sentences
from assistant.search.retrieve import Retriever
from assistant.settings import Settings
from assistant.sources.align import one_span_changed
from assistant.sources.cite import CLAIM_EMBEDDED, Verifier, _unless_contradicted, normalise
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from assistant.store.indexer import Indexer
from tests.conftest import DEV_SET, SHARED


@pytest.fixture(scope="module")
def verifier(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Verifier:
    return Verifier(Retriever(Store(corpus_index.index).open(), embedder))


def _dev_quotes() -> list[dict]:
    items = [json.loads(line) for line in DEV_SET.read_text().splitlines()]
    return [i for i in items if i["kind"] == "quote"]


def test_normalise_keeps_offsets_into_the_original() -> None:
    text = "The  oﬃcers’ “ﬁrst” algo-\nrithmic—test"
    result = normalise(text)
    assert result.text == 'the officers\' "first" algorithmic-test'
    assert text[result.origin[result.text.index("rithmic")]] == "r"
    assert len(result.origin) == len(result.text)
    ligature = result.text.index("ffi")  # three characters from one, each pointing at it
    assert [text[o] for o in result.origin[ligature : ligature + 3]] == ["ﬃ"] * 3


def test_normalise_drops_soft_hyphens_and_outer_space() -> None:
    text = "  \tpre\u00addicted \n\n  crime\u00ad  "
    result = normalise(text)
    assert result.text == "predicted crime"
    assert [text[o] for o in result.origin] == list("predicted crime")
    assert normalise("").text == "" and normalise(" \u00ad ").text == ""
    assert normalise("caf\udce9  x").text == "caf\udce9 x"  # a lone surrogate passes through


@pytest.mark.parametrize("item", _dev_quotes(), ids=lambda i: i["id"])
def test_verbatim_quotes_are_exact_on_their_printed_page(verifier: Verifier, item: dict) -> None:
    verdict = verifier.verify(item["question"])
    (gold,) = item["gold"]
    assert verdict.verdict == "exact" and verdict.score == 1.0
    assert verdict.document is not None and verdict.document.file == gold["file"]
    assert set(verdict.labels) <= set(gold["pages"])
    assert normalise(verdict.source_text).text.startswith(
        normalise(item["question"]).text.rstrip(".")[:40]
    )


def test_a_quote_across_a_page_break_gives_both_pages(verifier: Verifier) -> None:
    version = verifier.retriever.version
    doc = next(d for d in version.documents() if d.file.startswith("nix-wolfe-2018-ferguson"))
    chunk = next(
        c
        for c in version.chunks(version.chunk_ids([doc.id])).values()
        if len(c.spans) == 2 and c.spans[0].label is not None
    )
    first, second = chunk.spans
    words_before = chunk.text[first.start : first.end].split()[-12:]
    words_after = chunk.text[second.start : second.end].split()[:12]
    quote = " ".join(words_before + words_after)
    verdict = verifier.verify(quote)
    assert verdict.verdict == "exact"
    assert verdict.labels == (first.label, second.label)
    assert verdict.locator.startswith(f"pp. {first.label}–{second.label}")


@pytest.mark.parametrize(
    ("quote", "file"),
    [
        ("Swedler, D. I., Simmons, M. M., Dominici, F., & Hemenway, D. (2015).", "bussey-nix-s"),
        ("Weisburd, David and Eck, John E. “What can the police do to reduce crime", "osce-2017"),
        # parts of entries, not shaped as one: found by the passage holding them word for word
        ("In Evans, Peter, Dietrich Rueschemeyer, and Theda Skocpol, eds.", "wikipedia-organized"),
        ("Regression Diagnostics: Identifying Influential Data and Sources", "nix-wolfe-tregle"),
    ],
)
def test_an_entry_of_a_references_list_is_found_exactly(
    verifier: Verifier, quote: str, file: str
) -> None:
    """References rank after body text for questions; a quote shaped as an entry reads them
    first, and any quote is looked for first where a passage holds it word for word, or a body
    passage that cites the same authors hides its source."""
    verdict = verifier.verify(quote)
    assert verdict.verdict == "exact" and verdict.document is not None
    assert verdict.document.file.startswith(file)


def test_ligatures_and_a_line_break_hyphen_are_still_exact(verifier: Verifier) -> None:
    quote = (
        "Arrests are an imperfect proxy for other types of police con-\n"
        "tacts including stops, searches and detentions short of arrest."
    )
    copied = quote.replace("ff", "ﬀ").replace("fi", "ﬁ").replace("imperfect", "imper-\nfect")
    verdict = verifier.verify(f"“{copied}”")
    assert verdict.verdict == "exact"
    assert verdict.labels == ("5",) and verdict.pdf_pages == (6,)


def test_one_changed_word_is_near_with_the_word_shown(verifier: Verifier) -> None:
    quote = (
        "Arrests are a perfect proxy for other types of police contacts including stops, "
        "searches and detentions short of arrest."
    )
    verdict = verifier.verify(quote)
    assert verdict.verdict == "near" and 0.9 <= verdict.score < 1.0
    assert verdict.differences == (("a perfect", "an imperfect"),)
    assert verdict.labels == ("5",)


def test_a_source_sentence_with_one_span_changed_is_near_naming_the_words(
    verifier: Verifier,
) -> None:
    """Too different in letters for a near quotation, and the judge sees no changed fact
    ('after a year' for 'immediately'): the claim keeps its source's words but for one span,
    which it names; not a paraphrase."""
    verdict = verifier.verify("Interpol deleted the request for prosecution after a year.")
    assert verdict.verdict == "near" and verdict.document is not None
    assert verdict.document.file == "wikipedia-interpol.md"
    assert verdict.differences == (("after a year", "immediately"),)
    assert "source says immediately, claim says after a year" in verdict.reason
    dissidents = verifier.verify(
        "Its activities were centered mostly on trade unionists and criminals."
    )
    assert dissidents.verdict == "near"
    assert dissidents.differences == (("trade unionists", "political dissidents"),)


def test_one_span_changed_only_when_the_rest_is_the_source_word_for_word() -> None:
    source = "This officer is now making regular payments on the fine."
    changed = "This officer is now making rare payments on the fine."
    assert one_span_changed(changed, source) == ("rare", "regular")
    inflected = "This officer is now making regular payment on the fine."
    reworded = "The officer now pays the fine in rare instalments."
    added = "This officer is now making some regular payments on the fine."
    assert one_span_changed(inflected, source) is None
    assert one_span_changed(reworded, source) is None
    assert one_span_changed(added, source) is None


def test_a_claim_may_name_what_its_source_calls_itself() -> None:
    source = "This handbook files harbour and river patrols together under river patrols."
    named = (
        "The Port Authority handbook files harbour and river patrols together under river patrols."
    )
    assert one_span_changed(named, source) is None
    changed = named.replace("under river", "under coastal")
    assert one_span_changed(changed, source) == ("coastal", "river")
    we = "We surveyed 140 harbour wardens in 2016."
    assert one_span_changed("Lund and Moss surveyed 140 harbour wardens in 2015.", we) == (
        "2015",
        "2016",
    )
    assert one_span_changed("Volunteers surveyed 140 harbour wardens in 2016.", we) == (
        "volunteers",
        "we",
    )


def test_a_claim_in_other_words_is_a_paraphrase_on_the_right_page(verifier: Verifier) -> None:
    verdict = verifier.verify(
        "Only about a third of US law enforcement agencies submitted NIBRS data in 2016."
    )
    assert verdict.verdict == "paraphrase"
    assert verdict.document is not None
    assert verdict.document.file.startswith("bussey-nix-sierra-arevalo-2024")
    assert verdict.labels == ("8",)


def test_an_invented_quote_is_not_found(verifier: Verifier) -> None:
    verdict = verifier.verify(
        "The Dutch police introduced robot patrol dogs in Amsterdam in 2019 to reduce burglary."
    )
    assert verdict.verdict == "not_found" and verdict.document is None


def test_every_sentence_of_a_passage_is_found_exactly(verifier: Verifier) -> None:
    """A sample of real sentences, checked like an author would paste them."""
    version = verifier.retriever.version
    chunks = version.chunks(list(range(1, 1500, 97)))
    checked = 0
    for chunk in chunks.values():
        sentences = [chunk.text[a:b] for a, b in split_sentences(chunk.text)]
        long = [s for s in sentences if len(s.split()) >= 12 and "\n" not in s]
        if not long or chunk.region == "references":  # a work cited by several documents
            continue
        verdict = verifier.verify(long[0])
        assert verdict.verdict == "exact", long[0]
        assert verdict.document is not None and verdict.document.id == chunk.doc_id
        checked += 1
    assert checked >= 8


def test_a_claim_with_a_changed_year_is_contradicted_naming_both_years(
    verifier: Verifier,
) -> None:
    verdict = verifier.verify(
        "According to LEOKA data, the FBI has counted police line-of-duty deaths since 1957."
    )
    assert verdict.verdict == "contradicted"
    assert verdict.document is not None and verdict.document.file.startswith("bussey-nix-sierra")
    assert verdict.differences[0] == ("1957", "1937")
    assert verdict.reason == "year: source says 1937, claim says 1957"
    assert verdict.to_dict()["verdict"] == "contradicted" and verdict.to_dict()["page"]


def test_a_claim_with_the_direction_reversed_is_contradicted(verifier: Verifier) -> None:
    verdict = verifier.verify(
        "Kochel (2015) found that Brown's death improved how residents of St. Louis rated "
        "police legitimacy."
    )
    assert verdict.verdict == "contradicted" and verdict.reason.startswith("direction")


def test_a_near_quote_names_the_changed_figure(verifier: Verifier) -> None:
    verdict = verifier.verify(
        "Police in London stopped and searched 512,423 people and vehicles in the 12 months "
        "from April 2021."
    )
    assert verdict.verdict == "near"
    assert verdict.reason == "number: source says 215,423, quoted as 512,423"


def test_an_invented_on_topic_claim_is_not_found(verifier: Verifier) -> None:
    verdict = verifier.verify(
        "Copenhagen's police cut bicycle theft by 60% after introducing drones in 2019."
    )
    assert verdict.verdict == "not_found" and verdict.document is None


@pytest.mark.parametrize(
    ("claim", "page"),
    [
        (
            "The definitions section of the NZ policy states that intimate partners may be "
            "straight, gay, bisexual or transgender.",
            "10",
        ),
        (
            "For the warrantless search powers, a person has arms in their possession or under "
            "their control whenever they can get at them.",
            "28",
        ),
    ],
)
def test_a_paraphrase_in_few_common_words_is_found_by_the_words_its_document_rarely_uses(
    verifier: Verifier, claim: str, page: str
) -> None:
    """Reworded so far that the similarity alone falls short of SUPPORT_THRESHOLD: the words
    it shares that the policy rarely uses ('bisexual', 'transgender'; 'possession', 'control')
    make it a paraphrase, on the printed page of its source."""
    verdict = verifier.verify(claim)
    assert verdict.verdict == "paraphrase", verdict.reason
    assert verdict.document is not None
    assert verdict.document.file.startswith("nz-police-2022-family-harm")
    assert verdict.labels == (page,)


@pytest.mark.parametrize(
    "claim",
    [
        "The NZ family harm policy says attending officers must take a photograph of each child "
        "present at the scene of a family harm episode.",
        "The NZ family harm policy says a supervisor must attend in person every family harm "
        "episode assessed as high risk.",
    ],
)
def test_an_invented_duty_in_a_policy_s_everyday_words_is_not_found(
    verifier: Verifier, claim: str
) -> None:
    """Built of the words the policy uses on most of its pages ('family harm', 'officers',
    'episode') and one invented duty: no sentence of the policy states it."""
    verdict = verifier.verify(claim)
    assert verdict.verdict == "not_found", (verdict.reason, verdict.source_text)


def test_a_year_borrowed_from_a_neighbour_does_not_support_a_changed_claim(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """The sentence that states the claim with another year contradicts it, though the next
    sentence, read with its neighbours (which name the claim's year for another event), would
    seem to support it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour-board.md").write_text(
        "# Harbour patrols\n\n"
        "The Harbour Board formally approved the joint patrol plan in 2004. Since then, joint "
        "patrols of the quays have been organised by the port police under that plan. In 2011, "
        "the Harbour Board added a night shift to the joint patrols of the container terminal. "
        "The night shift is staffed by six officers and two customs staff.\n"
    )
    settings = Settings(index=tmp_path / "index")
    assert Indexer(settings, embedder=embedder).run([docs]).ok
    checker = Verifier(Retriever(Store(settings.index).open(), embedder))
    verdict = checker.verify("In 2011 the joint patrol plan was formally approved by the board.")
    assert verdict.verdict == "contradicted", verdict
    assert verdict.differences[0] == ("2011", "2004")
    true = checker.verify("In 2004 the Harbour Board formally approved its joint patrol plan.")
    assert true.verdict in ("exact", "near", "paraphrase"), true


def _candidate(rank: int, text: str) -> Candidate:
    return Candidate(rank, 0, len(text), text, frozenset(content_stems(text)))


def test_a_cited_work_of_the_claims_year_does_not_outweigh_the_fact_stated_otherwise() -> None:
    """'(2010)' dates a quoted work, not the event; the sentence stating the event with another
    year holds more of the claim's words once its acronym counts for the words it stands for."""
    quote = "The EU formally endorsed intelligence-led policing in 2010."
    quoted = _candidate(
        0, "An intelligence-led approach is at the heart of the EU, Europol (2010)."
    )
    stated = _candidate(1, "The EU formally endorsed ILP in 2005.")
    support = Judgement("supports", 0.76)
    against = Judgement("contradicts", 0.69, conflicts=(("year", "2010", "2005"),))
    decided = [(quoted, support), (stated, against)]
    assert _unless_contradicted(quote, quoted, support, decided) == (stated, against)
    dated = _candidate(2, "In 2010 the EU formally endorsed intelligence-led policing.")
    agreeing = [(dated, support), (stated, against)]
    assert _unless_contradicted(quote, dated, support, agreeing) == (dated, support)


def test_a_name_taken_from_around_the_support_gives_way_to_the_sentence_stating_another() -> None:
    """The support finds 'Eastport' only in its passage; the sentence that states the second
    office names Westport: the claim is contradicted, unless a support states Eastport."""
    quote = "The harbour league's second liaison office was added in Eastport in 2011."
    around = _candidate(0, "The harbour league's liaison offices serve ships at all hours.")
    stated = _candidate(1, "A second liaison office was added in Westport in 2011.")
    support = Judgement("supports", 0.77)
    against = Judgement("contradicts", 0.76, conflicts=(("name", "Eastport", "Westport"),))
    decided = [(around, support), (stated, against)]
    assert _unless_contradicted(quote, around, support, decided) == (stated, against)
    named = _candidate(2, "In 2011 the harbour league added a second liaison office in Eastport.")
    agreeing = [(named, support), (stated, against)]
    assert _unless_contradicted(quote, named, support, agreeing) == (named, support)


class _Counting:
    """The session's model, counting the texts it is asked to embed."""

    def __init__(self, model: SentenceTransformerEmbedder) -> None:
        self.model = model
        self.calls: list[int] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.model, name)

    def encode(self, texts: list[str], progress: object = None) -> object:
        self.calls.append(len(texts))
        return self.model.encode(texts)


def test_a_claim_embeds_only_its_most_promising_sentences(
    corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    counting = _Counting(embedder)
    retriever = Retriever(Store(corpus_index.index).open(), counting)  # type: ignore[arg-type]
    checker = Verifier(retriever)
    claim = "Police chiefs in Norway doubled foot patrols after a survey of residents in 2014."
    first = checker.verify(claim)
    assert counting.calls[0] == 1 and sum(counting.calls[1:]) <= CLAIM_EMBEDDED
    hits = retriever.search(claim, k=20)
    retriever.sentences([h.chunk for h in hits])  # every sentence at hand, as a server has them
    counting.calls.clear()
    again = checker.verify(claim)
    assert counting.calls == [1]  # the claim alone
    assert (again.verdict, first.verdict) == ("not_found", "not_found")


def test_a_sentence_lacking_a_fact_of_the_claim_is_not_embedded(
    corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    """No similarity could make a sentence that lacks the claim's place and year support it:
    such sentences (most of an invented claim's) cost no forward pass. A paraphrase's
    sentence still does, and is found."""
    counting = _Counting(embedder)
    retriever = Retriever(Store(corpus_index.index).open(), counting)  # type: ignore[arg-type]
    checker = Verifier(retriever)
    invented = "Police chiefs in Norway doubled foot patrols after a survey of residents in 2014."
    assert checker.verify(invented).verdict == "not_found"
    assert counting.calls[0] == 1 and sum(counting.calls[1:]) < CLAIM_EMBEDDED // 2
    claims = SHARED / "eval" / "claims-dev.jsonl"
    items = [json.loads(line) for line in claims.read_text().splitlines()]
    paraphrase = next(i for i in items if i["kind"] == "paraphrase")
    counting.calls.clear()
    found = checker.verify(paraphrase["claim"])
    assert found.verdict == "paraphrase" and sum(counting.calls[1:]) >= 1


def test_a_verdict_does_not_depend_on_what_earlier_questions_left_in_the_cache(
    corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    """The same claim gets the same verdict, score and page whether or not an earlier
    question had every sentence of its passages embedded (a server's warm cache)."""
    retriever = Retriever(Store(corpus_index.index).open(), embedder)
    checker = Verifier(retriever)
    heldout = Path(__file__).resolve().parents[1] / "benchmarks" / "heldout"
    lines = [
        line for n in (2, 3) for line in (heldout / f"claims{n}.jsonl").read_text().split("\n")
    ]
    items = [json.loads(line) for line in lines if line.strip()]
    claims = [i["claim"] for i in items if i["kind"] in ("paraphrase", "altered")]
    cold = [checker.verify(claim) for claim in claims]
    for claim in claims:
        retriever.sentences([h.chunk for h in retriever.search(claim, k=20)])
    warm = [checker.verify(claim) for claim in claims]
    assert [(v.verdict, v.labels) for v in warm] == [(v.verdict, v.labels) for v in cold]
    # the scores too, but for the float noise of embedding sentences in other batches
    assert max(abs(w.score - c.score) for w, c in zip(warm, cold, strict=True)) < 1e-5


def test_a_support_from_beside_gives_way_to_the_sentence_that_denies_the_claim() -> None:
    """The support holds few of the claim's words (its neighbour holds the rest); the sentence
    that holds clearly more of them denies it: the claim is contradicted. A support that holds
    as many words stands."""
    quote = "Using harbour patrols to harass rival unions also counts as port misconduct."
    beside = _candidate(0, "Port misconduct is the use of patrols for private gain.")
    stated = _candidate(
        1, "Using harbour patrols to harass rival unions is not counted as port misconduct."
    )
    support = Judgement("supports", 0.78)
    against = Judgement("contradicts", 0.81, conflicts=(("negation", "affirmative", "negative"),))
    assert _unless_contradicted(quote, beside, support, [(beside, support), (stated, against)]) == (
        stated,
        against,
    )
    whole = _candidate(2, "Harbour patrols used to harass rival unions count as port misconduct.")
    agreeing = [(whole, support), (stated, against)]
    assert _unless_contradicted(quote, whole, support, agreeing) == (whole, support)


def test_a_support_gives_way_to_the_sentence_beside_it_that_contradicts_the_claim() -> None:
    """The support reads the claim's words in the next sentence of its passage, which states
    a direction otherwise: that sentence decides, though the support holds not clearly fewer
    of the claim's words. A contradicting sentence elsewhere does not (it must hold clearly
    more)."""
    quote = "Crews who saw more storms felt less afraid of harbour inspections afterwards."
    first = "Crews who saw storms felt uneasy about harbour inspections."
    second = "Crews who saw more storms felt more afraid of inspections afterwards."
    passage = f"{first} {second}"
    support_text = Candidate(
        0,
        0,
        len(first),
        first,
        frozenset(content_stems(first)),
        after=(len(first) + 1, len(passage)),
    )
    beside = Candidate(0, len(first) + 1, len(passage), second, frozenset(content_stems(second)))
    support = Judgement("supports", 0.80)
    against = Judgement("contradicts", 0.78, conflicts=(("direction", "less", "more"),))
    decided = [(support_text, support), (beside, against)]
    assert _unless_contradicted(quote, support_text, support, decided) == (beside, against)
    elsewhere = Candidate(3, 0, len(second), second, frozenset(content_stems(second)))
    apart = [(support_text, support), (elsewhere, against)]
    assert _unless_contradicted(quote, support_text, support, apart) == (support_text, support)


def test_a_scope_narrowed_or_widened_in_one_span_is_a_changed_span() -> None:
    """'Only high-risk cases' for 'All cases': the claim's span has a word of its own where the
    source's has only a small word; a heading the sentence splitter left before the source's
    sentence ('Evaluation and review All …') is no change of the claim's."""
    source = "All cases referred to the panel need close monitoring by a supervisor."
    narrowed = "Only high-risk cases referred to the panel need close monitoring by a supervisor."
    assert one_span_changed(narrowed, source) == ("only high-risk", "all")
    assert one_span_changed(narrowed, f"Evaluation and review {source}") == (
        "only high-risk",
        "all",
    )
    widened = "All cases referred to the panel need close monitoring by a supervisor."
    only = "Only urgent cases referred to the panel need close monitoring by a supervisor."
    assert one_span_changed(widened, only) == ("all", "only urgent")
    small = "These cases referred to the panel need close monitoring by a supervisor."
    assert one_span_changed(small, source) is None


def test_a_claim_may_open_with_a_clause_its_source_lacks() -> None:
    """'According to the guidebook, …' or 'In the EU cycle, …' before the source's words with one
    span changed: the opening clause says whose words they are, not what changed."""
    source = "Each plan is reviewed by the national unit at the end of every year."
    said = "each plan is reviewed by the {} unit at the end of every year."
    changed = f"According to the guidebook, {said.format('local')}"
    assert one_span_changed(changed, source) == ("local", "national")
    setting = f"In the EU policy cycle, {said.format('national')}"
    assert one_span_changed(setting, source) is None  # the same words: no span changed
    long_lead = f"In the long and much debated history of the cycle as told, {said.format('local')}"
    assert one_span_changed(long_lead, source) is None  # too long a clause for an attribution
    # a list's first item or a year before the comma is no attribution: the rest is compared
    # with the source together with it ('Officers, staff …', 'In 2018, …')
    listed = "Officers, staff and volunteers are trained by the local unit."
    assert (
        one_span_changed(listed, "Staff and volunteers are trained by the national unit.") is None
    )
    for when in ("In March", "In three forces"):  # a month or a number word says when/how many
        lead = f"{when}, Police Scotland reviewed each plan locally."
        assert one_span_changed(lead, "Police Scotland reviewed each plan nationally.") is None
    linked = "However, officers were trained weekly by the regional unit."
    assert one_span_changed(linked, "Officers were trained monthly by the regional unit.") == (
        "weekly",
        "monthly",
    )
    dated = "In 2018, Police Scotland reviewed each plan locally."
    assert (
        one_span_changed(dated, "In 2019, Police Scotland reviewed each plan nationally.") is None
    )
