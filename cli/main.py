"""The `assistant` command: a thin front end that translates arguments to library calls and
results (or AssistantError) to output and exit codes. One module per command group."""

from __future__ import annotations

from .common import app
from .indexing import docs, index
from .questions import ask, chat, evaluate_command, search
from .serve import serve
from .sources import check, cite, import_refs, refs

app.command()(index)
app.command()(docs)
app.command()(search)
app.command()(ask)
app.command()(chat)
app.command(name="eval")(evaluate_command)
app.command()(cite)
app.command()(check)
app.command()(refs)
app.command(name="import-refs")(import_refs)
app.command()(serve)


def main() -> None:  # pragma: no cover - console entry point
    app()
