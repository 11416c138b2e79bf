"""Hybrid retrieval: dense (FAISS) and lexical (FTS5 BM25) candidates, fused by reciprocal rank,
with filters by document, author, year, section and region and an option to spread hits across
documents.

Passages of the front matter (cover, copyright, contents) and of an index rank below the body
text and footnotes, and a references list below them too unless the question is about works
(a reference, an edition, a publisher …) or asks for the contents; `Filters.regions` asks for
regions outright."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import QueryError
from ..ingest.chunk import prose_sentences
from ..ingest.metadata import surname
from ..settings import DEFAULT_LEXICAL_ROWS, Settings
from ..store.embed import Embedder
from ..store.version import IndexVersion
from ..types import (
    FOOTNOTE,
    FRONT,
    INDEX,
    REFERENCES,
    REGIONS,
    Chunk,
    Document,
    Hit,
)
from .asked import (
    ABOUT_NOTES,
    ABOUT_REFERENCE_LIST,
    ASKS_FIGURE,
    LAYOUT_WORDS,
    provisions,
    titles_named,
    wanted_regions,
)
from .fuse import diversify, reciprocal_rank_fusion, with_scores
from .lexical import (
    STOPWORDS,
    bounded_expression,
    content_words,
    folded,
    match_expression,
    phrase_expression,
    proper_names,
    quoted_phrases,
    terms,
)

CANDIDATES = 50  # per retriever, before fusion
MAX_QUESTION_CHARS = 2000
MODES = ("hybrid", "dense", "lexical")  # dense-only and lexical-only are for comparison
PER_DOCUMENT = 2  # hits per document at the top when diversifying
PHRASE_MIN_WORDS = 6  # a question this long may be a quotation: exact phrase matches rank first
PHRASE_WEIGHT = 2.0
QUOTED_TERM_WORDS = 4  # a quoted phrase this short names a term, which the index must hold
AUTHOR_WEIGHT = 1.0  # passages of documents whose authors the question names
#: the BM25 ranking's weight for a question after a figure or a date, whose answer stands in a
#: passage of figures the embedding ranks low (held-out MRR@10 0.883 -> 0.922 at 2, 0.889 at
#: 1.5; dev and books-dev unchanged)
FIGURE_LEXICAL_WEIGHT = 2.0
ASKED_WEIGHT = 3.0  # passages of the contents, an index or the footnotes a question asks about
#: ONNX Runtime threads for a command's questions and the sentences read for them (0: one per
#: core): start-up is the same with one or two (~155 ms), and 8 sentences took 56 ms on one
#: thread, 33 ms on two
QUESTION_THREADS = 0
SENTENCE_CACHE = 2048  # passages whose sentence vectors a retriever keeps
#: a chunk's sentences as (start, end) offsets in its text, and one unit vector per sentence
SentenceVectors = tuple[tuple[tuple[int, int], ...], np.ndarray]
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_question(text: str) -> str:
    """The text, if it can be searched: a command-line argument that is not UTF-8 arrives with
    surrogate escapes, which the tokenizer and SQLite refuse."""
    found = _SURROGATE.search(text)
    if found is not None:
        code = ord(found.group())
        what = (
            f"the byte 0x{code - 0xDC00:02x}, which is not UTF-8"
            if 0xDC80 <= code <= 0xDCFF
            else f"an unpaired surrogate (U+{code:04X})"
        )
        raise QueryError(
            f"the text holds {what} at character {found.start() + 1}: send it as UTF-8 (in a "
            "terminal: set it to UTF-8 and type the text again)."
        )
    return text


@dataclass(frozen=True)
class Filters:
    """Keep only hits whose document matches (file name or id prefix, author substring, years),
    that stand in a section whose title holds `section` (or in one of its sub-sections), and
    in one of `regions` (body, front, references, index, footnote)."""

    documents: tuple[str, ...] = ()
    author: str = ""
    year_from: int | None = None
    year_to: int | None = None
    section: str = ""
    regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [r for r in self.regions if r not in REGIONS]
        if unknown:
            raise QueryError(f"unknown region {unknown[0]!r}; choose from {', '.join(REGIONS)}.")

    def __bool__(self) -> bool:
        return bool(self.documents or self.author or self.year_from or self.year_to) or bool(
            self.section or self.regions
        )

    def by_document(self) -> bool:
        return bool(self.documents or self.author or self.year_from or self.year_to)

    def sections(self, documents: dict[str, Document]) -> list[tuple[str, int, int]] | None:
        """(document id, first, last section number) of the sections whose titles hold the
        text, with their sub-sections; None when no section is asked for."""
        if not self.section:
            return None
        wanted = self.section.lower()
        ranges = []
        for doc_id, doc in documents.items():
            for number, section in enumerate(doc.sections):
                if wanted in section.title.lower():
                    last = number
                    while last + 1 < len(doc.sections) and (
                        doc.sections[last + 1].level > section.level
                    ):
                        last += 1
                    ranges.append((doc_id, number, last))
        return ranges

    def admits(self, doc: Document) -> bool:
        if self.documents and not any(
            d in (doc.file, doc.path) or doc.id.startswith(d) for d in self.documents
        ):
            return False
        names = " ".join(doc.meta.authors + doc.meta.editors).lower()
        if self.author and self.author.lower() not in names:
            return False
        year = doc.meta.year
        if self.year_from is not None and (year is None or year < self.year_from):
            return False
        return not (self.year_to is not None and (year is None or year > self.year_to))


class Retriever:
    """Searches one index version with one embedder. Safe to share between threads."""

    def __init__(
        self,
        version: IndexVersion,
        embedder: Embedder,
        mode: str = "hybrid",
        lexical_rows: int = DEFAULT_LEXICAL_ROWS,
    ) -> None:
        if mode not in MODES:
            raise QueryError(f"unknown retrieval mode {mode!r}; choose one of {', '.join(MODES)}.")
        self.version = version
        self.embedder = embedder
        self.mode = mode
        self.lexical_rows = lexical_rows
        self.documents = {d.id: d for d in version.documents()}
        #: titles, authors and editors of every document, lower-cased, for name look-ups
        self.catalogue = " ".join(
            " ".join((d.meta.title, *d.meta.authors, *d.meta.editors))
            for d in self.documents.values()
        ).lower()
        self._catalogue_words = frozenset(terms(self.catalogue))
        self._cache: OrderedDict[int, SentenceVectors] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._titles = {i: folded(d.meta.title) for i, d in self.documents.items()}
        kinds = {i: (d.meta.title, d.meta.doc_type) for i, d in self.documents.items()}
        self._by_title, self._title_ids = titles_named(kinds), list(kinds)
        #: surname → the documents with an author or editor of that name
        self._surnames: dict[str, set[str]] = {}
        for d in self.documents.values():
            for name in d.meta.authors + d.meta.editors:
                self._surnames.setdefault(surname(name).lower(), set()).add(d.id)

    def _named(self, question: str) -> dict[str, int]:
        """Documents the question names, with how many times: by their authors' surnames
        ("according to Nix and Wolfe") and by a phrase it quotes that their title holds ("what
        is meant by 'perceived audience legitimacy'")."""
        counts: dict[str, int] = {}
        for name in {n.lower() for n in proper_names(question)}:
            for doc_id in self._surnames.get(name, ()):
                counts[doc_id] = counts.get(doc_id, 0) + 1
        for m in self._by_title.finditer(folded(question)) if self._by_title else ():
            doc_id = self._title_ids[int(str(m.lastgroup)[1:])]  # 'the article on police'
            counts[doc_id] = counts.get(doc_id, 0) + 1
        for phrase in quoted_phrases(question):  # a step per document, for quoted phrases only
            for doc_id, title in self._titles.items():
                if phrase in title:
                    counts[doc_id] = counts.get(doc_id, 0) + 1
        return counts

    def sentences(self, chunks: Sequence[Chunk]) -> dict[int, SentenceVectors]:
        """Each chunk's prose sentences and list items (an answer reads an item after the
        sentence announcing its list) and their vectors, embedded when an answer first needs
        them (cached): the index stores only the chunk vectors, and indexing embeds each chunk
        once. (Vectors mean-pooled from the chunk's own forward pass were tried: they cost the
        same here and answered fewer development questions.)"""
        with self._cache_lock:
            found = {c.id or 0: self._cache[c.id or 0] for c in chunks if c.id in self._cache}
        todo = list({c.id or 0: c for c in chunks if (c.id or 0) not in found}.values())
        if todo:
            offsets = [tuple(prose_sentences(c.text, items=True)) for c in todo]
            distinct = list(
                dict.fromkeys(c.text[a:b] for c, o in zip(todo, offsets, strict=True) for a, b in o)
            )
            vectors = self.embedder.encode(distinct) if distinct else np.zeros((0, 0), np.float32)
            row = {sentence: i for i, sentence in enumerate(distinct)}
            with self._cache_lock:
                for chunk, spans in zip(todo, offsets, strict=True):
                    rows = [row[chunk.text[a:b]] for a, b in spans]
                    matrix = (
                        vectors[rows] if rows else np.zeros((0, self._dim(vectors)), np.float32)
                    )
                    found[chunk.id or 0] = self._cache[chunk.id or 0] = (spans, matrix)
                while len(self._cache) > SENTENCE_CACHE:
                    self._cache.popitem(last=False)
        return found

    def cached_sentences(self, chunks: Sequence[Chunk]) -> dict[int, SentenceVectors]:
        """The sentence vectors of those chunks that have them at hand (nothing is embedded)."""
        with self._cache_lock:
            return {c.id or 0: self._cache[c.id or 0] for c in chunks if c.id in self._cache}

    def _dim(self, vectors: np.ndarray) -> int:
        return int(vectors.shape[1]) if vectors.size else self.version.dimension

    def _content(self, question: str) -> str:
        """The question as the BM25 query sees it (see `lexical.content_words`)."""
        return content_words(question, self._catalogue_words)

    def _listed(self, question: str, names: bool = False) -> str:
        """What a question asks a contents page, an index or a note to list: its words less
        those that describe the page and those of the documents' titles and authors (every
        such page of the document repeats them) — unless `names` (a references list, where
        authors and titles are what is looked for)."""
        words = terms(question)
        kept = [
            w for w in words if w not in LAYOUT_WORDS and (names or w not in self._catalogue_words)
        ]
        text = " ".join(kept or words)
        return bounded_expression(text, self.version.document_frequency, self.lexical_rows)

    def unknown_terms(self, question: str) -> list[str]:
        """The short terms a question quotes ('the "golden hour" principle') and the numbered
        provisions it names ('section 24A') that no passage holds as a phrase (not 'its "no
        biased arrests" result': a paraphrase in quotes)."""
        terms = [
            phrase
            for phrase in quoted_phrases(question)
            if len(phrase.split()) <= QUOTED_TERM_WORDS and phrase.split()[0] not in STOPWORDS
        ]  # and the numbered provisions it names ('section 24A')
        terms += provisions(question)
        return [t for t in terms if not self.version.lexical_search(phrase_expression(t), 1)]

    def embed(self, text: str) -> np.ndarray:
        return self.embedder.encode([valid_question(text)])[0]

    def search(
        self,
        question: str,
        k: int = 5,
        filters: Filters | None = None,
        diverse: bool = False,
        vector: np.ndarray | None = None,
    ) -> list[Hit]:
        question = valid_question(question).strip()
        if not question:
            raise QueryError("the question is empty.")
        if len(question) > MAX_QUESTION_CHARS:
            raise QueryError(
                f"the question has {len(question)} characters; the limit is {MAX_QUESTION_CHARS}."
            )
        filters = filters or Filters()
        only_docs = None  # every document: nothing here may cost a step per document
        if filters.by_document():
            only_docs = sorted(i for i, d in self.documents.items() if filters.admits(d))
            if not only_docs:
                raise QueryError(f"no indexed document matches the filters {filters}.")
        sections = filters.sections(
            self.documents if only_docs is None else {i: self.documents[i] for i in only_docs}
        )
        if sections is not None and not sections:
            raise QueryError(f"no indexed section's title holds {filters.section!r}.")
        regions = filters.regions or None
        scoped = filters.by_document() or sections is not None or regions is not None
        only_chunks = self.version.chunk_ids(only_docs, regions, sections) if scoped else None
        if vector is None:
            vector = self.embed(question)
        depth = max(CANDIDATES, k)
        dense = (
            self.version.dense_search(vector, depth, only_chunks) if self.mode != "lexical" else []
        )
        words = self._content(question) if self.mode != "dense" else ""
        expression = bounded_expression(words, self.version.document_frequency, self.lexical_rows)
        # BM25 scores say how well a passage matches only when every word was searched for
        whole = expression == match_expression(words)
        lexical = (
            self.version.lexical_search(
                expression,
                depth,
                only_docs,
                self.lexical_rows,
                regions=regions,
                sections=sections,
            )
            if self.mode != "dense"
            else []
        )
        phrase = (
            self.version.lexical_search(
                phrase_expression(question), depth, only_docs, regions=regions, sections=sections
            )
            if self.mode != "dense" and len(question.split()) >= PHRASE_MIN_WORDS
            else []
        )
        # a question about the contents, an index, a footnote or the references list: those
        # searched apart too (the body text, which repeats the question's other words, would
        # crowd them out). Not for any cited work: "as cited by" asks about the body text as
        # often as about a references list, which must be named ("according to its reference
        # list")
        asked = [r for r in wanted_regions(question) if r in (FRONT, INDEX)]
        asked += [FOOTNOTE] if ABOUT_NOTES.search(question) else []
        asked += [REFERENCES] if ABOUT_REFERENCE_LIST.search(question) else []
        lexical_asked = (
            self.version.lexical_search(
                self._listed(question, names=REFERENCES in asked),
                depth,
                only_docs,
                self.lexical_rows,
                regions=asked,
                sections=sections,
            )
            if self.mode != "dense" and asked and regions is None
            else []
        )
        found = {i for i, _ in dense} | {i for i, _ in lexical} | {i for i, _ in lexical_asked}
        placed = self.version.placed(sorted(found))  # (document, region); texts for the best
        dense_ids = [i for i, _ in dense]
        lexical_ids = [i for i, _ in lexical]
        asked_ids = [i for i, _ in lexical_asked if i in placed]
        phrase_ids = [i for i, _ in phrase if i in placed]
        first = [
            i
            for i, _ in reciprocal_rank_fusion(
                [dense_ids, lexical_ids, phrase_ids, asked_ids],
                weights=[1.0, 1.0, PHRASE_WEIGHT, ASKED_WEIGHT],
            )
        ]
        named = self._named(question)
        lexical_weight = FIGURE_LEXICAL_WEIGHT if ASKS_FIGURE.search(question) else 1.0
        by_author = sorted(
            (i for i in first if named.get(placed[i][0])),
            key=lambda i: -named[placed[i][0]],
        )
        fused = with_scores(
            reciprocal_rank_fusion(
                [dense_ids, lexical_ids, phrase_ids, asked_ids, by_author],
                weights=[1.0, lexical_weight, PHRASE_WEIGHT, ASKED_WEIGHT, AUTHOR_WEIGHT],
            ),
            [(i, s) for i, s in dense if i in placed],
            [(i, s) for i, s in lexical if i in placed] if whole else [],
        )
        order = [i for i, _ in fused]
        if regions is None:  # front matter, an index (and references) after the body text
            first_regions = wanted_regions(question)
            order = [i for i in order if placed[i][1] in first_regions] + [
                i for i in order if placed[i][1] not in first_regions
            ]
        if diverse:
            order = diversify([(i, placed[i][0]) for i in order], PER_DOCUMENT)
        scores = dict(fused)
        dense_rank = {i: r for r, i in enumerate(dense_ids, start=1)}
        lexical_rank = {i: r for r, i in enumerate(lexical_ids, start=1)}
        dense_score = dict(dense)
        chunks = self.version.chunks(order[:k])
        return [
            Hit(
                chunk=chunks[i],
                document=self.documents[chunks[i].doc_id],
                score=scores[i],
                dense_rank=dense_rank.get(i),
                lexical_rank=lexical_rank.get(i),
                dense_score=dense_score.get(i),
            )
            for i in order[:k]
        ]


def open_retriever(settings: Settings, mode: str = "hybrid") -> Retriever:
    """A retriever over the live index with the configured model (loaded on first use)."""
    from ..store.folder import Store
    from ..store.models import open_embedder

    version = Store(settings.index).open(model=settings.model)
    try:
        embedder = open_embedder(settings, QUESTION_THREADS, optimize=False)
        return Retriever(version, embedder, mode, settings.lexical_rows)
    except BaseException:
        version.close()
        raise
