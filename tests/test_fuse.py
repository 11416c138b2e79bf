from __future__ import annotations

import pytest

from assistant.search.fuse import RRF_K, diversify, reciprocal_rank_fusion, with_scores


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]])
    assert [key for key, _ in fused] == ["b", "c", "a", "d"]
    assert fused[0][1] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))


def test_rrf_weights_and_empty_rankings() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert [key for key, _ in fused] == ["b", "a"]
    assert reciprocal_rank_fusion([[], []]) == []


def test_diversify_caps_each_group_then_appends_the_rest() -> None:
    ranked = [(1, "x"), (2, "x"), (3, "x"), (4, "y"), (5, "x"), (6, "z")]
    assert diversify(ranked, per_group=2) == [1, 2, 4, 6, 3, 5]


def test_scores_break_what_ranks_leave_close() -> None:
    """ "a" and "b" tie on ranks (1st and 2nd in both lists, swapped); "b"'s cosine is far
    above the rest and its BM25 close to the best: "b" wins. A lexical best far ahead of the
    next one goes first even when the dense side ranks it last."""
    dense = [("a", 0.50), ("b", 0.49), ("c", 0.20)]
    lexical = [("b", 10.0), ("a", 9.0), ("c", 8.5)]
    fused = reciprocal_rank_fusion([[k for k, _ in dense], [k for k, _ in lexical]])
    assert fused[0][1] == fused[1][1]
    assert [k for k, _ in with_scores(fused, dense, lexical)[:2]] == ["b", "a"]
    dense = [("a", 0.6), ("b", 0.5), ("c", 0.4), ("d", 0.1)]
    lexical = [("d", 30.0), ("a", 20.0), ("b", 19.0)]
    fused = reciprocal_rank_fusion([[k for k, _ in dense], [k for k, _ in lexical]])
    assert fused[0][0] == "a"
    assert with_scores(fused, dense, lexical)[0][0] == "d"
    assert with_scores(fused, dense, lexical, lead=2.0)[0][0] == "a"
    assert with_scores(fused, dense[:3], lexical)[0][0] == "a"  # the dense side lacks "d"
    assert with_scores([], [], []) == []
