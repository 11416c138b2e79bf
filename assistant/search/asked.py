"""What a question asks of the index, read from its words: the regions whose passages answer it
(a references list, the contents, an index, the notes) and whether it is after a figure."""

from __future__ import annotations

import re
from functools import lru_cache

from ..ingest.chunk import split_sentences
from ..types import BODY, FOOTNOTE, FRONT, INDEX, REFERENCES

#: a question about cited works, which a references list answers (not one after what a work
#: "cited by" or "cited in" a document found: that stands in the body text)
ABOUT_WORKS = re.compile(
    r"\b(reference|references|edition|published|publisher|journal|cite[sd]?(?! (?:by|in)\b)|"
    r"citation|book|"
    r"bibliography|volume|isbn|doi)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def asking_sentence(question: str) -> str:
    """The sentence that asks, the last: those before it set the scene ('Schmid headed the
    branch from 1999 to 2005. Who took over after him?')."""
    spans = split_sentences(question.strip())
    return question.strip()[spans[-1][0] :] if spans else question


def scene(question: str) -> str:
    """The sentences before the one that asks ("" if there are none)."""
    text = question.strip()
    return text[: len(text) - len(asking_sentence(text))]


def about_works(question: str) -> bool:
    """Does the question ask about cited works? Its asking sentence says: one before it that
    sets the scene ('The chapter cites Deza et al. (2023). By how much did …?') asks after
    what the work found."""
    return bool(ABOUT_WORKS.search(asking_sentence(question)))


#: a question after a figure or a date ("how many …", "what share …", "when did …")
ASKS_FIGURE = re.compile(
    r"\b(how many|how much|what (percentage|share|proportion|number|year))\b|"
    r"^when (did|was|were|is|does)\b",
    re.I,
)
#: text shaped as an entry of a references list ("Swedler, D. I., …", "Weisburd, David and
#: Eck, …"), as a quotation checked against its source may be
_ENTRY_SHAPE = re.compile(
    r"^[A-Z][\w'’-]+, (?:[A-Z]\.(?: ?[A-Z]\.)*(?:,| \((?:19|20)\d\d)|[A-Z][a-z]+ [A-Z]\.,|"
    r"[A-Z][a-z]+(?: [A-Z]\.)*,? (?:and|&) [A-Z][\w'’-]+,)"
)
_ABOUT_CONTENTS = re.compile(r"\b(table of contents|contents page|the contents)\b", re.I)
_ABOUT_INDEX = re.compile(r"\b(the index|index entry|indexed under)\b", re.I)
ABOUT_NOTES = re.compile(r"\b(foot|end)notes?\b|\bin an? note\b", re.I)
#: a question that names the references list itself (not one that only mentions a cited work)
ABOUT_REFERENCE_LIST = re.compile(
    r"\b(reference list|list of references|references list|bibliography|works cited)\b", re.I
)
#: words that describe a contents page, an index or a note rather than what it lists
LAYOUT_WORDS = frozenset(
    "table contents content page pages chapter chapters subchapter sub section sections "
    "numbered number title titled start starts begin begins index entry entries listed list "
    "footnote footnotes endnote endnotes note notes reference references bibliography cited "
    "works".split()
)


def wanted_regions(question: str) -> tuple[str, ...]:
    """The regions whose passages rank first for a question: body text and footnotes, and a
    references list, the contents or an index when the question is about them."""
    regions = [BODY, FOOTNOTE]
    if about_works(question) or _ENTRY_SHAPE.match(question.strip()):
        regions.append(REFERENCES)
    if _ABOUT_CONTENTS.search(question):
        regions.append(FRONT)
    if _ABOUT_INDEX.search(question):
        regions.append(INDEX)
    return tuple(regions)


TITLE_HEAD_WORDS = 7  # a title this short may name its document ('the article on police')


def titles_named(titles: dict[str, tuple[str, str]]) -> re.Pattern[str] | None:
    """One pattern for the documents a question names by their title's head and their kind of
    work ('the Wikipedia article on police', 'the police article', 'the UNODC article': the
    head's initials), one group per document (`d0`, `d1` … in the order given), from each
    document's (title, doc_type); None when no title is short enough."""
    groups = []
    for n, (title, doc_type) in enumerate(titles.values()):
        head = re.split(r"\s*[(:]", title.lower())[0].strip()
        kinds = set(re.findall(r"[a-z]{4,}", f"{doc_type} {title[len(head) :]}".lower()))
        if not head or not kinds or len(head.split()) > TITLE_HEAD_WORDS:
            continue
        initials = "".join(w[0] for w in re.findall(r"[a-z][\w-]*", head) if w not in _SMALL)
        heads = "|".join([re.escape(head)] + ([initials] if len(initials) >= 3 else []))
        kind = "|".join(sorted(kinds))
        groups.append(
            rf"(?P<d{n}>\b(?:{kind}) (?:on|about) (?:the )?(?:{heads})\b"
            rf"|\b(?:{heads})(?:'s)? (?:{kind})\b)"
        )
    return re.compile("|".join(groups)) if groups else None


_SMALL = frozenset("a an and at for in of on the to".split())


#: a numbered provision of a law or a treaty ('section 24A', 'Article 17'): the index holds
#: it as a phrase, or the sources do not cover it
_PROVISION = re.compile(
    r"\b(?:sections?|articles?|subsections?|clauses?)\s+(?!(?:19|20)\d\d\b)\d+[A-Za-z]?\b", re.I
)
#: the law or treaty a provision belongs to ('… of the Police and Criminal Evidence Act')
#: a law's kind, written as its name writes it ('the Privacy Act 2020')
LAW = re.compile(r"\b(?:Act|Code|Convention|Treaty|Charter|Constitution|Regulations|Law)\b")


def provisions(question: str) -> list[str]:
    """The numbered provisions of a law a question names ('section 24A of the Act'; not
    'section 3 of the report')."""
    if not LAW.search(question):
        return []
    return [m.group(0) for m in _PROVISION.finditer(question)]
