"""Whose fact a sentence states: a sibling of the body a question names ('West Midlands
Police' for the Metropolitan Police, 'Red notices' for Purple ones), another body it dates,
and the kind of body whose name must say what it is ('which university')."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..search.lexical import STOPWORDS
from .facts import INSTITUTIONAL, Name, Profile, name_in, names, profile
from .quantities import MONTHS, quantities
from .words import REFERS_BACK, content_stems, stem


def siblings(asked: tuple[Name, ...], sentence: str) -> list[tuple[str, str]]:
    """(asked, stated) for the question's names that the sentence replaces by a sibling: a name
    with the same last word and none of its others ('Foothill Division' for 'Southwest
    Division', 'West Midlands Police' for 'Metropolitan Police'). Its figure or date is the
    sibling's, even when the asked name stands in the next sentence."""
    stated = [n for n in names(sentence) if len(n.parts) > 1]
    here = profile(sentence)
    found = [
        (name.text, other.text)
        for name in asked
        if len(name.parts) > 1 and not name_in(name, here)
        for other in stated
        if other.parts[-1] == name.parts[-1] and not set(other.parts[:-1]) & set(name.parts[:-1])
    ]
    for name in asked:  # 'Red and 12,234 Yellow notices' for 'Purple Notices'
        if len(name.parts) == 2 and name.parts[0] not in here.vocabulary:
            found += [(name.text, f"{m} {name.parts[1]}") for m in _modifiers(sentence, name)]
    return found[:1]


def dated_for_other(asked: tuple[Name, ...], sentence: str) -> list[tuple[str, str]]:
    """(asked, stated) where a sentence dates another body than the one asked about: it names
    none of the question's names of several words and opens with another ('Founded in 1996,
    the Officer Down Memorial Page …' for the Memorial Fund)."""
    bodies = [n for n in asked if len(n.parts) > 1]
    here = profile(sentence)
    if not bodies or any(name_in(n, here) for n in asked) or REFERS_BACK.match(sentence):
        return []
    stated = [n for n in names(sentence) if len(n.parts) > 1]
    return [(bodies[0].text, stated[0].text)] if stated else []


def tied_to_other(asked: tuple[Name, ...], question: str, sentence: str) -> list[tuple[str, str]]:
    """(asked, stated) where the question ties a name to its figure or date by a preposition
    ('an office to the African Union', 'searches in Hackney') and the sentence, naming none of
    it, puts another name right after the same preposition ('to the UN', 'in Westminster');
    not 'according to the Home Office'."""
    here, mentioned = profile(sentence), profile(question)
    for name in asked:
        # not a possessive: in 'in the LAPD's Southwest Division' the division is tied
        tie = re.search(
            rf"\b(to|for|in|at)\s+(?:the\s+)?{re.escape(name.text)}\b(?!['’])", question
        )
        if tie is None or name_in(name, here):
            continue
        pattern = rf"(?<!according )\b(?i:{tie.group(1)})\s+(?:the\s+)?([A-Z][\w.'’-]*)"
        for m in re.finditer(pattern, sentence):
            other = names(sentence[m.start(1) :].split(",")[0])
            if (
                other
                and other[0].text.startswith(m.group(1))
                and m.group(1).lower() not in _NOT_NAMES
                and not name_in(other[0], mentioned)
            ):
                return [(name.text, other[0].text)]
    return []


def same_slot(name: Name, other: Name, claim: str, sentence: str) -> bool:
    """Do the claim's name and another name of the source stand by the same word, written
    small ('the City of London or Sutton boroughs' against '… or Bexley boroughs', 'added in
    Singapore' against 'Buenos Aires added')? Small words between are passed over; a
    preposition, a conjunction or an article is no such word ('by Nuffield' is not 'by
    Reuters'), nor a name ('California's data' is no slot for Texas). Or both put their name
    at the top ('Tower Hamlets recorded more searches than any other borough' against 'the
    most searches took place in Westminster')."""
    if _topped(claim, name.text) and _topped(sentence, other.text):
        return True
    return bool(_beside(claim, name.text) & _beside(sentence, other.text))


_TOP = re.compile(r"\bthan any other\b|\bthe (?:most|highest|largest|greatest|biggest)\b", re.I)
TOP_REACH = 80  # characters between a superlative and the name it puts at the top


def _topped(text: str, name: str) -> bool:
    at = text.find(name)
    return at >= 0 and any(abs(m.start() - at) <= TOP_REACH for m in _TOP.finditer(text))


def _beside(text: str, name: str) -> set[str]:
    """The nearest words before and after the name (within two words) that are no small
    words, if they are written small."""
    at = text.find(name)
    if at < 0:
        return set()
    before = reversed(_TOKEN.findall(text[:at])[-2:])
    after = _TOKEN.findall(text[at + len(name) :])[:2]
    return {w for w in (_content(before), _content(after)) if w}


def _content(side: Iterable[str]) -> str:
    """The first word that is no stop word, month or label, lower-cased, or '' if there is
    none or it is a name."""
    word = next((w for w in side if w.lower() not in STOPWORDS | _NOT_NAMES), "")
    return "" if word[:1].isupper() else word.lower()


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


#: capitalised words after a preposition that name no place or body
_NOT_NAMES = (
    frozenset(
        "table figure fig chart section chapter part annex appendix box page the this these "
        "that those their its his her our q1 q2 q3 q4 wave phase round time".split()
    )
    | MONTHS
)


def _modifiers(sentence: str, name: Name) -> list[str]:
    """The capitalised words that modify the name's head noun, written small, in the sentence
    ('Red', 'Yellow' in '62,448 valid Red and 12,234 Yellow notices'), other than its own."""
    head = re.escape(name.parts[-1].removesuffix("s"))
    found: list[str] = []
    for m in re.finditer(rf"\b{head}s?\b", sentence):
        run = _MODIFIER_RUN.search(sentence[max(0, m.start() - 60) : m.start()])
        said = re.split(r"\s*(?:\band\b|\bor\b|,|[\d.,%]+(?=\s))\s*", run.group(0)) if run else []
        kept = [w.strip() for w in said if w.strip()]
        # not its own words, nor 'The' of 'The convention'
        found += [w for w in kept if w.lower() not in name.parts and w.lower() not in STOPWORDS]
    return found


#: capitalised words before a noun, with the figures and 'and'/'or' between them
_MODIFIER_RUN = re.compile(r"(?:\b[A-Z][\w-]*\s+|[\d.,%]+\s+|(?:and|or)\s+|,\s*)+$")


#: kinds of organisation whose names say what they are ('University of Leiden')
_NAMED_KIND = re.compile(
    # one word may say whose ('which US police department', 'which state court'); the kind
    # written small ('Which European Court of Human Rights judgments' asks for judgments)
    r"\b(?:what|which)\s+(?:(?!(?:is|was|are|were|did|does|do)\b)[\w.'’-]+\s+)??(?:police\s+)?"
    r"(?-i:(universit(?:y|ies)|colleges?|courts?|ministr(?:y|ies)|councils?|commissions?|"
    r"committees?|institutes?|foundations?|banks?|part(?:y|ies)|parliaments?|tribunals?|"
    r"inspectorates?|directorates?|"
    r"departments?|(?<=['’]s )office))"
    r"(?=\s+(?:was|is|were|are|did|does|do|has|had|have|must|should|can|could|may|might|will|"
    r"would|of|in|at|for|that|which|who)\b|"
    # or by its act ('which police department first introduced …', '… set up …')
    r"\s+(?:first\s+)?(?:[a-z]{3,}ed|set|began|ran|led|made|won|took|gave|held|became|"
    r"investigates|regulates|oversees|supervises|inspects|monitors|runs|manages|hears)\b|"
    r"\s*[?,]|['’]s\b)",
    re.I,
)


def named_kind(question: str) -> str | None:
    """The kind of organisation a question asks for whose name says it ('which university',
    'which universities', "which sheriff's office"): only such a name answers it."""
    found = _NAMED_KIND.search(question)
    if found is None:
        return None
    kind = found.group(1).lower()
    return kind[:-3] + "y" if kind.endswith("ies") else kind.removesuffix("s")


def cited_instead(
    asked: tuple[float, ...], sentence: str, about: str, question: str = ""
) -> list[tuple[str, str, str]]:
    """A figure a sentence gives with other works cited than the one a question asks about
    ('Westley (1953)' for 'Weisburd et al. (2000)'): those works' figure, unless the document
    is the work asked about (`about`: its bibliographic data)."""
    stated, dated = quantities(sentence), quantities(about)
    cited = [q for q in stated if q.kind == "cited"]
    if not asked or not cited:
        return []
    if not any(q.value in asked for q in stated + dated):
        return [("work", f"({asked[0]:.0f})", f"({cited[0].text})")]
    # the same year, but only other authors' work cited ('Pew Research Center, 2017' for
    # 'Nix and Pickett's (2017)'), in a document of another year
    works, theirs = cited_works(question), cited_works(sentence)
    if (
        works
        and theirs
        and not {a for a, _ in works} & {a for a, _ in theirs}
        and not any(q.value in asked for q in dated)
    ):
        return [("work", _work(works[0]), _work(theirs[0]))]
    return []


#: a work cited by its first author and year ('Nix and Pickett's (2017)', 'Jackson et al.,
#: 2013', '(Pew Research Center, 2017)')
_CITED_WORK = re.compile(
    r"\b([A-Z][\w'’-]+?)(?:\s+(?:and|&)\s+(?:[A-Z][\w'’-]+?|colleagues|co-authors))?"
    r"(?:\s+et\s+al\.?)?(?:['’]s)?,?\s*"
    r"\(?((?:19|20)\d\d)[a-z]?\b(?=\s*[:;,)])"
)


def cited_works(text: str) -> list[tuple[str, str]]:
    """(the last word of the first author's name, lower-cased; the year) of each work cited
    ('Matusiak's (2019)': matusiak)."""
    return [(m.group(1).lower(), m.group(2)) for m in _CITED_WORK.finditer(text)]


def _work(work: tuple[str, str]) -> str:
    return f"{work[0].capitalize()} ({work[1]})"


def renamed(name: Name, sentence: str, claim: Profile, own: Profile) -> tuple[str, str] | None:
    """(as the claim says it, as the source does) where a name of the source shares words with
    the claim's name but puts others in place of those that tell it apart ('the Government of
    Kazakhstan' where the source says 'the Government of the Kyrgyz Republic')."""
    said = own.vocabulary  # a word of the source, or its people's ('New Yorkers': 'New York')
    mine = {
        p for p in name.parts if p not in said and p not in INSTITUTIONAL and p + "ers" not in said
    }
    if not mine or any(other.parts == name.parts for other in names(sentence)):
        return None  # the same name ('Blue H.E.L.P.', whose parts are no words)
    for other in names(sentence):
        if not set(other.parts) & set(name.parts) - mine:
            continue
        theirs = {p for p in other.parts if p not in claim.vocabulary and p not in INSTITUTIONAL}
        if theirs:
            return _words_of(name.text, mine), _words_of(other.text, theirs)
    return None


def _words_of(text: str, parts: set[str]) -> str:
    return " ".join(w for w in _TOKEN.findall(text) if w.lower() in parts)


def abbreviated(name: Name, claim: str, sentence: str) -> bool:
    """Is a US state named after a comma ('Richmond, Virginia') written in the source by its
    postal code ('Richmond, VA'), or a country by another of its names?"""
    code = _STATE_CODES.get(name.text.lower())
    if code is not None and f", {name.text}" in claim and f", {code}" in sentence:
        return True
    # or a country by another of its names, or its people's ('US cities' ~ 'Americans')
    last = name.text.split()[-1] if name.text.split() else ""  # ('Large US' opening a sentence)
    return any(
        (p.fullmatch(name.text) or p.fullmatch(last)) and p.search(sentence) for p in _COUNTRY_NAMES
    )


_COUNTRY_NAMES = (
    re.compile(r"\b(?:US|U\.S\.?|USA|United States|America|Americans?)\b"),
    re.compile(r"\b(?:UK|U\.K\.?|United Kingdom|(?:Great )?Britain|British|Britons?)\b"),
)


#: the postal codes of the US states (places are often written 'City, ST')
_STATES = (
    "AL Alabama AK Alaska AZ Arizona AR Arkansas CA California CO Colorado CT Connecticut "
    "DE Delaware FL Florida GA Georgia HI Hawaii ID Idaho IL Illinois IN Indiana IA Iowa "
    "KS Kansas KY Kentucky LA Louisiana ME Maine MD Maryland MA Massachusetts MI Michigan "
    "MN Minnesota MS Mississippi MO Missouri MT Montana NE Nebraska NV Nevada "
    "NH New_Hampshire NJ New_Jersey NM New_Mexico NY New_York NC North_Carolina "
    "ND North_Dakota OH Ohio OK Oklahoma OR Oregon PA Pennsylvania RI Rhode_Island "
    "SC South_Carolina SD South_Dakota TN Tennessee TX Texas UT Utah VT Vermont VA Virginia "
    "WA Washington WV West_Virginia WI Wisconsin WY Wyoming DC District_of_Columbia"
).split()
_STATE_CODES = {
    state.replace("_", " ").lower(): code
    for code, state in zip(_STATES[::2], _STATES[1::2], strict=True)
}


#: "What does TENR stand for?": the letters a question asks to have spelled out
_STANDS_FOR = re.compile(
    r"\b(?i:what|which words?) (?:does|do|did) (?:the )?(?:acronym |abbreviation |initials |"
    r"letters (?:of )?)?(?:the )?['‘\"“]?([A-Z][A-Z&-]{1,7})['’\"”]?[^?.]{0,90}?\s+"
    r"stand for\s*(?:\?|in\b)"
)


def unexpanded(question: str, text: str) -> list[str]:
    """The acronym a question asks to have spelled out, if the text spells it out nowhere
    (its words' initials do not give it): naming it is no answer."""
    asked = _STANDS_FOR.search(question)
    if asked is None:
        return []
    letters = re.sub(r"[^a-z]", "", asked.group(1).lower())
    return [] if letters in profile(text).initials else [f"what {asked.group(1)} stands for"]


#: a verb right after a name: the name is the actor ('Europol takes', 'the Council decided')
_ACTS = re.compile(
    r"\s+(?:alone\s+|also\s+|then\s+)?(?:is|was|are|were|has|have|had|will|would|can|could|"
    r"did|does|[a-z]{3,}(?:es|ed)|[a-z]{2,}[^s\W]s)\b"
)


def acting(text: str) -> Name | None:
    """The first name the text makes an actor: one a verb follows ('Europol takes …')."""
    for name in names(text):
        at = text.find(name.text)
        if at >= 0 and _ACTS.match(text, at + len(name.text)):
            return name
    return None


def actor_swapped(name: Name, claim: str, sentence: str, around: Profile) -> str | None:
    """The source's actor where another body does what the claim says its actor (`name`)
    does ('Europol takes the decision' against 'the EU Council … makes a decision'), and the
    claim's actor stands nowhere by the sentence (`around`: its neighbours, its document)."""
    mine, theirs = acting(claim), acting(sentence)
    if mine != name or theirs is None or set(name.parts) & set(theirs.parts):
        return None
    if name_in(name, around) or name_in(theirs, profile(claim)):
        return None
    return theirs.text


#: a passive verb and its agent, up to the first word that ends it
_BY = re.compile(
    # the word before ('the plans drawn up by'), the verb ('responded to by') and its agent
    r"\b(?:([a-z]{3,}) )?([a-z]{3,}(?:ed|en|wn|ne)(?: out| up| off| to| for| on| with)?) by "
    r"((?:(?!(?:to|for|in|"
    r"on|at|with|as|that|which|who|from|because|since|when|after|before|during|and|or)\b)"
    r"[\w-]+(?:['’]s)?\s*){1,5})",
    re.I,
)


def agent_changed(claim: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's, the source's) agents of the same passive verb, when they share no word
    ('selected by the research team' against 'selected by the law enforcement agency',
    'carried out by Oranga Tamariki social workers' against '… by trained interviewers'),
    wherever else the claim's agent may stand."""
    found = list(_BY.finditer(sentence))
    theirs = {m.group(2).lower(): m.group(3).strip() for m in found}
    # or of another verb after the same thing ('the plans drawn up by' / 'the plans
    # established by')
    done_to = {m.group(1).lower(): m.group(3).strip() for m in found if _thing(m.group(1))}
    for m in _BY.finditer(claim):
        mine = m.group(3).strip()
        other = theirs.get(m.group(2).lower()) or (
            done_to.get(m.group(1).lower(), "") if _thing(m.group(1)) else ""
        )
        said, stated = content_stems(mine), content_stems(other)
        # a word both name outside the agents is whose they are ('the victim's spouse' against
        # 'children of the victim', the victim named before in both)
        shared = said & stated
        if shared and shared <= _outside(claim, mine) & _outside(sentence, other):
            said, stated = said - shared, stated - shared
        if said and stated and not said & stated:
            return mine, other
    return None


def _outside(text: str, part: str) -> frozenset[str]:
    """The content words of a text outside one part of it."""
    return content_stems(text.replace(part, " ", 1))


def _thing(word: str | None) -> bool:
    """Is the word before a passive verb a thing it is done to ('plans'), not 'was' or 'widely'?"""
    return word is not None and word.lower() not in STOPWORDS and not word.endswith("ly")


#: a thing and whose it is ('the proactive role of law enforcement management', 'a contractor
#: with the federal government'): the noun, then up to four words of its owner
_OF = re.compile(
    r"\b([a-z]{4,}) (?:of|with|for) (?:the |an? |its |their )?((?:(?!(?:to|for|in|on|at|with|"
    r"as|that|which|who|from|by|because|and|or|is|are|was|were|has|have|had|been|can|will|may|"
    r"did|does|do)\b)[\w-]+\s*){1,4})",
    re.I,
)
#: nouns whose 'of' counts or parts a thing, owned by nothing ('the number of', 'most of')
_MEASURING = frozenset(
    "number numbers share proportion percentage majority minority part parts half most some "
    "many none each rest amount level levels rate rates kind kinds type types form forms "
    "lack sort sorts range series group variety total sample".split()
)


_BODIES = re.compile(
    r"\b(?:government|management|council|department|agency|agencies|ministry|court|police|"
    r"office|commission|committee|authority|authorities|city|state|federal|county|board|force)\b",
    re.I,
)


def owner_changed(claim: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's, the source's) owners of the same thing, when they share no word, neither
    stands anywhere in the other text and each is named in two words or more ('the proactive
    role of frontline patrol officers' against '… of law enforcement management')."""
    theirs: dict[str, str] = {}
    for m in _OF.finditer(sentence):
        theirs.setdefault(stem(m.group(1)), m.group(2).strip())
    claimed, stated = content_stems(claim), content_stems(sentence)
    for m in _OF.finditer(claim):
        head = m.group(1).lower()
        other = theirs.get(stem(head), "")
        if head in _MEASURING or not other:
            continue
        mine = m.group(2).strip()
        said, owned = content_stems(mine), content_stems(other)
        # (two words each: one may be the other's synonym, 'people' for 'pedestrians'; and
        # one a body or a name: 'young people' may be 'adolescents', not 'management')
        bodies = _BODIES.search(f"{mine} {other}") or any(w[:1].isupper() for w in (mine, other))
        if (
            len(said) > 1
            and len(owned) > 1
            and not said & stated
            and not owned & claimed
            and bodies
        ):
            return mine, other
    return None
