"""`assistant serve --workers N`: each worker process builds its own app from the environment
(the command puts the index folder and the conversation key there before it starts them). A
follow-up may reach any worker: the context it carries (see context.py) is signed with the key
they share."""

from __future__ import annotations

from fastapi import FastAPI

from ..settings import load_settings
from .app import create_app
from .engine import Engine

FACTORY = "assistant.server.workers:worker_app"


def worker_app() -> FastAPI:
    """The app of one worker process: the model and the index loaded before it serves."""
    settings = load_settings()
    engine = Engine(settings)
    engine.warm()
    return create_app(settings, engine)
