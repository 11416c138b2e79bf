"""`serve`: the web endpoint (HTTP API and the chat page)."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from .common import (
    EXIT_ERROR,
    IndexOpt,
    err,
    guarded,
    lit,
    settings_for,
)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    index: IndexOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (each loads the model and the index: ~200 MB each). A "
            "follow-up may reach any of them: its context travels with it.",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """The web endpoint: HTTP API under /api/ and a chat page at /."""
    import uvicorn

    from assistant.server.app import create_app
    from assistant.server.engine import Engine
    from assistant.server.middleware import UVICORN_OPTIONS

    settings = settings_for(index)
    if not settings.tokens and host not in LOOPBACK:
        err.print(
            f"[red]error:[/] refusing to listen on {lit(host)} without access tokens: set "
            "ASSISTANT_API_TOKENS=token1,token2 (participants open /?token=…), or serve on "
            "127.0.0.1.",
            highlight=False,
        )
        raise typer.Exit(EXIT_ERROR)
    if workers == 1:
        engine = Engine(settings)
        guarded(engine.warm)
    else:  # the workers read these; the export (if any is to be made) is made once, here
        from assistant.store.models import open_embedder

        guarded(lambda: open_embedder(settings))
        os.environ["ASSISTANT_INDEX"] = str(settings.index)
        if not settings.conversation_secret:  # one key for all the workers of this server
            os.environ["ASSISTANT_CONVERSATION_SECRET"] = secrets.token_hex(32)
    where = lit(f"http://{host}:{port}/")
    if settings.tokens:
        err.print(
            f"Serving {lit(settings.index)} on {where} — access tokens required "
            f"({len(settings.tokens)} configured).",
            highlight=False,
        )
    else:
        err.print(
            f"Serving {lit(settings.index)} on {where} — no access tokens configured, so "
            "only this machine (127.0.0.1) can connect, and only by the names localhost, "
            "127.0.0.1 or [::1].",
            highlight=False,
        )
    if settings.rate_limit:
        err.print(f"Rate limit: {settings.rate_limit} units of work per minute per client.")
    if settings.proxies:
        err.print(
            f"X-Forwarded-For believed from {lit(', '.join(sorted(settings.proxies)))} only.",
            highlight=False,
        )
    if workers > 1:
        from assistant.server.workers import FACTORY

        err.print(f"{workers} worker processes.")
        uvicorn.run(
            FACTORY,
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            **UVICORN_OPTIONS,
        )
        return
    uvicorn.run(
        create_app(settings, engine), host=host, port=port, log_level="warning", **UVICORN_OPTIONS
    )
