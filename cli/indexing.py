"""Indexing commands: `index` (the incremental run) and `docs` (what is indexed)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assistant.ingest.files import shown

from .common import (
    EXIT_FAILED_DOCUMENTS,
    IndexOpt,
    JsonOpt,
    emit_json,
    err,
    guarded,
    lit,
    out,
    progress_bar,
    settings_for,
)


def index(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to index.", show_default=False)
    ] = None,
    index: IndexOpt = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            help="Bibliographic manifest (default: sources.toml in each folder or its parent)."
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option(help="Start a fresh index (another model, format or chunk size).")
    ] = False,
    ocr: Annotated[
        str | None,
        typer.Option(
            help="OCR of PDF pages with Tesseract: auto (pages without a usable text layer), off, "
            "force (every page) [env: ASSISTANT_OCR; default: auto]",
            show_default=False,
        ),
    ] = None,
    no_prune: Annotated[
        bool,
        typer.Option(
            "--no-prune", help="Keep documents whose files are gone from the folders given."
        ),
    ] = False,
    optimize: Annotated[
        bool,
        typer.Option(
            "--optimize", help="Merge the index's segments into one (after indexing PATHS, if any)."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add new documents, re-embed changed ones, drop deleted ones, skip the unchanged."""
    from assistant.store.indexer import Indexer

    settings = settings_for(index, ocr=ocr)
    if not paths:
        if not optimize:
            err.print("[red]error:[/] give the files or folders to index (or --optimize).")
            raise typer.Exit(2)
        seconds = guarded(lambda: Indexer(settings).optimize())
        if as_json:
            emit_json({"index": shown(settings.index), "optimized": True, "seconds": seconds})
        else:
            out.print(f"merged the segments of {lit(settings.index)} in {seconds:.1f} s")
        return
    with progress_bar(not as_json and err.is_terminal) as progress:
        indexer = Indexer(settings, progress=progress)
        result = guarded(
            lambda: indexer.run(paths, manifest=manifest, rebuild=rebuild, prune=not no_prune)
        )
        if optimize:
            guarded(indexer.optimize)
    if as_json:
        emit_json(
            {
                "index": shown(settings.index),
                "ok": result.ok,
                "added": result.added,
                "updated": result.updated,
                "removed": result.removed,
                "unchanged": result.unchanged,
                "chunks_embedded": result.chunks_embedded,
                "failed": [asdict(f) for f in result.failed],
                "warnings": list(result.warnings),
                "seconds": {k: round(v, 3) for k, v in result.timings.items()},
            }
        )
    else:
        summary = (
            f"{len(result.added)} added, {len(result.updated)} updated, "
            f"{len(result.removed)} removed, {len(result.unchanged)} unchanged, "
            f"{len(result.failed)} failed; {result.chunks_embedded} chunks embedded "
            f"in {result.timings.get('total', 0):.1f} s → {lit(settings.index)}"
        )
        out.print(summary, highlight=False)
        for failure in result.failed:
            reason = lit(failure.reason)
            err.print(f"[red]failed:[/] {lit(failure.path)}: {reason}", highlight=False)
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {lit(warning)}", highlight=False)
    if not result.ok:
        raise typer.Exit(EXIT_FAILED_DOCUMENTS)


def docs(
    index: IndexOpt = None,
    sections: Annotated[
        bool, typer.Option("--sections", help="Also list each document's sections.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List indexed documents: title and where it came from, pages, chunks, page-label source,
    OCR, sections, warnings."""
    from assistant.search.describe import describe_sections, metadata_origins
    from assistant.store.folder import Store

    settings = settings_for(index)
    version = guarded(lambda: Store(settings.index).open())
    documents = version.documents()
    if as_json:
        emit_json(
            [
                {
                    "id": d.id,
                    "file": d.file,
                    "path": d.path,
                    "title": d.meta.title,
                    "authors": d.meta.authors,
                    "editors": d.meta.editors,
                    "year": d.meta.year,
                    "publisher": d.meta.publisher,
                    "metadata_source": d.meta.source,
                    "metadata_origins": metadata_origins(d),
                    "chunks": d.n_chunks,
                    "report": asdict(d.report),
                    "sections": describe_sections(d),
                }
                for d in documents
            ]
        )
        return
    table = Table(
        title=f"{len(documents)} documents in {lit(settings.index)} (model {lit(version.model)})"
    )
    for column in ("file", "title (from)", "year", "pages", "chunks", "labels", "notes"):
        table.add_column(column, overflow="fold")
    for d in documents:
        r = d.report
        notes = list(r.warnings)
        if r.ocr_pages:
            mean = sum(c for _, c in r.ocr_pages) / len(r.ocr_pages)
            notes.insert(0, f"{len(r.ocr_pages)} page(s) read by OCR (confidence {mean:.0f})")
        if d.sections:
            notes.insert(0, f"{len(d.sections)} sections")
        if r.footnotes:
            notes.insert(0, f"{r.footnotes} footnotes")
        origins = ", ".join(f"{k}: {v}" for k, v in metadata_origins(d).items())
        table.add_row(
            lit(d.file),
            lit(f"{d.meta.title} ({origins})"),
            str(d.meta.year or ""),
            str(r.pages or "-"),
            str(d.n_chunks),
            r.label_source,
            lit("; ".join(notes)),
        )
    out.print(table)
    if sections:
        for d in documents:
            if not d.sections:
                continue
            out.print(f"\n[bold]{lit(d.file)}[/]", highlight=False)
            for s in d.sections:
                pages = f"{s.first_page}–{s.last_page}" if s.first_page != s.last_page else ""
                pages = pages or str(s.first_page or f"[PDF {s.first_pdf}]")
                by = f" — {', '.join(s.authors)}" if s.authors else ""
                out.print(
                    f"{'  ' * s.level}{lit(s.title)}{lit(by)}  [dim]pp. {lit(pages)}[/]",
                    highlight=False,
                )
