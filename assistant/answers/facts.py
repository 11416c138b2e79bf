"""The facts a sentence states besides its quantities, read with general rules of English:
proper names, acronyms and people; and a text's `Profile` for matching them (negation,
quantifiers and directions are in `polarity`). Nothing here knows the corpus."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from ..search.lexical import STOPWORDS
from .quantities import Quantity, quantities
from .words import PARTICLES, SAME_GROUP, kindred_forms, stem, words

CONNECTORS = {"of", "the", "de", "for", "and", "van", "von", "der", "la", "du", "des", "on", "&"}
#: common abbreviations that stand for a place or a union, and the words a question may use for
#: them instead ("24 EU metropolises" answers a question about European metropolises)
_ABBREVIATED = {
    "EU": ("europe", "european"),
    "UK": ("britain", "british", "kingdom"),
    "US": ("america", "american", "states"),
    "USA": ("america", "american"),
    "UN": ("nations",),
    "NZ": ("zealand",),
}
#: capital letters, with those of Latin script beyond ASCII ('Łódź', 'Örebro', 'Šiauliai')
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_NAME = re.compile(
    rf"\b(?:[{_UPPER}][\w'’.-]*[\w]|[{_UPPER}])(?:\s+(?:(?:of|the|de|for|van|von|der|la|du|des|on|"
    rf"and)\s+)*(?:[{_UPPER}][\w'’.-]*[\w]|[{_UPPER}]))*"
)
#: a table's row as text: cells between semicolons, a name alone in one ('…; Łódź; Poland; …')
_CELL_END = re.compile(r"\s*(?:;|\n|$)")
_TITLE_WORDS = frozenset(
    """according in on the a an what which who how when where why is are was were did does do
    under after before during for from at by to as if this that these those it its they
    their we our despite because between among roughly recent more most about all every
    each some no not can could should must may will would has have had originally meanwhile
    also""".split()
)


@dataclass(frozen=True)
class Name:
    """A proper name or an acronym as written ('North Rhine-Westphalia', 'ILP')."""

    text: str
    parts: tuple[str, ...]  # lower-case significant words, possessives dropped

    @property
    def acronym(self) -> str:
        return "".join(p[0] for p in re.split(r"[\s-]+", " ".join(self.parts)) if p)


@lru_cache(maxsize=16384)
def names(text: str) -> tuple[Name, ...]:
    """Capitalised word groups and acronyms; a capital that only opens a sentence is not a
    name unless the word is written in capitals or carries more capitals inside."""
    found: list[Name] = []
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip()
        cell = before.endswith(";") and _CELL_END.match(text, m.end()) is not None
        opens = not cell and (
            not before
            or before[-1] in '.?!:;"“(•‐-–'
            or before.endswith("\n")
            or re.search(r"(^|[.?!]\s*)\d{1,3}[.)]?$", before) is not None  # "5 Unfortunately"
        )
        groups = re.split(r"(?<=['’]s)\s+", m.group(0))  # "Serbia's Ministry": two names
        for number, group in enumerate(groups):
            name = _name(group.split(), opens and number == 0)
            if name is not None:
                found.append(name)
    return tuple(found)


#: words that open a sentence before a name ("Although Kent Police …", "Unlike Sweden, …")
_OPENERS = frozenset(
    {
        *"although though unlike besides following since whereas unless until without within "
        "beyond regarding concerning including like throughout towards toward upon via amid across "
        "against along around behind beside inside outside through whether once per".split()
    }
)


def _opener(token: str) -> bool:
    """A word that opens a sentence and is no part of the name after it."""
    lower = token.lower()
    return lower in _TITLE_WORDS or (not token.isupper() and lower in _OPENERS)


def _gerund_opener(tokens: list[str]) -> bool:
    """'Drawing on Tyler', 'Writing for the OSCE': a verb in -ing opening a sentence before a
    preposition is no part of the name after it ('Beijing' and 'Reading Borough' stay)."""
    first = tokens[0]
    return (
        len(tokens) > 2
        and len(first) > 5
        and first.endswith("ing")
        and first[1:].islower()
        and tokens[1] in ("on", "for")
    )


def _name(tokens: list[str], opens: bool) -> Name | None:
    while tokens and (
        tokens[0].lower() in CONNECTORS
        or (opens and (_opener(tokens[0]) or _gerund_opener(tokens)))
        or tokens[0].lower() in ("according", "the")
    ):
        tokens = tokens[1:]
        opens = False
    while tokens and tokens[-1].lower() in CONNECTORS:
        tokens = tokens[:-1]
    if not tokens:
        return None
    first = tokens[0]
    single_opener = (  # "Police officers …": a capital that opens a sentence ("Serbia's" is a name)
        opens
        and len(tokens) == 1
        and not first.isupper()
        and first[1:] == first[1:].lower()
        and not re.search(r"['’]s$", first)
    )
    # two opposite sides ('East-West talks', 'the North-South divide') are no place
    opposite = {p.lower() for p in re.split(r"[-‐–]", first)} in (
        {"east", "west"},
        {"north", "south"},
    )
    if single_opener or (len(first) == 1 and len(tokens) == 1) or (opposite and len(tokens) == 1):
        return None
    parts = tuple(
        piece.lower()
        for t in tokens
        if t.lower() not in CONNECTORS
        for piece in _capitalised_pieces(re.sub(r"['’]s$", "", t).strip("."))
    )
    if not parts or all(p in STOPWORDS for p in parts):
        return None
    return Name(re.sub(r"['’]s$", "", " ".join(tokens).rstrip(".,")), parts)


def _capitalised_pieces(token: str) -> list[str]:
    """'Rhine-Westphalia' → Rhine, Westphalia; 'Bonferroni-adjusted' → Bonferroni."""
    pieces = [p for p in re.split(r"[-‐–]", token) if p]
    capitalised = [p for p in pieces if p[:1].isupper()]
    return capitalised or pieces


@lru_cache(maxsize=16384)
def initials(text: str, keep: frozenset[str] = frozenset()) -> str:
    """The first letters of a text's words, in order: 'ilp' stands in it when the text says
    'intelligence-led policing', 'nrw' when it says 'North Rhine-Westphalia' (connectors
    left out but those to `keep`). Test an acronym with `in`."""
    tokens = [t for t in re.split(r"[^\w]+", text.lower()) if t and t not in CONNECTORS - keep]
    return "".join(t[0] for t in tokens)


_OF = frozenset({"of"})


#: a run of capitalised words, 'of' between them ('Department of Justice')
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)+")


def all_initials(text: str, names_only: bool = True) -> str:
    """`initials`, and those of its names with 'of' kept, as some acronyms keep it ('DOJ' for
    'Department of Justice'; not for 'the duty of judges'); all its words' for a text of
    names only (`names_only` False: a catalogue of titles and authors, in lower case)."""
    runs = [m.group(0) for m in _CAPITALISED_RUN.finditer(text)] if names_only else [text]
    named = " ".join(initials(run, _OF) for run in runs)
    return f"{initials(text)} {named}"


@dataclass(frozen=True)
class Profile:
    """What a text offers for matching names and facts, computed once per text."""

    vocabulary: frozenset[str]  # its lower-cased words and their stems
    initials: str  # the first letters of its words (see `initials`), texts joined by " "
    capitals: frozenset[str]  # words it writes in capitals ("ILP", "NRW")
    quantities: tuple[Quantity, ...]

    def __or__(self, other: Profile) -> Profile:
        return Profile(
            self.vocabulary | other.vocabulary,
            f"{self.initials} {other.initials}",
            self.capitals | other.capitals,
            self.quantities + other.quantities,
        )


@lru_cache(maxsize=16384)
def profile(text: str, with_quantities: bool = True) -> Profile:
    if with_quantities:  # its words are those of its profile without them (ranking needs no more)
        return replace(profile(text, False), quantities=quantities(text))
    lowered = set(words(text))
    return Profile(
        frozenset(lowered | {stem(w) for w in lowered}),
        all_initials(text),
        frozenset(re.findall(r"\b[A-Z][A-Z&]{1,7}\b", text)),
        (),
    )


@lru_cache(maxsize=1024)
def names_only(section: str) -> Profile:
    """A section's words and initials, for names (its figures are not the passage's facts)."""
    return profile(section, with_quantities=False) if section else merged()


@lru_cache(maxsize=1024)
def surroundings(passage: str, section: str) -> Profile:
    """A passage's facts and the names of the passages around it (shared by its sentences)."""
    return merged(passage) | names_only(section)


def name_in(name: Name, where: Profile) -> bool:
    """Is the name stated: all its words, another name of the same group of people or the
    place's for its people (and back), its acronym or that of its last words, or (for an
    acronym) its expansion; a person's surname alone counts for the person."""
    f, vocabulary = _forms(name), where.vocabulary
    if all(w in vocabulary or s in vocabulary for w, s in f.words):
        return True
    if f.closed in vocabulary:  # 'AfricanAmerican', closed up
        return True
    if f.acronyms:  # "OSCE ILP"
        return all(name_in(a, where) for a in f.acronyms)
    if f.sides and all(name_in(n, where) for n in f.sides):  # "FBI and UNICEF": each as itself
        return True
    if f.spelled in where.initials and all(p in vocabulary for p in f.rest):  # "UN Office on
        return True  # Drugs": "United Nations Office …"
    if any(all(w in vocabulary or s in vocabulary for w, s in other) for other in f.groups):
        return True
    if f.kindred & vocabulary or f.bare in where.initials:  # (bare: `spelled_in`, 'NGOs')
        return True
    if f.in_capitals:
        return f.compact in where.initials
    if any(tail in where.capitals for tail in f.tails):
        return True
    if f.joined in where.capitals:  # TOR: Terms of Reference
        return True
    if any(c in where.capitals for c in f.abbreviated):
        return True
    # a short form: "the Met" for the Metropolitan Police
    if f.short and any(w.startswith(f.short) and len(w) >= len(f.short) + 4 for w in vocabulary):
        return True
    return bool(f.surname) and any(w in vocabulary for w in f.surname)


def words_in(name: Name, *vocabularies: frozenset[str]) -> bool:
    """Do all the name's words (or their stems) stand in these vocabularies together? (What
    `name_in` checks first, without joining them.)"""
    return all(any(w in v or s in v for v in vocabularies) for w, s in _forms(name).words)


class _Forms(NamedTuple):
    """What `name_in` looks for of a name, found once per name ('' and () where nothing is
    looked for: the name has no such form)."""

    words: tuple[tuple[str, str], ...]  # each part and its stem
    closed: str  # its parts closed up, for a name of several
    acronyms: tuple[Name, ...]  # a name of acronyms only, each alone ("OSCE ILP")
    sides: tuple[Name, ...]  # the two names of 'X and Y', each a name
    spelled: str  # its initials, its parts in capitals whole ('UN Office on Drugs': unood)
    rest: tuple[str, ...]  # and the parts that are not in capitals
    groups: tuple[tuple[tuple[str, str], ...], ...]  # other names of the same group of people
    kindred: frozenset[str]  # of a one-word name
    bare: str  # an acronym, plural or not ('BWCs'), in lower case
    in_capitals: bool  # the whole name is in capitals ('N.Z.'): only its initials are looked for
    compact: str  # and those, in lower case, if it is short enough to be an acronym
    tails: tuple[str, ...]  # its acronym and its last words' ('NIM', 'IM')
    joined: str  # the initials of all its words, where they are more than its parts'
    abbreviated: tuple[str, ...]  # abbreviations its last part may stand for ('EU': europe)
    short: str  # a one-word name that may be a short form ('Met')
    surname: tuple[str, ...]  # a person's surname and its stem (a surname alone counts)


@lru_cache(maxsize=4096)
def _forms(name: Name) -> _Forms:
    parts = [p for p in name.parts if p]
    if not parts:
        return _Forms((), "", (), (), "", (), (), frozenset(), "", False, "", (), "", (), "", ())
    acronyms = name.text.split()
    in_acronyms = len(acronyms) > 1 and all(a.isupper() and a.isalpha() for a in acronyms)
    split = _JOINED.split(name.text)
    sides = [_name(side.split(), False) for side in split] if len(split) == 2 else []
    written = re.findall(r"\w+", name.text)
    capital = {p for p in parts if len(p) >= 2 and p.upper() in written}
    several = capital and len(capital) < len(parts)
    bare = name.text.removesuffix("s")
    compact = name.text.replace(".", "").replace(" ", "")
    initials = name.acronym.upper()
    joined = "".join(w[0] for w in name.text.split() if w[:1].isalpha()).upper()
    one = len(parts) == 1
    return _Forms(
        tuple((p, stem(p)) for p in parts),
        "".join(parts) if len(parts) > 1 else "\0",
        tuple(Name(a, (a.lower(),)) for a in acronyms) if in_acronyms else (),
        tuple(n for n in sides if n) if sides and all(sides) else (),
        "".join(p if p in capital else p[0] for p in parts) if several else "\0",
        tuple(p for p in parts if p not in capital) if several else (),
        tuple(
            tuple((w, stem(w)) for w in other.split())
            for other in SAME_GROUP.get(" ".join(parts).removesuffix("s"), ())
        ),
        kindred_forms(parts[0]) if one else frozenset(),
        bare.lower() if bare.isupper() and 2 <= len(bare) <= 6 else "\0",
        compact.isupper() and len(compact) >= 2,
        compact.lower() if len(compact) <= 6 else "\0",
        tuple(initials[i:] for i in range(max(0, len(initials) - 1))),
        joined if len(joined) > len(initials) >= 2 else "\0",
        tuple(c for c, stands_for in _ABBREVIATED.items() if parts[-1].lower() in stands_for),
        parts[0] if one and 3 <= len(parts[0]) <= 5 and not name.text.isupper() else "",
        (parts[-1], stem(parts[-1])) if len(split) != 2 and personal(name) else (),
    )


_JOINED = re.compile(r"\s+(?:and|&)\s+")


def spelled_in(name: Name, where: Profile) -> bool:
    """An acronym, plural or not, of words the text holds ('BWCs' for body-worn cameras)."""
    bare = name.text.removesuffix("s")
    return bare.isupper() and 2 <= len(bare) <= 6 and bare.lower() in where.initials


INSTITUTIONAL = frozenset(
    """police policing department ministry office service agency council court university
    institute centre center group unit model act report state states nations union
    organization organisation committee national international european federal royal
    metropolitan guidebook guide policy programme program project division bureau force forces
    authority authorities association commission board""".split()
    # places named by their kind ('Zhejiang Province', 'Basque Country'): no person's names
    + "province county district region city borough country territory island".split()
)
#: words of the names of states, bodies and instruments, no person's ('Russian Federation',
#: 'Moscow Mechanism')
_BODIES = frozenset(
    "federation republic kingdom mechanism convention treaty protocol mission assembly "
    "conference network foundation fund".split()
)
#: a section's heading run into its first sentence ('Introduction Place-based policing …')
_HEADINGS = frozenset(
    "introduction conclusion conclusions abstract background methods method results "
    "discussion summary limitations acknowledgements acknowledgments".split()
)
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady"}
#: offices, which end a title ('City Manager', 'Secretary General'), not a person's name
_OFFICES = frozenset(
    "manager councilmember councillor councilor mayor chief commissioner director secretary "
    "general officer president minister chair chairman chairperson head judge sheriff constable "
    "inspector sergeant superintendent member spokesperson governor attorney prosecutor".split()
)


def personal(name: Name) -> bool:
    """Does the name look like a person's: two to four capitalised words ('de la' aside), none
    an institution's ('Arnar Jensson', 'William J. Bratton', not 'OSCE Guidebook'), or two such?"""
    sides = _JOINED.split(name.text)
    if len(sides) == 2:  # 'Wendy Regoeczi and Terance Miethe': two persons
        each = [_name(side.split(), False) for side in sides]
        return all(side is not None and personal(side) for side in each)
    tokens = [t for n, t in enumerate(name.text.split()) if not n or t not in PARTICLES]
    if tokens and tokens[0].lower().strip(".") in _HONORIFICS:
        return len(tokens) >= 2
    return (
        2 <= len(tokens) <= 4
        # an initial is one capital ('J', 'J.', 'J.T.'): 'NA' in a table's row is none
        and all(
            t[0].isupper() and (len(t.strip(".")) == 1 or "." in t or not t.isupper())
            for t in tokens
        )
        and not any(p in INSTITUTIONAL or p in _BODIES or p in _HEADINGS for p in name.parts)
        and name.parts[-1] not in _OFFICES
    )


@lru_cache(maxsize=4096)
def merged(*texts: str) -> Profile:
    """The profiles of several texts as one (cached: a passage's is shared by its sentences)."""
    combined = Profile(frozenset(), "", frozenset(), ())
    for text in texts:
        if text:
            combined = combined | profile(text)
    return combined


def found_in(name: Name, where: Profile, weights: Mapping[str, float]) -> bool:
    """A name is found when `name_in` finds it, or when only its most common word is absent
    ('UK National Intelligence Model' in a passage that says 'National Intelligence Model';
    not 'Royal Ulster Constabulary' where only 'Royal … Constabulary' stands)."""
    if name_in(name, where):
        return True
    parts = [p for p in name.parts if p]
    absent = [p for p in parts if p not in where.vocabulary and stem(p) not in where.vocabulary]
    if len(parts) < 3 or len(absent) != 1:
        return False
    weight = {p: weights.get(stem(p), 0.0) for p in parts}
    return weight[absent[0]] < sum(weight.values()) / len(parts)


def not_found_around(
    names: Sequence[Name], near: Profile, beyond: Profile, weights: Mapping[str, float]
) -> list[str]:
    """The names not `found_in` the two profiles, joined once and only if a name's words are
    not simply there (most are: joining a passage's words for each sentence costs more)."""
    joined: Profile | None = None
    missing = []
    for name in names:
        if words_in(name, near.vocabulary, beyond.vocabulary):
            continue
        joined = joined or near | beyond
        if not found_in(name, joined, weights):
            missing.append(name.text)
    return missing
