"""Source commands for authors: `cite`, `check` (a manuscript), `refs` (exports), `import-refs`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from .common import (
    AuthorOpt,
    DocOpt,
    IndexOpt,
    JsonOpt,
    StyleOpt,
    YearOpt,
    answer_items,
    answerer_for,
    emit_json,
    err,
    filters_from,
    formatted_references,
    guarded,
    lit,
    out,
    print_formatted,
    settings_for,
    verifier_for,
)


def cite(
    text: Annotated[str, typer.Argument(help="A quotation or a claim.")],
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    style: StyleOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Where a quote or claim comes from: exact, near (what differs), paraphrase, contradicted
    (the fact the source states differently) or not found, with document and printed page(s)."""

    settings = settings_for(index)
    filters = filters_from(doc, author, year)
    verdict = guarded(lambda: verifier_for(settings).verify(text, filters))
    found = [] if verdict.document is None else [verdict]
    formatted = guarded(lambda: formatted_references(found, style))
    if as_json:
        data = verdict.to_dict()
        if formatted is not None:
            data["formatted"] = formatted.to_dict()
        emit_json(data)
        return
    if verdict.verdict == "not_found":
        out.print("not found: no indexed passage says this.")
        return
    out.print(
        f"[bold]{verdict.verdict}[/] (score {verdict.score:.2f}) — {lit(verdict.reference)}",
        highlight=False,
    )
    out.print("    " + verdict.source_text.replace("\n", " "), highlight=False, markup=False)
    if verdict.reason and verdict.verdict != "paraphrase":
        out.print(f"    {verdict.reason}", style="yellow", highlight=False, markup=False)
    for quoted, source in verdict.differences:
        out.print(
            f"    quoted [red]{lit(quoted or '∅')}[/] — source [green]{lit(source or '∅')}[/]",
            highlight=False,
        )
    print_formatted(formatted, [1] if formatted else None)


def refs(
    fmt: Annotated[str, typer.Option("--format", help="csl-json, bibtex or ris.")] = "bibtex",
    ask_question: Annotated[
        str | None, typer.Option("--ask", help="References of the answer to this question.")
    ] = None,
    manuscript: Annotated[
        Path | None,
        typer.Option("--check", help="References found while checking this manuscript."),
    ] = None,
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            help="Print a formatted reference list instead (apa, chicago, harvard, a CSL id or "
            "a .csl file).",
        ),
    ] = None,
    index: IndexOpt = None,
) -> None:
    """Export references (of an answer, of a manuscript check, or of every indexed document)
    as BibTeX, CSL-JSON or RIS, or print them formatted in a citation style."""
    from assistant.sources.bibliography import csl_item, export, unique
    from assistant.sources.manuscript import check_text, read_manuscript

    settings = settings_for(index)

    def run() -> str:
        if ask_question:
            items = answer_items([answerer_for(settings).answer(ask_question)])
        elif manuscript:
            findings = check_text(read_manuscript(manuscript), verifier_for(settings))
            items = unique(
                csl_item(f.verdict.document, next((x for x in f.verdict.labels if x), None))
                for f in findings
                if f.verdict.document is not None
            )
        else:
            from assistant.store.folder import Store

            items = [csl_item(d) for d in Store(settings.index).open().documents()]
        if style is not None:
            from assistant.sources.style import Cite, format_references

            entries = format_references([Cite(i) for i in items], style).bibliography
            return "".join(f"{entry}\n" for entry in entries)
        return export(items, fmt)

    sys.stdout.write(guarded(run))


def import_refs(
    source: Annotated[Path, typer.Argument(help="A BibTeX (.bib) or CSL-JSON (.json) export.")],
    docs: Annotated[Path, typer.Option(help="Folder of the documents the references describe.")],
    manifest: Annotated[
        Path | None,
        typer.Option(help="Manifest to extend (default: sources.toml beside or above --docs)."),
    ] = None,
) -> None:
    """Add manifest entries for references (e.g. a Zotero export) that match document files;
    existing entries are left as they are."""
    from assistant.ingest.manifest import MANIFEST_NAME, find_manifest
    from assistant.sources.bibliography import import_references

    target = manifest or find_manifest(docs) or docs.parent / MANIFEST_NAME
    added, unmatched = guarded(lambda: import_references(source, target, docs))
    out.print(
        f"{len(added)} entries added to {lit(target)}: {lit(', '.join(added) or '-')}",
        highlight=False,
    )
    if unmatched:
        err.print(
            f"{len(unmatched)} references match no file in {lit(docs)} (give them a `file` "
            f"field or name the file after the key): {lit(', '.join(unmatched))}",
            highlight=False,
        )


EXIT_CHECK_FAILED = 1


def check(
    manuscript: Annotated[Path, typer.Argument(help="A .md or .txt manuscript.")],
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            help="Also give, for each finding, the citation of the source found, in this style.",
        ),
    ] = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every quotation and parenthetical citation of a manuscript against the index;
    exit status 1 when anything is not ok (for an author's build)."""
    from assistant.sources.manuscript import check_text, read_manuscript, summary

    settings = settings_for(index)

    def run() -> list[Any]:
        text = read_manuscript(manuscript)
        return check_text(text, verifier_for(settings))

    findings = guarded(run)
    found = [f for f in findings if f.verdict.document is not None]
    formatted = guarded(lambda: formatted_references([f.verdict for f in found], style))
    cite_as = {
        id(f): c for f, c in zip(found, formatted.citations if formatted else [], strict=False)
    }
    if as_json:
        rows = [f.to_dict() | ({"cite_as": cite_as.get(id(f))} if style else {}) for f in findings]
        data = {"manuscript": str(manuscript), "summary": summary(findings), "findings": rows}
        if formatted is not None:
            data["bibliography"] = list(formatted.bibliography)
        emit_json(data)
    else:
        table = Table(title=f"{lit(manuscript)}: {len(findings)} quotations and citations")
        columns = ["line", "kind", "cited", "status", "detail"] + (["cite as"] if style else [])
        for column in columns:
            table.add_column(column, overflow="fold")
        for f in findings:
            colour = "green" if f.ok else "red"
            row = [
                str(f.line),
                f.kind,
                lit(f.cited.text) if f.cited else "-",
                f"[{colour}]{f.status}[/]",
                lit(f.detail),
            ]
            table.add_row(*row, *([lit(cite_as.get(id(f), "-"))] if style else []))
        out.print(table)
        print_formatted(formatted)
        out.print(
            ", ".join(f"{n} {status}" for status, n in summary(findings).items())
            or "nothing to check",
            highlight=False,
        )
    if any(not f.ok for f in findings):
        raise typer.Exit(EXIT_CHECK_FAILED)
