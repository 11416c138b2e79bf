"""References as data: CSL-JSON items for documents (and chapters of edited volumes), written
out as CSL-JSON, BibTeX or RIS for reference managers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ManifestError, QueryError
from ..ingest.metadata import chapter_of, surname
from ..types import Document, Metadata

FORMATS = ("csl-json", "bibtex", "ris")

_TYPES = [  # (words in doc_type, CSL type), first match wins
    ("chapter", "chapter"),
    ("encyclopedia", "entry-encyclopedia"),
    ("journal", "article-journal"),
    ("article", "article-journal"),
    ("report", "report"),
    ("book", "book"),
    ("news", "webpage"),
    ("web", "webpage"),
    ("thesis", "thesis"),
]
_BIBTEX_TYPES = {
    "article-journal": "article",
    "chapter": "incollection",
    "book": "book",
    "report": "techreport",
    "thesis": "phdthesis",
}
_RIS_TYPES = {
    "article-journal": "JOUR",
    "chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "entry-encyclopedia": "ENCYC",
    "webpage": "ELEC",
    "thesis": "THES",
}


def csl_type(meta: Metadata) -> str:
    kind = meta.doc_type.lower()
    if "edited" in kind and "book" in kind:
        return "book"
    return next((csl for words, csl in _TYPES if words in kind), "document")


def csl_name(name: str) -> dict[str, str]:
    family = surname(name)
    if family == name.strip():  # an organisation, or a single name
        return {"literal": name.strip()}
    given = name.strip()[: -len(family)].strip() if name.strip().endswith(family) else ""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
    return {"family": family, "given": given}


def csl_item(doc: Document, label: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for a document — or, for a page inside a chapter listed in the
    manifest, for that chapter in the edited volume."""
    meta = doc.meta
    item: dict[str, Any] = {"id": _key(meta, doc.file), "type": csl_type(meta), "title": meta.title}
    if meta.authors:
        item["author"] = [csl_name(a) for a in meta.authors]
    if meta.editors:
        item["editor"] = [csl_name(e) for e in meta.editors]
    if meta.year:
        item["issued"] = {"date-parts": [[meta.year]]}
    if meta.publisher:
        item["publisher"] = meta.publisher
    for key, value in (
        ("container-title", meta.container_title),
        ("publisher-place", meta.place),
        ("volume", meta.volume),
        ("issue", meta.issue),
        ("page", meta.page_range),
    ):
        if value:
            item[key] = value
    doi = re.search(r"10\.\d{4,9}/\S+", meta.url)
    if doi:
        item["DOI"] = doi.group(0)
    elif meta.url.startswith(("http://", "https://")):
        item["URL"] = meta.url
    chapter = chapter_of(meta, label)
    if chapter is not None:
        item.update(
            {
                "id": f"{item['id']}-{chapter.first_page}",
                "type": "chapter",
                "title": chapter.title,
                "container-title": meta.title,
                "author": [csl_name(a) for a in chapter.authors],
                "page": f"{chapter.first_page}-{chapter.last_page}",
            }
        )
    return item


def _key(meta: Metadata, file: str) -> str:
    first = surname(meta.authors[0] if meta.authors else (meta.editors or (file,))[0])
    word = re.sub(r"[^a-z]", "", first.lower().split()[0]) if first else "anon"
    title = next((w for w in re.findall(r"[a-z]+", meta.title.lower()) if len(w) > 3), "")
    return f"{word}{meta.year or ''}{title}"


def unique(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(item["id"], item)
    return list(seen.values())


def export(items: Sequence[dict[str, Any]], fmt: str) -> str:
    if fmt == "csl-json":
        return json.dumps(list(items), indent=2, ensure_ascii=False) + "\n"
    if fmt == "bibtex":
        return "\n".join(_bibtex(i) for i in items)
    if fmt == "ris":
        return "".join(_ris(i) for i in items)
    raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")


def _names_text(names: Sequence[dict[str, str]], separator: str) -> str:
    return separator.join(
        n["literal"] if "literal" in n else f"{n['family']}, {n['given']}".rstrip(", ")
        for n in names
    )


def _bibtex(item: dict[str, Any]) -> str:
    kind = _BIBTEX_TYPES.get(item["type"], "misc")
    fields: list[tuple[str, str]] = [("title", item["title"])]
    if "author" in item:
        fields.append(("author", _names_text(item["author"], " and ")))
    if "editor" in item:
        fields.append(("editor", _names_text(item["editor"], " and ")))
    if "issued" in item:
        fields.append(("year", str(item["issued"]["date-parts"][0][0])))
    container = {"article": "journal", "incollection": "booktitle"}.get(kind, "howpublished")
    for key, name in (
        ("container-title", container),
        ("publisher", "publisher"),
        ("publisher-place", "address"),
        ("volume", "volume"),
        ("issue", "number"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("URL", "url"),
    ):
        if key in item:
            value = item[key].replace("-", "--") if key == "page" else item[key]
            fields.append((name, value))
    body = ",\n".join(f"  {k} = {{{_bibtex_escape(v)}}}" for k, v in fields)
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", value)


def _ris(item: dict[str, Any]) -> str:
    lines = [("TY", _RIS_TYPES.get(item["type"], "GEN")), ("TI", item["title"])]
    lines += [("AU", _names_text([n], "")) for n in item.get("author", [])]
    lines += [("ED", _names_text([n], "")) for n in item.get("editor", [])]
    if "issued" in item:
        lines.append(("PY", str(item["issued"]["date-parts"][0][0])))
    for key, tag in (
        ("container-title", "T2"),
        ("publisher", "PB"),
        ("publisher-place", "CY"),
        ("volume", "VL"),
        ("issue", "IS"),
        ("DOI", "DO"),
        ("URL", "UR"),
    ):
        if key in item:
            lines.append((tag, item[key]))
    if "page" in item:
        first, _, last = item["page"].partition("-")
        lines += [("SP", first), ("EP", last or first)]
    lines.append(("ID", item["id"]))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n\n"


# ----------------------------------------------------------------------------------- import

_CSL_DOC_TYPES = {
    "article-journal": "journal article",
    "chapter": "book chapter",
    "book": "book",
    "report": "report",
    "entry-encyclopedia": "encyclopedia article",
    "webpage": "web page",
    "thesis": "thesis",
}
_BIBTEX_TO_CSL = {v: k for k, v in _BIBTEX_TYPES.items()} | {
    "inbook": "chapter",
    "misc": "document",
}


def read_references(path: Path) -> list[dict[str, Any]]:
    """CSL-JSON items from a BibTeX (.bib) or CSL-JSON (.json) file, e.g. a Zotero export.
    A BibTeX `file` field (Zotero: "Full Text:files/12/x.pdf:application/pdf") is kept as
    `file`."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        try:
            items = json.loads(text)
        except ValueError as exc:
            raise ManifestError(f"{path}: not valid CSL-JSON ({exc}).") from exc
        if not isinstance(items, list):
            raise ManifestError(f"{path}: CSL-JSON must be a list of items.")
        return items
    if path.suffix.lower() != ".bib":
        raise ManifestError(f"{path}: import reads .bib (BibTeX) or .json (CSL-JSON) files.")
    import bibtexparser

    items = []
    for entry in bibtexparser.parse_string(text).entries:
        fields = {
            k: f.value.replace("{", "").replace("}", "") for k, f in entry.fields_dict.items()
        }
        item: dict[str, Any] = {
            "id": entry.key,
            "type": _BIBTEX_TO_CSL.get(entry.entry_type.lower(), "document"),
            "title": fields.get("title", ""),
        }
        for role in ("author", "editor"):
            if role in fields:
                item[role] = [csl_name(n) for n in re.split(r"\s+and\s+", fields[role])]
        if fields.get("year", "").isdigit():
            item["issued"] = {"date-parts": [[int(fields["year"])]]}
        for key, csl in (
            ("journal", "container-title"),
            ("booktitle", "container-title"),
            ("publisher", "publisher"),
            ("address", "publisher-place"),
            ("volume", "volume"),
            ("number", "issue"),
            ("doi", "DOI"),
            ("url", "URL"),
            ("pages", "page"),
        ):
            if key in fields:
                item[csl] = fields[key].replace("--", "-")
        if "file" in fields:
            item["file"] = fields["file"]
        items.append(item)
    return items


def manifest_entry(item: dict[str, Any], file: str) -> str:
    """A [[document]] table for sources.toml from a CSL-JSON item."""

    def names(role: str) -> list[str]:
        return [
            n.get("literal") or f"{n.get('given', '')} {n.get('family', '')}".strip()
            for n in item.get(role, [])
        ]

    year = (item.get("issued", {}).get("date-parts") or [[None]])[0][0]
    url = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL", "")
    lines = [
        "[[document]]",
        f"file = {json.dumps(file)}",
        f"title = {json.dumps(item.get('title', ''), ensure_ascii=False)}",
        f"authors = {json.dumps(names('author'), ensure_ascii=False)}",
    ]
    if item.get("editor"):
        lines.append(f"editors = {json.dumps(names('editor'), ensure_ascii=False)}")
    if year:
        lines.append(f"year = {int(year)}")
    for key, field in (
        ("publisher", "publisher"),
        ("publisher-place", "place"),
        ("container-title", "container_title"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "page_range"),
    ):
        if item.get(key):
            value = str(item[key])
            lines.append(f"{field} = {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"doc_type = {json.dumps(_CSL_DOC_TYPES.get(item.get('type', ''), 'document'))}")
    if url:
        lines.append(f"url = {json.dumps(url)}")
    return "\n".join(lines) + "\n"


def match_file(item: dict[str, Any], files: Sequence[str]) -> str | None:
    """The document file an imported reference describes: its `file` field, else a file whose
    name holds the citation key."""
    named = str(item.get("file", ""))
    for file in files:
        if file and file in named:
            return file
    key = str(item.get("id", "")).lower()
    return next((f for f in files if key and key in f.lower()), None)


def import_references(source: Path, manifest: Path, folder: Path) -> tuple[list[str], list[str]]:
    """Append manifest entries for the references in `source` that match a file in `folder`
    and are not in the manifest yet. Returns (files added, references without a file)."""
    from ..ingest.manifest import load_manifest

    known = load_manifest(manifest) if manifest.exists() else {}
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    added: list[str] = []
    unmatched: list[str] = []
    blocks = []
    for item in read_references(source):
        file = match_file(item, files)
        if file is None:
            unmatched.append(str(item.get("id") or item.get("title")))
        elif file not in known and file not in added:
            blocks.append(manifest_entry(item, file))
            added.append(file)
    if blocks:
        existing = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
        text = existing.rstrip("\n") + ("\n\n" if existing.strip() else "") + "\n".join(blocks)
        tmp = manifest.with_name(manifest.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        load_manifest(tmp)  # never write a manifest that does not read back
        tmp.replace(manifest)
    return added, unmatched
