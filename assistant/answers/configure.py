"""Which answerer the settings ask for: extractive, or generated and checked when a language
model is configured; and opening one over the live index."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..search.retrieve import Retriever, open_retriever
from ..settings import Settings
from .extractive import Answerer, ExtractiveAnswerer
from .judge import Judge, RuleJudge
from .llm import ChatModel


def chat_model(settings: Settings) -> ChatModel | None:
    """The configured language model, or None: answers stay extractive."""
    if not settings.generating:
        return None
    from .llm import OpenAIChat

    return OpenAIChat(
        settings.llm_base_url,
        settings.llm_model,
        settings.llm_api_key,
        settings.llm_timeout,
        settings.llm_temperature,
    )


def make_judge(settings: Settings) -> Judge:
    """The support judge: general rules and the embedding model's similarity, with a
    cross-encoder's score as well when ASSISTANT_JUDGE_MODEL names one."""
    if not settings.judge_model:
        return RuleJudge()
    return RuleJudge(cross_encoder_scorer(settings.judge_model, settings.device))


def make_answerer(
    retriever: Retriever,
    settings: Settings,
    model: ChatModel | None = None,
    judge: Judge | None = None,
) -> Answerer:
    """Extractive, or generated-and-checked when a language model is configured."""
    extractive = ExtractiveAnswerer(retriever, judge or make_judge(settings))
    model = model if model is not None else chat_model(settings)
    if model is None:
        return extractive
    from .generate import GeneratingAnswerer

    return GeneratingAnswerer(extractive, model, settings.llm_max_tokens)


def open_answerer(settings: Settings, mode: str = "hybrid", generate: bool = True) -> Answerer:
    """An answerer over the live index: with `generate` and a language model configured,
    generated and checked; else extractive."""
    retriever = open_retriever(settings, mode)
    if generate:
        return make_answerer(retriever, settings)
    return ExtractiveAnswerer(retriever, make_judge(settings))


def cross_encoder_scorer(name: str, device: str = "cpu") -> Callable[[str, str], float]:
    """A CrossEncoder (re-ranker or NLI model) as an extra similarity signal, 0..1: a single
    logit through a sigmoid, or the softmax probability of the 'entailment' label."""
    from sentence_transformers import CrossEncoder

    model: Any = CrossEncoder(name, device=device)
    labels = {
        int(i): str(label).lower()
        for i, label in getattr(getattr(model, "config", None), "id2label", {}).items()
    }
    entail = next((i for i, label in labels.items() if "entail" in label), None)

    def score(query: str, sentence: str) -> float:
        raw = model.predict([(query, sentence)], show_progress_bar=False)[0]
        values = [float(v) for v in (raw if hasattr(raw, "__len__") else [raw])]
        if len(values) == 1:
            return 1 / (1 + math.exp(-values[0]))
        top = max(values)
        exps = [math.exp(v - top) for v in values]
        return exps[entail if entail is not None else -1] / sum(exps)

    return score
