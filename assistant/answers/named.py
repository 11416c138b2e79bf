"""Which names answer a question after a person, a place or an organisation: a person's name
not used as a place, a place after 'in' or 'at', an organisation's name that is no author's;
and the authors a quotation is credited to, for 'who said it?'; the names a question singles
out, which must stand by its answer; the doer whose act a date question asks about."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise

from ..search.asked import LAW, asking_sentence
from .dated import dated_apart, tells_act
from .expansions import stems_with_acronyms
from .facts import (
    Name,
    Profile,
    found_in,
    merged,
    name_in,
    names,
    names_only,
    personal,
    profile,
    spelled_in,
)
from .quantities import MONTHS, Quantity, labels_number
from .questions import QuestionSpec, second_part
from .subjects import cited_works, named_kind
from .words import PEOPLE, content_stems, table_row, written


def names_answer(answer_type: str, text: str, question: str) -> bool:
    """Does the text name a person, a place or an organisation (`answer_type`) that the
    question does not name itself?"""
    asked = profile(question)
    # a month alone ('In June 2021') is a date, no name
    new = [n for n in names(text) if not name_in(n, asked) and n.parts not in _MONTHS]
    if answer_type == "person":  # a name inside a quoted title is none ('on ‘Intelligence Led
        # policing’')
        titles = " ".join(_QUOTED.findall(text))
        new = [n for n in new if n.text not in titles]
        related = [says for asks, says in _RELATIONS if asks.search(question)]
        if any(not says.search(text) for says in related):
            return False  # 'who succeeded him?': a name with no word of succession
        if related and _BY_ROLE.search(text):  # 'is chaired by the head of the department'
            return True
        run_by = _RUN_BY.search(text)  # ('led by Police', a body the question does not name)
        if related and run_by and not name_in(Name(run_by[1], (run_by[1].lower(),)), asked):
            return True
        said = _WHO_SAID.search(question) is not None  # who said or wrote it: the authors
        # a quotation or a claim is credited to
        return (
            any(
                (personal(n) and not _placed(n, text)) or (said and _credited(n, text)) for n in new
            )
            or (said and _opens_cited(text, question))
            or (
                not _ONE_PERSON.search(question)
                and bool(content_stems(text) & PEOPLE - content_stems(question))
            )
        )
    if answer_type == "place":  # 'which countries take part?': a list of names answers too
        # (not the authors a sentence cites: 'Reisig & Parks, 2000; Schafer, Huebner, …')
        cited = " ".join(CITATION.findall(text))
        placed = [n for n in new if not personal(n) and n.text not in cited]
        listed = _PLACES_ASKED.search(question) and len(placed) >= 2
        return bool(listed) or any(
            (_LOCATIVE.search(text, 0) and _at_place(n, text))
            or _row_place(n, text)
            or re.search(rf"\b{re.escape(n.text)}\s+{_PLACE_KIND}", text) is not None
            for n in new
        )
    kind = named_kind(question)  # 'which university': a name that says one ('… Foundation for
    # a Safer World': its kind may stand before the name's last words)
    return any(
        (not kind or kind in n.parts or _kind_before(kind, n, text)) and not _authored(n, text)
        for n in new
    )


def _kind_before(kind: str, name: Name, text: str) -> bool:
    pattern = rf"\b{re.escape(kind)}(?:s|es)?\s+(?:for|of|on|against)\s+(?:the\s+|an?\s+)?"
    return re.search(pattern + re.escape(name.text), text, re.I) is not None


_MONTHS = {(month,) for month in MONTHS}
_QUOTED = re.compile(r"[‘“\"]([^’”\"]{3,160})[’”\"]")
#: words that hedge a relation asked about ("who is thought to have created it?")
_HEDGE = (
    r"(?:(?:is|was|are|were) (?:widely |generally )?(?:thought|believed|said|alleged|"
    r"suspected|reported|known|understood|presumed|claimed|rumou?red) to have )?"
)
#: a question after one person ("Who was the project manager?"), whom only a name answers;
#: other who-questions may be answered by a group or a role ("Who most often inflicts it?" —
#: "children of the victim"; "Whom did they survey?" — "alumni of a police institute")
_ONE_PERSON = re.compile(
    r"\b(who|whom) (is|was|were|are) (the|a|an|his|her|its|their|that|this)\b|"
    r"\b(who|whom) (is|was) (?:[\w-]+['’]s|he|she)\b|"
    rf"\bwho {_HEDGE}(?:chairs|chaired|heads|headed|directs|directed|founded|succeeded|replaced|"
    r"set up|established|created|produced|designed|developed|commissioned|published)\b|"
    r"\bwho took over\b|\bwho (?:is|was) (?:appointed|elected|named) (?:as )?the\b|"
    r"\bname of the (?:[\w-]+ ){0,3}?(officer|person|man|woman|individual|suspect|victim)\b|"
    # '… of the American paramedic … who was killed' (no 'the inquiry into the death of …')
    r"\bname of (?:the |an? )(?:(?!(?:of|into|that|which)\b)[\w'’-]+ ){1,10}?who\b|"
    r"\bwho (?:is|was) (?:usually |often |generally |widely )?credited\b|"
    r"\b(?:his|her) (?:full )?name\b|"
    # one holder of a post ('which judge heard it?'), not a kind of people ('which officers')
    r"\b(?:which|what) (?:[a-z]+ )?(?:judge|agent|detective|inspector|ambassador|prosecutor|"
    r"commander|superintendent|minister|president|mayor|sheriff|commissioner|chairman|founder|"
    r"secretary|author|leader)"
    r"\b(?! (?:characteristics?|traits?|types?|kinds?|groups?|ranks?|roles?|duties)\b)",
    re.I,
)
#: a question after the person in a relation to a post (who succeeded, who chaired, who
#: founded), and the words a sentence that names that person uses for the relation
_RELATIONS = tuple(
    # (the relation's word standing alone: not the 'Led' of 'Intelligence-Led Policing')
    (re.compile(asks.replace("who ", "who " + _HEDGE), re.I), re.compile(r"(?<!-)" + says, re.I))
    for asks, says in (
        (
            r"\bwho (?:succeeded|replaced|took over|followed)\b",
            r"\b(?:succe\w+|replac\w*|t[ao]ok\w* over|followed|after (?:him|her))\b",
        ),
        (
            r"\bwho (?:chairs|chaired|heads|headed|directs|directed|leads|led|runs?|ran|manages?|"
            r"managed|oversees?|oversaw|coordinates?|coordinated)\b",
            # (not 'headquarters')
            r"\b(?:chair\w*|head(?!quarter)\w*|direct\w*|lead\w*|led|president|chief|runs?|ran|"
            r"manage[ds]?|overse(?:es?|en|eing)|oversaw|coordinate[ds]?)\b",
        ),
        (
            r"\bwho (?:founded|established|set up|created|started|launched)\b",
            r"\b(?:found(?:ed|er|ers|ing)\b|establish\w*|set up|creat\w*|start\w*|launch\w*)\b",
        ),
        (  # 'who was its first executive director?': one said to be the first
            r"\bwho (?:was|is|were|became) (?:the |its |their )?first\b",
            r"\b(?:first|founding|inaugural|original)\b(?! (?:day|days|time|year|week|month|"
            r"session|meeting|stage|step|part|half|round|phase)\b)",
        ),
        (
            r"\bwho (?:funded|financed|sponsored|paid for)\b",
            r"\b(?:fund\w*|financ\w*|sponsor\w*|grants?|paid for|supported by)\b",
        ),
    )
)
#: a post named as the one who holds it ('chaired by the head of …')
_BY_ROLE = re.compile(
    r"\bby (?:the|its|a|an) (?:[\w-]+ ){0,2}(?:head|director|chief|minister|president|"
    r"commissioner|secretary|chair(?:man|woman|person)?|commander|governor|mayor|deputy)\b",
    re.I,
)
#: a body named as the one that runs a thing ('teams led by Police')
_RUN_BY = re.compile(
    r"\b(?:led|run|managed|overseen|coordinated|headed|chaired) by (?:the )?((?-i:[A-Z])[\w-]*)",
    re.I,
)
#: a question after whoever said or wrote something, whom a work's authors answer
_WHO_SAID = re.compile(
    r"\bwho(?:m)? (?:first )?(?:said|says|made|predicted|argued|argues|wrote|writes|claimed|"
    r"stated|coined|warned|observed|noted|proposed|defined|described|called|suggested)\b|"
    r"\bwhose (?:words|quotation|quote|definition|prediction|argument|claim)\b|"
    r"\bwhich (?:scholars?|authors?|researchers?|writers?|academics?|criminologists?|"
    r"sociologists?|theorists?)\b",
    re.I,
)
#: a sentence that opens with the authors it credits ('Becker (1963) argued …'), whom the
#: names of a text leave out as its first word
_OPENS_CITED = re.compile(
    r"\W*([A-Z][\w'’-]+)(?: (?:and|&) [A-Z][\w'’-]+| et al\.?)? \((?:1[89]|20)\d\d[a-z]?[),:;]"
)


def _opens_cited(text: str, question: str) -> bool:
    """Does the text open with the authors it credits, not those the question names?"""
    found = _OPENS_CITED.match(text)
    return found is not None and found.group(1).lower() not in question.lower()


_PLACES_ASKED = re.compile(
    r"\b(?:which|what) (?:[\w-]+ )?(?:countries|cities|states|nations|provinces|towns)\b", re.I
)
_LOCATIVE = re.compile(
    r"\b(in|at|from|near|to|across|throughout|outside|inside|based|held)\b", re.I
)


#: 'to' of a place, not of a cause ('due to the UAE's record', 'according to Interpol')
_TO = r"(?<!due )(?<!owing )(?<!according )(?<!thanks )(?<!addition )(?<!regard )to"
#: what follows a place's name in "City, Region": a short name that ends there ("Ferguson,
#: MO." "Camden, New Jersey, in 2013"), not a list of groups ("French Parliamentarians,
#: Members of Parliament and Senators"; "the deputy of the Rhône, Hubert Julien, who …")
_REGION = (
    r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}(?=\s*(?:[,.;:)!?]|$)|\s+(?:and|in|on|at|was|is|were|"
    r"are|has|had|where|which|during|for|from|to|with)\b)(?!,? who\b)"  # no person ('…, who')
)


def _at_place(name: Name, text: str) -> bool:
    """Is the name used as a place: after 'in', 'at', 'from' … or as 'City, Country'? Not an
    author's ('from Sampson and colleagues (1997)')."""
    first = re.escape(name.text.split()[0])
    label = name.text.split()[0]
    if labels_number(label) and re.search(rf"\b{label}\s+(?:\d|[IVX]+\b)", text):
        return False  # a label with its number ('at Level 3', 'in Chapter 12'), no place
    return not re.search(
        rf"\b{re.escape(name.text)}\s*(?:et al|and (?:\w+ )?colleagues|\((?:19|20)\d\d)", text
    ) and bool(
        re.search(
            rf"\b(?i:in|at|from|near|{_TO}|across|throughout|outside|inside)\s+(?:the\s+)?{first}",
            text,
        )
        or re.search(rf"\b{re.escape(name.text)},\s+{_REGION}", text)
    )


def _row_place(name: Name, text: str) -> bool:
    """Is the name a city in a table's row, the next cell its country ('…; Łódź; Poland; …')?"""
    cells = [cell.strip() for cell in re.split(r";|\n", text)]
    return any(
        cell == name.text and re.fullmatch(_CELL_NAME, after) is not None
        for cell, after in pairwise(cells)
    )


#: the kind of place a name is, after it ('Romford Town ward', 'Foothill Division'): the name
#: is that place's
_PLACE_KIND = (
    r"(?i:wards?|boroughs?|districts?|county|counties|city|cities|towns?|villages?|provinces?|"
    r"regions?|divisions?|precincts?|neighbou?rhoods?|parish(?:es)?|municipality)\b"
)
#: a cell that is one name of up to three words
_CELL_NAME = r"[^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_a-z][\w.'’-]*){0,2}"


def _authored(name: Name, text: str) -> bool:
    """Is the name an author's, given with the year of a work ('Tankebe 2014',
    'Bradford et al. (2015)')? Authors are no organisation; a law's year is its own ('the
    Privacy Act 2020')."""
    return _with_year(name, text) is not None and not LAW.fullmatch(name.text.split()[-1])


def _credited(name: Name, text: str) -> bool:
    """Is the name cited as an author outside brackets, its year in brackets ('– Kelling and
    Bratton (2006: 5)', 'Bradford et al. (2015) surveyed'), not merely in a reference?"""
    found = _with_year(name, text)
    return (
        found is not None
        and found.group(1) is not None
        and text.count("(", 0, found.start()) == text.count(")", 0, found.start())
    )


def _with_year(name: Name, text: str) -> re.Match[str] | None:
    """The name followed by a work's year ('Tankebe 2014', 'Moreau et al. (2009'); group 1
    is the bracket, if the year stands in one."""
    return re.search(rf"\b{re.escape(name.text)}(?:\s+et al\.?)?,?\s*(\()?(?:19|20)\d\d", text)


def _placed(name: Name, text: str) -> bool:
    """Is a name that looks like a person's a place here ('in the United Kingdom')?"""
    first = re.escape(name.text.split()[0])
    return bool(re.search(rf"\b(?:in|across|throughout|within)\s+(?:the\s+)?{first}", text))


_ALONE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:alone|by itself|on its own)\b", re.I)


@lru_cache(maxsize=1024)
def singled_out(asked: tuple[Name, ...], question: str) -> tuple[Name, ...]:
    """The names a question singles out by 'alone' ('Charlotte-Mecklenburg officers alone') or
    as the subject of a yes-no question ('Is Portugal …?'): the answer must name them beside
    it, not only somewhere in its passage."""
    asking = asking_sentence(question)
    heads = [m.group(1) for p in (_YES_NO_SUBJECT, _OFFICE) for m in [p.search(asking)] if m]
    heads += [m.group(1) for m in _OWNER.finditer(asking)]
    return tuple(
        n
        for n in asked
        if (n.text in question and _ALONE.match(question.split(n.text)[1]))
        or any(n.text.startswith(head) for head in heads)
    )


_YES_NO_SUBJECT = re.compile(
    r"^(?i:is|are|was|were|does|do|did|has|have|had)\s+(?:the\s+)?([A-Z][\w'’.-]*)"
)
#: a bracket that cites works by their authors and years ('(Reisig & Parks, 2000; …)')
CITATION = re.compile(r"\([^()]*\b(?:19|20)\d\d[a-z]?\)")
#: the authors of a work asked about ('How many officers answered Reynolds and Helfers'
#: survey?'): a figure of another survey does not answer
_OWNER = re.compile(
    r"\b([A-Z][\w.-]*(?:\s+(?:and|&)\s+[A-Z][\w.-]*)?)(?:['’]s|(?<=s)['’])\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:survey|study|studies|sample|paper|article|report|analysis|experiment|data|dataset|"
    r"findings|scale|index|review|trial|evaluation)\b"
)
#: the office of 'who was appointed the first Chief Constable of …?'
_OFFICE = re.compile(
    r"\b(?:appointed|elected|named|chosen)\s+(?:as\s+)?(?:the\s+)?(?:first\s+|new\s+)?"
    r"([A-Z][\w'’-]*)"
)


def cited_here(claim: str, year: Quantity, text: str) -> bool:
    """Does the text cite the work the claim cites by this year, by the same first author
    ('Matusiak (2019), for example, …' for 'Matusiak's (2019) analyses'; not 'Matusiak (2015)
    … in 2019')?"""
    works = {work for work in cited_works(claim) if work[1] == year.text}
    return bool(works & set(cited_works(text)))


_DOER = re.compile(
    r"\b(?i:when|what year|which year)\s+(?:did|does|do|has|have|had)\s+(?:the\s+)?"
    r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+([a-z]+)"
)


def doer_unnamed(
    asked: tuple[Name, ...], question: str, near: Profile, sentence: str, passage: str
) -> list[str]:
    """The name whose act a date question asks about ('In what year did Sydney establish its
    force?') if the sentence and its neighbours do not name it (a year they give for the act
    may be another's: 'In 1797, Colquhoun persuaded the merchants to establish a force'), nor
    does the passage before a sentence that gives the act without its doer ('… was adopted
    in 1991')."""
    found = _DOER.search(question)
    doer = next((n for n in asked if found and n.text == found.group(1)), None)
    if found is None or doer is None or name_in(doer, near):
        return []
    earlier = profile(passage[: max(0, passage.find(sentence))])
    act = re.escape(found.group(2).removesuffix("e"))  # 'adopt': 'was adopted', no agent
    passive = rf"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?{act}\w*\b(?![^.;]*\bby\s)"
    if name_in(doer, earlier) and re.search(passive, sentence, re.I):
        return []
    return [doer.text]


def off_subject(
    spec: QuestionSpec,
    sentence: str,
    about: str,
    headings: str,
    weights: Mapping[str, float],
    near: Profile,
) -> list[str]:
    """Why a figure or date in this sentence (of a document `about`, under its section's
    `headings`; `near`: the sentence, its neighbours and the document) is not about what the
    question asks: the sentence names other things and none of the question's own names."""
    if spec.answer_type in ("date", "place", "person", "organisation"):
        # a date or a name answers only next to what happened: one of the question's own words
        # that are not names ("established", "held", "donor") stands beside it
        topic = spec.topic - stems_with_acronyms("", about)  # (an organisation: its act)
        # (a table's row, found by the figure the question names ('13th'), holds no verb)
        keyed = table_row(sentence, cells=4) and any(
            k[:1].isdigit() for k in spec.key & near.vocabulary
        )
        if topic and spec.answer_type != "organisation" and not (topic & near.vocabulary or keyed):
            rarest = min(topic, key=lambda s: (-weights.get(s, 0.0), s))  # (ties: by spelling)
            return [written(spec.text, {rarest}) or rarest]
        # and the act it dates is told there ("first elected", not "first and second authors")
        if spec.event and not tells_act(spec.event, near.vocabulary):
            return [_act(spec)]
        if spec.answer_type == "date" and spec.event and dated_apart(spec.event, sentence):
            return [_act(spec)]  # ('created two decades earlier')
    if spec.answer_type in ("place", "person", "organisation"):
        return []
    own = [n for n in spec.names if not name_in(n, merged(about))]
    titled = near | names_only(headings)  # 'Montenegro: …' titles its section
    if own and not any(found_in(n, titled, weights) for n in own):
        asked = profile(spec.text)
        # a work it cites ('(Hyland, 2018)') is not what it is about, nor the question's own
        # words in capitals ('BWCs' for body-worn cameras)
        said = CITATION.sub(" ", sentence)
        if any(not name_in(n, asked) and not spelled_in(n, asked) for n in names(said)):
            return [own[0].text]
    return []


def _act(spec: QuestionSpec) -> str:
    """The act a question asks about, as it writes it ('convened', not its kin 'held'; else
    the shortest of its forms, the same one on every run: ties by spelling)."""
    return written(spec.text, spec.event) or min(spec.event, key=lambda s: (len(s), s))


def of_one_part(
    question: str,
    asked: Sequence[str],
    missing: list[str],
    unsaid: Callable[[], Sequence[str]] = list,
) -> list[str]:
    """The names and years (`asked`, as the question writes them) a sentence lacks, less those
    of a question's other part when it holds every one of one part ('Which foundation was
    created in 2013 …, and how is the UAE said to have used it?': the foundation's sentence
    need not name the UAE, nor the UAE's give 2013). `unsaid`: the names that hold no part (the
    sentence and its neighbours do not state them, or they name its document's authors),
    found only when the question has two parts."""
    second = second_part(question)
    if not second or not missing:
        return missing
    cut = len(question) - len(second)
    later = {a for a in asked if question.find(a) >= cut}
    held_by_none = unsaid()
    earlier = set(asked) - later
    for part, other in ((earlier, later), (later, earlier)):
        if part and not part & {*missing, *held_by_none}:
            return [m for m in missing if m not in other]
    return missing
