"""The `assistant` command: a thin front end that translates arguments to library calls and
results (or AssistantError) to output and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import AssistantError
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:  # the CLI imports library modules lazily, to start fast
    from assistant.style import Formatted, Sourced

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
DocOpt = Annotated[
    list[str] | None,
    typer.Option(help="Only this document (file name or id prefix); repeatable."),
]
AuthorOpt = Annotated[str | None, typer.Option(help="Only documents by this author.")]
YearOpt = Annotated[str | None, typer.Option(help="Year or range, e.g. 2018 or 2015-2020.")]

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


def _filters(doc: list[str] | None, author: str | None, year: str | None) -> Any:
    from assistant.retrieve import Filters

    year_from = year_to = None
    if year:
        first, _, last = year.partition("-")
        try:
            year_from = int(first) if first else None
            year_to = int(last) if last else (year_from if "-" not in year else None)
        except ValueError as exc:
            err.print(f"[red]error:[/] --year takes 2016 or 2015-2020, got {year!r}")
            raise typer.Exit(EXIT_ERROR) from exc
    return Filters(tuple(doc or ()), author or "", year_from, year_to)


@app.command()
def search(
    question: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="Passages to return.", min=1, max=100)] = 5,
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    diverse: Annotated[
        bool, typer.Option(help="At most two passages per document at the top.")
    ] = False,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Passages only: the best-matching chunks, each with its document and printed page."""
    from assistant.retrieve import describe_hit

    settings = _settings(index)
    filters = _filters(doc, author, year)

    def run() -> list[dict[str, Any]]:
        hits = _retriever(settings).search(question, k, filters, diverse)
        return [describe_hit(rank, hit, question) for rank, hit in enumerate(hits, start=1)]

    rows = _run(run)
    if as_json:
        _emit_json({"question": question, "hits": rows})
        return
    for row in rows:
        where = _page_text(row["page"], row["pdf_page"])
        out.print(
            f"[bold][{row['rank']}] {row['title']}[/] ({row['year'] or 'n.d.'}){where}",
            highlight=False,
        )
        out.print(row["text"].replace("\n", " "), highlight=False)
        out.print()


def _retriever(settings: Settings, mode: str = "hybrid") -> Any:
    from assistant.embed import SentenceTransformerEmbedder
    from assistant.retrieve import Retriever
    from assistant.store import Store

    version = Store(settings.index).open(model=settings.model)
    embedder = SentenceTransformerEmbedder(settings.model, settings.device, settings.batch_size)
    return Retriever(version, embedder, mode)


def _answerer(settings: Settings, mode: str = "hybrid", generate: bool = False) -> Any:
    """Extractive; with `generate` and a language model configured, generated and checked."""
    from assistant.answer import ExtractiveAnswerer
    from assistant.service import make_answerer

    if generate:
        return make_answerer(_retriever(settings, mode), settings)
    return ExtractiveAnswerer(_retriever(settings, mode))


def _token_printer() -> Callable[[str], None]:
    """Shows a generated answer as it is written (dim: it is not checked yet)."""

    def show(piece: str) -> None:
        out.print(piece, end="", style="dim", highlight=False, markup=False)

    return show


def _print_checks(answer: Any) -> None:
    from rich.markup import escape

    if answer.notice:
        err.print(f"[yellow]note:[/] {escape(answer.notice)}", highlight=False)
    if answer.mode == "generated":
        checks = [c for c in answer.checks if c.status != "not_a_claim"]
        good = sum(c.status in ("supported", "repaired") for c in checks)
        out.print(
            f"[dim]generated by {answer.model}; {good} of {len(checks)} sentences supported "
            f"by the passages they cite ({answer.supported_share:.0%}); unsupported ones left "
            "out[/]",
            highlight=False,
        )


KOpt = Annotated[int, typer.Option("-k", help="Passages to consider and show.", min=1, max=50)]
StyleOpt = Annotated[
    str | None,
    typer.Option(
        "--style",
        help="Also give formatted references: apa, chicago, harvard, an official CSL style id "
        "or a .csl file.",
    ),
]


def _formatted(sources: Sequence[Sourced], style: str | None) -> Formatted | None:
    """The sources' references in the style; None when no style was asked for."""
    from assistant.style import format_sources

    return None if style is None or not sources else format_sources(sources, style)


def _print_formatted(formatted: Any, numbers: list[int] | None = None) -> None:
    if formatted is None:
        return
    out.print()
    out.print(f"References ({formatted.style})", style="bold", highlight=False, markup=False)
    for number, citation in zip(numbers or [], formatted.citations, strict=False):
        out.print(f"  [{number}] {citation}", highlight=False, markup=False)
    for entry in formatted.bibliography:
        out.print(f"  {entry}", highlight=False, markup=False)


def _highlight(passage: str, quotes: Any) -> str:
    """The passage as console markup, the cited sentences highlighted."""
    from rich.markup import escape

    text = escape(passage.replace("\n", " "))
    for quote in quotes:
        q = escape(quote.replace("\n", " "))
        text = text.replace(q, f"[bold yellow]{q}[/]")
    return text


def _print_sources(answer: Any) -> None:
    for citation in answer.citations:
        out.print(f"[bold][{citation.number}][/] {citation.reference}", highlight=False)
        out.print("    " + _highlight(citation.passage, citation.quotes), highlight=False)
        out.print()


def _print_answer(answer: Any, passages: bool = True) -> None:
    if answer.query != answer.question:
        out.print(f"[dim](searched as: {answer.query})[/]", highlight=False)
    out.print(answer.text, highlight=False)
    if passages:
        out.print()
        out.print("[bold]Nearest passages[/]" if answer.refused else "[bold]Sources[/]")
        _print_sources(answer)
    else:
        for citation in answer.citations:
            out.print(f"  [{citation.number}] {citation.reference}", highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    k: KOpt = 5,
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    style: StyleOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One question: an answer whose every sentence cites document and printed page."""
    settings = _settings(index)
    filters = _filters(doc, author, year)
    stream = None if as_json or not settings.generating else _token_printer()
    answer = _run(
        lambda: _answerer(settings, generate=True).answer(
            question, k=k, filters=filters, on_token=stream
        )
    )
    if stream is not None:
        out.print("\n")
    cited = [] if answer.refused else answer.citations
    formatted = _run(lambda: _formatted(list(cited), style))
    if as_json:
        data = answer.to_dict()
        if formatted is not None:
            data["formatted"] = formatted.to_dict()
        _emit_json(data)
    else:
        _print_answer(answer)
        _print_checks(answer)
        _print_formatted(formatted, [c.number for c in cited])


CHAT_HELP = (
    "Commands: /sources (passages of the last answer), /clear (forget the context), "
    "/history, /export bibtex|ris|csl-json (references of this session), "
    "/export apa|chicago|harvard (formatted), /quit."
)


@app.command()
def chat(k: KOpt = 5, index: IndexOpt = None) -> None:
    """Conversation: follow-up questions are read against what was asked before."""
    from assistant.chat import Conversation

    settings = _settings(index)
    conversation = Conversation(_run(lambda: _answerer(settings, generate=True)), k=k)
    stream = _token_printer() if settings.generating else None
    out.print(f"Ask about the literature in {settings.index}. {CHAT_HELP}", highlight=False)
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if line in ("/quit", "/exit", "/q"):
            return
        if not line:
            continue
        if line == "/clear":
            conversation.clear()
            out.print("Context cleared: the next question stands on its own.")
        elif line == "/sources":
            if conversation.last is None:
                out.print("No answer yet.")
            else:
                _print_sources(conversation.last)
        elif line == "/history":
            for number, past in enumerate(conversation.history, start=1):
                out.print(f"{number}. {past.question}", highlight=False)
        elif line.startswith("/export"):
            from assistant.bibliography import FORMATS, export
            from assistant.style import Cite, format_references

            fmt = [*line.split(), "bibtex"][1]
            try:
                items = answer_items(conversation.history)
                if fmt in FORMATS:
                    sys.stdout.write(export(items, fmt))
                else:
                    _print_formatted(format_references([Cite(i) for i in items], fmt))
            except AssistantError as exc:
                err.print(f"[red]error:[/] {exc}", highlight=False)
        elif line.startswith("/"):
            out.print(f"Unknown command {line!r}. {CHAT_HELP}", highlight=False)
        else:
            try:
                answer = conversation.ask(line, stream)
                if stream is not None:
                    out.print("\n")
                _print_answer(answer, passages=False)
                _print_checks(answer)
            except AssistantError as exc:
                err.print(f"[red]error:[/] {exc}", highlight=False)


@app.command(name="eval")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Questions, one JSON object a line.")],
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical (for comparison).")] = (
        "hybrid"
    ),
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Recall@1/5/10 and MRR@10 at page level, refusals, printed-label accuracy, latency."""
    from assistant.evaluate import evaluate, load_items

    settings = _settings(index)

    def run() -> dict[str, Any]:
        items = load_items(file)
        answerer = _answerer(settings, mode)
        answerer.retriever.embed("load the model before timing")
        with _progress(not as_json and err.is_terminal) as progress:
            return evaluate(items, answerer, lambda d, n: progress("eval", d, n, ""))

    result = _run(run)
    if as_json:
        _emit_json({"mode": mode, **result})
        return
    table = Table(title=f"{file} ({mode})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result["metrics"].items():
        shown = "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else value)
        table.add_row(key, str(shown))
    out.print(table)


@app.command()
def cite(
    text: Annotated[str, typer.Argument(help="A quotation or a claim.")],
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    style: StyleOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Where a quote or claim comes from: exact, near (what differs), paraphrase or not found,
    with document and printed page(s)."""
    from assistant.cite import Verifier

    settings = _settings(index)
    filters = _filters(doc, author, year)
    verdict = _run(lambda: Verifier(_retriever(settings)).verify(text, filters))
    found = [] if verdict.document is None else [verdict]
    formatted = _run(lambda: _formatted(found, style))
    if as_json:
        data = verdict.to_dict()
        if formatted is not None:
            data["formatted"] = formatted.to_dict()
        _emit_json(data)
        return
    if verdict.verdict == "not_found":
        out.print("not found: no indexed passage says this.")
        return
    out.print(
        f"[bold]{verdict.verdict}[/] (score {verdict.score:.2f}) — {verdict.reference}",
        highlight=False,
    )
    out.print("    " + verdict.source_text.replace("\n", " "), highlight=False)
    for quoted, source in verdict.differences:
        out.print(
            f"    quoted [red]{quoted or '∅'}[/] — source [green]{source or '∅'}[/]",
            highlight=False,
        )
    _print_formatted(formatted, [1] if formatted else None)


def answer_items(answers: Any) -> list[dict[str, Any]]:
    """CSL-JSON items of the sources cited in answers (chapters of edited volumes as such)."""
    from assistant.bibliography import csl_item, unique

    return unique(
        csl_item(c.document, next((label for label in c.labels if label), None))
        for answer in answers
        if not answer.refused
        for c in answer.citations
    )


@app.command()
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
    from assistant.bibliography import csl_item, export, unique
    from assistant.cite import Verifier
    from assistant.manuscript import check_text, read_manuscript

    settings = _settings(index)

    def run() -> str:
        if ask_question:
            items = answer_items([_answerer(settings).answer(ask_question)])
        elif manuscript:
            findings = check_text(read_manuscript(manuscript), Verifier(_retriever(settings)))
            items = unique(
                csl_item(f.verdict.document, next((x for x in f.verdict.labels if x), None))
                for f in findings
                if f.verdict.document is not None
            )
        else:
            from assistant.store import Store

            items = [csl_item(d) for d in Store(settings.index).open().documents()]
        if style is not None:
            from assistant.style import Cite, format_references

            entries = format_references([Cite(i) for i in items], style).bibliography
            return "".join(f"{entry}\n" for entry in entries)
        return export(items, fmt)

    sys.stdout.write(_run(run))


@app.command(name="import-refs")
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
    from assistant.bibliography import import_references
    from assistant.manifest import MANIFEST_NAME, find_manifest

    target = manifest or find_manifest(docs) or docs.parent / MANIFEST_NAME
    added, unmatched = _run(lambda: import_references(source, target, docs))
    out.print(f"{len(added)} entries added to {target}: {', '.join(added) or '-'}", highlight=False)
    if unmatched:
        err.print(
            f"{len(unmatched)} references match no file in {docs} (give them a `file` "
            f"field or name the file after the key): {', '.join(unmatched)}",
            highlight=False,
        )


EXIT_CHECK_FAILED = 1


@app.command()
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
    from assistant.cite import Verifier
    from assistant.manuscript import check_text, read_manuscript, summary

    settings = _settings(index)

    def run() -> list[Any]:
        text = read_manuscript(manuscript)
        return check_text(text, Verifier(_retriever(settings)))

    findings = _run(run)
    found = [f for f in findings if f.verdict.document is not None]
    formatted = _run(lambda: _formatted([f.verdict for f in found], style))
    cite_as = {
        id(f): c for f, c in zip(found, formatted.citations if formatted else [], strict=False)
    }
    if as_json:
        rows = [f.to_dict() | ({"cite_as": cite_as.get(id(f))} if style else {}) for f in findings]
        data = {"manuscript": str(manuscript), "summary": summary(findings), "findings": rows}
        if formatted is not None:
            data["bibliography"] = list(formatted.bibliography)
        _emit_json(data)
    else:
        table = Table(title=f"{manuscript}: {len(findings)} quotations and citations")
        columns = ["line", "kind", "cited", "status", "detail"] + (["cite as"] if style else [])
        for column in columns:
            table.add_column(column, overflow="fold")
        for f in findings:
            colour = "green" if f.ok else "red"
            row = [
                str(f.line),
                f.kind,
                f.cited.text if f.cited else "-",
                f"[{colour}]{f.status}[/]",
                f.detail,
            ]
            table.add_row(*row, *([cite_as.get(id(f), "-")] if style else []))
        out.print(table)
        _print_formatted(formatted)
        out.print(
            ", ".join(f"{n} {status}" for status, n in summary(findings).items())
            or "nothing to check",
            highlight=False,
        )
    if any(not f.ok for f in findings):
        raise typer.Exit(EXIT_CHECK_FAILED)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    index: IndexOpt = None,
) -> None:
    """The web endpoint: HTTP API under /api/ and a chat page at /."""
    import uvicorn

    from assistant.api import create_app
    from assistant.service import Engine

    settings = _settings(index)
    if not settings.tokens and host not in LOOPBACK:
        err.print(
            f"[red]error:[/] refusing to listen on {host} without access tokens: set "
            "ASSISTANT_API_TOKENS=token1,token2 (participants open /?token=…), or serve on "
            "127.0.0.1.",
            highlight=False,
        )
        raise typer.Exit(EXIT_ERROR)
    engine = Engine(settings)
    _run(engine.warm)
    where = f"http://{host}:{port}/"
    if settings.tokens:
        err.print(
            f"Serving {settings.index} on {where} — access tokens required "
            f"({len(settings.tokens)} configured).",
            highlight=False,
        )
    else:
        err.print(
            f"Serving {settings.index} on {where} — no access tokens configured, so "
            "only this machine (127.0.0.1) can connect.",
            highlight=False,
        )
    if settings.rate_limit:
        err.print(f"Rate limit: {settings.rate_limit} requests per minute per client.")
    uvicorn.run(create_app(settings, engine), host=host, port=port, log_level="warning")


def _page_text(label: str | None, pdf_page: int | None) -> str:
    if pdf_page is None:
        return ""
    if label is None:
        return f", [PDF {pdf_page}]"
    return f", p. {label}" + (f" [PDF {pdf_page}]" if label != str(pdf_page) else "")


def main() -> None:  # pragma: no cover - console entry point
    app()
