"""Text as quotations are compared: lower case, NFKC (ligatures spelt out), one kind of quote
mark and dash, single spaces, words broken at a line end joined, with each character's offset
in the original kept, so a match maps back to the page it stands on."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_QUOTES = {**dict.fromkeys("‘’‚‛′`´", "'"), **dict.fromkeys("“”„‟″«»", '"')}
_DASHES = dict.fromkeys("‐‑‒–—―−", "-")
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s+(?=[^\W\d_])")


@dataclass(frozen=True)
class Normalised:
    """A normalised text, and for each of its characters the offset in the original."""

    text: str
    origin: np.ndarray  # int32, one offset per character of `text`


@lru_cache(maxsize=8192)
def _folded(ch: str) -> str:
    """One character as normalisation sees it: NFKC, one kind of quote and dash, lower case,
    white space as a space; soft hyphens dropped."""
    if ch in "\u00ad\ufffe":
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        c = _QUOTES.get(c, _DASHES.get(c, c)).lower()
        out.append(" " if c.isspace() else c)
    return "".join(out)


def normalise(text: str) -> Normalised:
    """Lower case, NFKC (ligatures), one kind of quote mark and dash, single spaces, words
    broken at a line end joined — with each character's offset in the original kept.
    Whole arrays at a time: a book's text is normalised in milliseconds."""
    folds = {ord(ch): _folded(ch) for ch in set(text)}
    folded = text.translate(folds)
    codes = _codes(text)
    lengths = np.ones(len(codes), dtype=np.int64)
    for point, fold in folds.items():
        if len(fold) != 1:  # a ligature spelt out, a soft hyphen dropped
            lengths[codes == point] = len(fold)
    origin = np.repeat(np.arange(len(codes), dtype=np.int32), lengths)
    chars = _codes(folded)
    space = chars == ord(" ")
    keep = ~(space & np.concatenate(([True], space[:-1])))  # one space of a run, none first
    chars, origin = chars[keep], origin[keep]
    joined = chars.tobytes().decode("utf-32-le", "surrogatepass")
    keep = np.ones(len(chars), dtype=bool)
    for m in _LINE_HYPHEN.finditer(joined):
        keep[m.start() : m.end()] = False
    chars, origin = chars[keep], origin[keep]
    if len(chars) and chars[-1] == ord(" "):
        chars, origin = chars[:-1], origin[:-1]
    return Normalised(chars.tobytes().decode("utf-32-le", "surrogatepass"), origin)


def _codes(text: str) -> np.ndarray:
    """The text's code points, one uint32 each."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
