"""Fit the weights of `assistant/answers/ranking.py`: which of the sentences the judge lets
answer a question should lead.

    python benchmarks/fit_ranking.py --index DIR [SETS …]

For each answerable question of the sets (default: benchmarks/heldout/questions*.jsonl and the
shared dev files dev.jsonl and books-dev.jsonl), the extractive answerer's candidate sentences
of its 12 passages are judged; of those the judge lets answer, the one that holds at least 60%
of the gold snippet's content words (in a gold document) is the answering one. A pairwise
logistic regression (Newton's method, a little L2) learns weights over the judge's signals
(`RuleJudge.features`, and whether the sentence's passage is below the top five) that put the
answering sentence above each other one. Prints, cross-validated by set (five folds, each set
held out whole), how often the answering sentence leads and stands in the first three with the
judge's score and with the fitted weights, then the weights fitted on all sets, scaled so that
the similarity weighs 0.3 as in the judge's score."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers.configure import open_answerer  # noqa: E402
from assistant.answers.context import answer_regions  # noqa: E402
from assistant.answers.extractive import (  # noqa: E402
    CANDIDATE_PASSAGES,
    LOWER_MARGIN,
    PASSAGES,
    SPARE,
    ExtractiveAnswerer,
)
from assistant.answers.words import content_stems  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

SIGNALS = (
    "similarity", "in_sentence", "in_context", "novelty", "typed", "quoted", "defines",
    "fragment", "bibliographic",
)  # fmt: skip
GOLD_SHARE = 0.6
FOLDS = 5


def judged_rows(
    answerer: ExtractiveAnswerer, item: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(signals, is it the answering sentence, the judge's sort score) of the sentences the
    judge lets answer the item's question; None when the answering one is not among them."""
    question = item["question"]
    snippet = content_stems(item["snippet"])
    files = {g["file"] for g in item["gold"]}
    vector = answerer.retriever.embed(question)
    found = answerer.retriever.search(question, k=CANDIDATE_PASSAGES + SPARE, vector=vector)
    usable = answer_regions(question, None)
    hits = [h for h in found if h.chunk.region in usable][:CANDIDATE_PASSAGES]
    weights = answerer.weights(question)
    rows, gold, base = [], [], []
    for candidate, judgement in answerer.judge_all(
        question, answerer.score(question, vector, hits), hits
    ):
        if not judgement.holds:
            continue
        hit = hits[candidate.rank]
        signals = answerer.judge.features(question, answerer.evidence(candidate, hit), weights)
        lower = float(candidate.rank >= PASSAGES)
        rows.append([signals[s] for s in SIGNALS] + [lower])
        share = len(snippet & candidate.words) / len(snippet) if snippet else 0.0
        gold.append(share >= GOLD_SHARE and hit.document.file in files)
        base.append(judgement.score - LOWER_MARGIN * lower)
    if not any(gold):
        return None
    return np.array(rows), np.array(gold), np.array(base)


def fit(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 1.0) -> np.ndarray:
    """Weights under which each answering sentence outscores each other one of its question."""
    pairs = np.array([g - o for x, y in groups for g in x[y] for o in x[~y]])
    if not len(pairs):  # no question with an answering sentence and another
        raise SystemExit("no pairs to fit: give more question sets")
    w = np.zeros(pairs.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-(pairs @ w)))
        grad = (-(pairs.T @ (1 - p)) + l2 * w) / len(pairs)
        hessian = ((pairs.T * (p * (1 - p))) @ pairs + l2 * np.eye(len(w))) / len(pairs)
        w -= np.linalg.solve(hessian, grad)
    return w


def in_first(scores: np.ndarray, gold: np.ndarray, k: int) -> bool:
    return bool(gold[np.argsort(-scores, kind="stable")[:k]].any())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("sets", nargs="*", type=Path)
    args = parser.parse_args()
    shared = ROOT.parent / "shared" / "eval"
    sets = args.sets or [
        *sorted((ROOT / "benchmarks" / "heldout").glob("questions*.jsonl")),
        shared / "dev.jsonl",
        shared / "books-dev.jsonl",
    ]
    answerer = open_answerer(load_settings(index=args.index), "hybrid", False)
    assert isinstance(answerer, ExtractiveAnswerer)
    data: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    asked = 0
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if "snippet" in item and "question" in item:
                asked += 1
                found = judged_rows(answerer, item)
                if found is not None:
                    data.append((path.stem, *found))
    print(f"{asked} questions; for {len(data)} the judge lets the answering sentence answer")
    names = sorted({d[0] for d in data})
    counts = {"judge": [0, 0], "fitted": [0, 0]}
    for fold in range(FOLDS):
        held = set(names[fold::FOLDS])
        w = fit([(x, y) for name, x, y, _ in data if name not in held])
        for name, x, y, base in data:
            if name in held:
                for n, k in enumerate((1, 3)):
                    counts["judge"][n] += in_first(base, y, k)
                    counts["fitted"][n] += in_first(x @ w, y, k)
    for how, (first, three) in counts.items():
        print(f"{how:7} leads {first}, in the first three {three} (cross-validated by set)")
    w = fit([(x, y) for _, x, y, _ in data])
    scale = 0.3 / w[0]
    print(
        {name: round(float(v * scale), 3) for name, v in zip((*SIGNALS, "lower"), w, strict=True)}
    )


if __name__ == "__main__":
    main()
