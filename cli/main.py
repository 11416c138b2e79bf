"""The `assistant` command: a thin front end that translates arguments to library calls and
results (or AssistantError) to output and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import AssistantError
from assistant.settings import Settings, load_settings

EXIT_FAILED_DOCUMENTS = 1
EXIT_ERROR = 3

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Retrieval assistant over policing literature: cited passages with printed pages.",
)
out = Console()
err = Console(stderr=True)

IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index", help="Index folder [env: ASSISTANT_INDEX; default: index/]", show_default=False
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]

T = TypeVar("T")


def _settings(index: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(index=index, **overrides)
    except Exception as exc:  # pydantic ValidationError: a bad ASSISTANT_* value
        err.print(f"[red]error:[/] invalid setting: {exc}")
        raise typer.Exit(EXIT_ERROR) from exc


def _run(action: Callable[[], T]) -> T:
    """Call the library; its errors become a message and an exit code."""
    try:
        return action()
    except AssistantError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int, str], None]]:
    if not enabled:
        yield lambda stage, done, total, name: None
        return
    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int, name: str) -> None:
            if total == 0:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, name=name)
            bar.update(tasks[stage], completed=done, total=total, name=name)

        yield update


@app.command()
def index(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to index.")],
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
    no_prune: Annotated[
        bool,
        typer.Option(
            "--no-prune", help="Keep documents whose files are gone from the folders given."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add new documents, re-embed changed ones, drop deleted ones, skip the unchanged."""
    from assistant.indexer import Indexer

    settings = _settings(index)
    with _progress(not as_json and err.is_terminal) as progress:
        indexer = Indexer(settings, progress=progress)
        result = _run(
            lambda: indexer.run(paths, manifest=manifest, rebuild=rebuild, prune=not no_prune)
        )
    if as_json:
        _emit_json(
            {
                "index": str(settings.index),
                "ok": result.ok,
                "added": result.added,
                "updated": result.updated,
                "removed": result.removed,
                "unchanged": result.unchanged,
                "chunks_embedded": result.chunks_embedded,
                "failed": [asdict(f) for f in result.failed],
                "seconds": {k: round(v, 3) for k, v in result.timings.items()},
            }
        )
    else:
        summary = (
            f"{len(result.added)} added, {len(result.updated)} updated, "
            f"{len(result.removed)} removed, {len(result.unchanged)} unchanged, "
            f"{len(result.failed)} failed; {result.chunks_embedded} chunks embedded "
            f"in {result.timings.get('total', 0):.1f} s → {settings.index}"
        )
        out.print(summary, highlight=False)
        for failure in result.failed:
            err.print(f"[red]failed:[/] {failure.path}: {failure.reason}", highlight=False)
    if not result.ok:
        raise typer.Exit(EXIT_FAILED_DOCUMENTS)


@app.command()
def docs(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """List indexed documents: pages, chunks, page-label source, warnings."""
    from assistant.store import Store

    settings = _settings(index)
    version = _run(lambda: Store(settings.index).open())
    documents = version.documents()
    if as_json:
        _emit_json(
            [
                {
                    "id": d.id,
                    "file": d.file,
                    "path": d.path,
                    "title": d.meta.title,
                    "authors": d.meta.authors,
                    "year": d.meta.year,
                    "metadata_source": d.meta.source,
                    "chunks": d.n_chunks,
                    "report": asdict(d.report),
                }
                for d in documents
            ]
        )
        return
    table = Table(title=f"{len(documents)} documents in {settings.index} (model {version.model})")
    for column in ("file", "year", "pages", "chunks", "labels", "warnings"):
        table.add_column(column, overflow="fold")
    for d in documents:
        r = d.report
        notes = list(r.warnings)
        table.add_row(
            d.file,
            str(d.meta.year or ""),
            str(r.pages or "-"),
            str(d.n_chunks),
            r.label_source,
            "; ".join(notes),
        )
    out.print(table)


def main() -> None:  # pragma: no cover - console entry point
    app()
