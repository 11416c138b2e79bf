"""The bibliographic manifest (sources.toml): one [[document]] table per file.

Recognised fields: file (required), title, authors, editors, year, publisher, place, doc_type,
container_title, volume, issue, page_range (an article's pages in its journal), url (or
original_url), and for edited volumes [[document.chapters]] tables with
title, authors and pages = "first-last" (printed page labels). Unknown fields are kept out of the
way: the shared corpus manifest carries provenance fields that the assistant does not need.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ManifestError
from ..types import Chapter, Metadata

MANIFEST_NAME = "sources.toml"


def find_manifest(directory: Path) -> Path | None:
    """sources.toml in the folder or its parent (so corpus/sources.toml serves corpus/docs)."""
    for folder in (directory, directory.parent):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
    return None


def load_manifest(path: Path) -> dict[str, Metadata]:
    """Map file name → Metadata. Raises ManifestError naming the entry and field at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot be read ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(
            f"{path}: not valid TOML ({exc}). Fix the syntax and run again."
        ) from exc
    entries = data.get("document", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: 'document' must be an array of tables ([[document]]).")
    result: dict[str, Metadata] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: [[document]] #{number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ManifestError(
                f"{where}: the field 'file' (the document's file name) is required."
            )
        where += f" (file = {entry['file']!r})"
        result[entry["file"]] = _metadata(entry, where)
    return result


def _metadata(entry: dict[str, Any], where: str) -> Metadata:
    year = entry.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        if isinstance(year, str) and year.isdigit():
            year = int(year)
        else:
            raise ManifestError(f"{where}: field 'year' must be a whole number, got {year!r}.")
    if year is not None and not 0 < year < 10_000:
        raise ManifestError(f"{where}: field 'year' must be a year such as 2016, got {year!r}.")
    chapters = tuple(
        _chapter(ch, f"{where}, chapter #{i}")
        for i, ch in enumerate(entry.get("chapters", []), start=1)
    )
    return Metadata(
        title=_text(entry, "title", where) or Path(entry["file"]).stem,
        authors=_names(entry, "authors", where),
        editors=_names(entry, "editors", where),
        year=year,
        publisher=_text(entry, "publisher", where),
        doc_type=_text(entry, "doc_type", where),
        container_title=_text(entry, "container_title", where),
        url=_text(entry, "url", where) or _text(entry, "original_url", where),
        chapters=chapters,
        source="manifest",
        volume=_text(entry, "volume", where, numbers=True),
        issue=_text(entry, "issue", where, numbers=True),
        page_range=_text(entry, "page_range", where),
        place=_text(entry, "place", where),
    )


def _text(entry: dict[str, Any], key: str, where: str, numbers: bool = False) -> str:
    value = entry.get(key, "")
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ManifestError(f"{where}: field {key!r} must be a string, got {value!r}.")
    return value.strip()


def _names(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: field {key!r} must be a list of names, got {value!r}.")
    return tuple(v.strip() for v in value if v.strip())


_RANGE = re.compile(r"^\s*([0-9ivxlcdmIVXLCDM]+)\s*[-–—]+\s*([0-9ivxlcdmIVXLCDM]+)\s*$")


def _chapter(entry: Any, where: str) -> Chapter:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: must be a table with title, authors and pages.")
    pages = entry.get("pages", "")
    match = _RANGE.match(str(pages))
    if not match:
        raise ManifestError(
            f"{where}: field 'pages' must be a printed page range like \"45-67\", got {pages!r}."
        )
    return Chapter(
        title=_text(entry, "title", where),
        authors=_names(entry, "authors", where),
        first_page=match.group(1),
        last_page=match.group(2),
    )


def manifest_entries(
    files: Iterable[Path], roots: Sequence[Path], manifest: Path | None
) -> tuple[dict[Path, Metadata], list[str]]:
    """The manifest entry of each file (--manifest, else sources.toml beside it or above),
    and a warning for each entry that matches no file of the folders indexed."""
    from .files import shown  # files.py reads MANIFEST_NAME from here

    tables: dict[Path, dict[str, Metadata]] = {}
    result: dict[Path, Metadata] = {}
    for path in files:
        found = manifest or find_manifest(path.parent)
        if found is None:
            continue
        if found not in tables:
            tables[found] = load_manifest(found)
        meta = tables[found].get(shown(path.name))
        if meta is not None:
            result[path] = meta
    if manifest is not None and manifest not in tables:
        tables[manifest] = load_manifest(manifest)
    names = {shown(p.name) for p in files}
    warnings = [
        f"{shown(table)}: the entry file = {name!r} matches no file in the folders indexed "
        "(a typo, or a file that is not there?); its metadata is not used."
        for table, entries in tables.items()
        if roots
        for name in entries
        if name not in names
    ]
    return result, warnings
