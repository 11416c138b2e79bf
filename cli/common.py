"""What every command shares: the Typer app, the common options, settings and error
translation (AssistantError → message and exit code), and the output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.errors import AssistantError
from assistant.ingest.files import shown
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:  # the CLI imports library modules lazily, to start fast
    from assistant.sources.style import Formatted, Sourced

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


SectionOpt = Annotated[
    str | None,
    typer.Option(help="Only passages in sections whose title holds this text (and sub-sections)."),
]


RegionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        help="Only passages of this region: body, front, references, index, footnote; "
        "repeatable. Without it, front matter, indexes and references rank after body text.",
    ),
]


KOpt = Annotated[int, typer.Option("-k", help="Passages to consider and show.", min=1, max=50)]


StyleOpt = Annotated[
    str | None,
    typer.Option(
        "--style",
        help="Also give formatted references: apa, chicago, harvard, an official CSL style id "
        "or a .csl file.",
    ),
]


T = TypeVar("T")


def lit(value: object) -> str:
    """Text shown as it is: Rich markup escaped ("report [final].txt", "[/draft]"), bytes that
    are not UTF-8 written as \\xNN."""
    from rich.markup import escape

    return escape(shown(str(value)))


def settings_for(index: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(index=index, **overrides)
    except Exception as exc:  # pydantic ValidationError: a bad ASSISTANT_* value
        err.print(f"[red]error:[/] invalid setting: {lit(exc)}")
        raise typer.Exit(EXIT_ERROR) from exc


def guarded(action: Callable[[], T]) -> T:
    """Call the library; its errors become a message and an exit code."""
    try:
        return action()
    except AssistantError as exc:
        err.print(f"[red]error:[/] {lit(exc)}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int, str], None]]:
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


def filters_from(
    doc: list[str] | None,
    author: str | None,
    year: str | None,
    section: str | None = None,
    region: list[str] | None = None,
) -> Any:
    from assistant.search.retrieve import Filters

    year_from = year_to = None
    if year:
        first, _, last = year.partition("-")
        try:
            year_from = int(first) if first else None
            year_to = int(last) if last else (year_from if "-" not in year else None)
        except ValueError as exc:
            err.print(f"[red]error:[/] --year takes 2016 or 2015-2020, got {lit(repr(year))}")
            raise typer.Exit(EXIT_ERROR) from exc
    return guarded(
        lambda: Filters(
            tuple(doc or ()), author or "", year_from, year_to, section or "", tuple(region or ())
        )
    )


def retriever_for(settings: Settings, mode: str = "hybrid") -> Any:
    from assistant.search.retrieve import open_retriever

    return open_retriever(settings, mode)


def verifier_for(settings: Settings) -> Any:
    """Source checking over the live index, with the configured support judge."""
    from assistant.answers.configure import make_judge
    from assistant.sources.cite import Verifier

    return Verifier(retriever_for(settings), make_judge(settings))


def answerer_for(settings: Settings, mode: str = "hybrid", generate: bool = False) -> Any:
    """Extractive; with `generate` and a language model configured, generated and checked."""
    from assistant.answers.configure import open_answerer

    return open_answerer(settings, mode, generate)


def token_printer() -> Callable[[str], None]:
    """Shows a generated answer as it is written (dim: it is not checked yet)."""

    def show(piece: str) -> None:
        out.print(piece, end="", style="dim", highlight=False, markup=False)

    return show


def print_checks(answer: Any) -> None:
    from rich.markup import escape

    if answer.notice:
        err.print(f"[yellow]note:[/] {escape(answer.notice)}", highlight=False)
    if answer.mode == "generated":
        checks = [c for c in answer.checks if c.status != "not_a_claim"]
        good = sum(c.status in ("supported", "repaired") for c in checks)
        out.print(
            f"[dim]generated by {lit(answer.model)}; {good} of {len(checks)} sentences supported "
            f"by the passages they cite ({answer.supported_share:.0%}); unsupported ones left "
            "out[/]",
            highlight=False,
        )


def formatted_references(sources: Sequence[Sourced], style: str | None) -> Formatted | None:
    """The sources' references in the style; None when no style was asked for."""
    from assistant.sources.style import format_sources

    return None if style is None or not sources else format_sources(sources, style)


def print_formatted(formatted: Any, numbers: list[int] | None = None) -> None:
    if formatted is None:
        return
    out.print()
    out.print(f"References ({formatted.style})", style="bold", highlight=False, markup=False)
    for number, citation in zip(numbers or [], formatted.citations, strict=False):
        out.print(f"  [{number}] {citation}", highlight=False, markup=False)
    for entry in formatted.bibliography:
        out.print(f"  {entry}", highlight=False, markup=False)


def marked_passage(passage: str, quotes: Any) -> str:
    """The passage as console markup, the cited sentences highlighted."""
    from rich.markup import escape

    text = escape(passage.replace("\n", " "))
    for quote in quotes:
        q = escape(quote.replace("\n", " "))
        text = text.replace(q, f"[bold yellow]{q}[/]")
    return text


def print_sources(answer: Any) -> None:
    for citation in answer.citations:
        part = f" [dim]{lit(citation.section)}[/]" if citation.section else ""
        out.print(
            f"[bold]\\[{citation.number}][/] {lit(citation.reference)}{part}", highlight=False
        )
        out.print("    " + marked_passage(citation.passage, citation.quotes), highlight=False)
        out.print()


def print_answer(answer: Any, passages: bool = True) -> None:
    if answer.query != answer.question:
        out.print(f"[dim](searched as: {lit(answer.query)})[/]", highlight=False)
    out.print(answer.text, highlight=False, markup=False)
    if passages:
        out.print()
        out.print("[bold]Nearest passages[/]" if answer.refused else "[bold]Sources[/]")
        print_sources(answer)
    else:
        for citation in answer.citations:
            out.print(f"  [{citation.number}] {citation.reference}", highlight=False, markup=False)


def answer_items(answers: Any) -> list[dict[str, Any]]:
    """CSL-JSON items of the sources cited in answers (chapters of edited volumes as such)."""
    from assistant.sources.bibliography import csl_item, unique

    return unique(
        csl_item(c.document, next((label for label in c.labels if label), None))
        for answer in answers
        if not answer.refused
        for c in answer.citations
    )


def page_text(label: str | None, pdf_page: int | None, note: str | None = None) -> str:
    if pdf_page is None:
        return ""
    noted = f" n. {note}" if note else ""
    if label is None:
        return f", [PDF {pdf_page}]{noted}"
    return f", p. {label}{noted}" + (f" [PDF {pdf_page}]" if label != str(pdf_page) else "")
