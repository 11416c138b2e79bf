"""Question commands: `search` (passages), `ask` (one answer), `chat` (follow-ups), `eval`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assistant.errors import AssistantError

from .common import (
    AuthorOpt,
    DocOpt,
    IndexOpt,
    JsonOpt,
    KOpt,
    RegionOpt,
    SectionOpt,
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
    page_text,
    print_answer,
    print_checks,
    print_formatted,
    print_sources,
    progress_bar,
    retriever_for,
    settings_for,
    token_printer,
)


def search(
    question: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="Passages to return.", min=1, max=100)] = 5,
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    section: SectionOpt = None,
    region: RegionOpt = None,
    diverse: Annotated[
        bool, typer.Option(help="At most two passages per document at the top.")
    ] = False,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Passages only: the best-matching chunks, each with its document, printed page and
    section."""
    from assistant.search.describe import describe_hit

    settings = settings_for(index)
    filters = filters_from(doc, author, year, section, region)

    def run() -> list[dict[str, Any]]:
        hits = retriever_for(settings).search(question, k, filters, diverse)
        return [describe_hit(rank, hit, question) for rank, hit in enumerate(hits, start=1)]

    rows = guarded(run)
    if as_json:
        emit_json({"question": question, "hits": rows})
        return
    for row in rows:
        where = page_text(row["page"], row["pdf_page"], row["note"])
        part = f" {lit(row['section']['label'])}" if row["section"] else ""
        kind = f" [dim]({row['region']})[/]" if row["region"] != "body" else ""
        out.print(
            f"[bold]\\[{row['rank']}] {lit(row['title'])}[/] ({row['year'] or 'n.d.'}){where}"
            f"{part}{kind}",
            highlight=False,
        )
        out.print(row["text"].replace("\n", " "), highlight=False, markup=False)
        out.print()


def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    k: KOpt = 5,
    doc: DocOpt = None,
    author: AuthorOpt = None,
    year: YearOpt = None,
    section: SectionOpt = None,
    region: RegionOpt = None,
    style: StyleOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One question: an answer whose every sentence cites document and printed page."""
    settings = settings_for(index)
    filters = filters_from(doc, author, year, section, region)
    stream = None if as_json or not settings.generating else token_printer()
    answer = guarded(
        lambda: answerer_for(settings, generate=True).answer(
            question, k=k, filters=filters, on_token=stream
        )
    )
    if stream is not None:
        out.print("\n")
    cited = [] if answer.refused else answer.citations
    formatted = guarded(lambda: formatted_references(list(cited), style))
    if as_json:
        data = answer.to_dict()
        if formatted is not None:
            data["formatted"] = formatted.to_dict()
        emit_json(data)
    else:
        print_answer(answer)
        print_checks(answer)
        print_formatted(formatted, [c.number for c in cited])


CHAT_HELP = (
    "Commands: /sources (passages of the last answer), /clear (forget the context), "
    "/history, /export bibtex|ris|csl-json (references of this session), "
    "/export apa|chicago|harvard (formatted), /quit."
)


def chat(k: KOpt = 5, index: IndexOpt = None) -> None:
    """Conversation: follow-up questions are read against what was asked before."""
    from assistant.answers.chat import Conversation

    settings = settings_for(index)
    conversation = Conversation(guarded(lambda: answerer_for(settings, generate=True)), k=k)
    stream = token_printer() if settings.generating else None
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:  # a line that is not UTF-8 gets a message, not a traceback
        reconfigure(errors="surrogateescape")
    out.print(f"Ask about the literature in {lit(settings.index)}. {CHAT_HELP}", highlight=False)
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
                print_sources(conversation.last)
        elif line == "/history":
            for number, past in enumerate(conversation.history, start=1):
                out.print(f"{number}. {past.question}", highlight=False, markup=False)
        elif line.startswith("/export"):
            from assistant.sources.bibliography import FORMATS, export
            from assistant.sources.style import Cite, format_references

            fmt = [*line.split(), "bibtex"][1]
            try:
                items = answer_items(conversation.history)
                if fmt in FORMATS:
                    sys.stdout.write(export(items, fmt))
                else:
                    print_formatted(format_references([Cite(i) for i in items], fmt))
            except AssistantError as exc:
                err.print(f"[red]error:[/] {lit(exc)}", highlight=False)
        elif line.startswith("/"):
            out.print(f"Unknown command {lit(repr(line))}. {CHAT_HELP}", highlight=False)
        else:
            try:
                answer = conversation.ask(line, stream)
                if stream is not None:
                    out.print("\n")
                print_answer(answer, passages=False)
                print_checks(answer)
            except AssistantError as exc:
                err.print(f"[red]error:[/] {lit(exc)}", highlight=False)


def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Questions, one JSON object a line.")],
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical (for comparison).")] = (
        "hybrid"
    ),
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score a question or claim set: Recall@k and MRR@10 at page level, answer accuracy,
    refusals, printed labels, claim verdicts per kind, latency."""
    from assistant.evaluate import evaluate, load_items

    settings = settings_for(index)

    def run() -> dict[str, Any]:
        items = load_items(file)
        answerer = answerer_for(settings, mode)
        answerer.retriever.embed("load the model before timing")
        with progress_bar(not as_json and err.is_terminal) as progress:
            return evaluate(items, answerer, lambda d, n: progress("eval", d, n, ""))

    result = guarded(run)
    if as_json:
        emit_json({"mode": mode, **result})
        return
    table = Table(title=f"{lit(file)} ({lit(mode)})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result["metrics"].items():
        if isinstance(value, dict):  # the claim verdicts per kind
            for kind, counts in value.items():
                row = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items()))
                table.add_row(f"verdicts: {kind}", row)
            continue
        shown = "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else value)
        table.add_row(key, str(shown))
    out.print(table)
