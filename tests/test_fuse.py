from __future__ import annotations

import pytest

from assistant.search.fuse import RRF_K, diversify, reciprocal_rank_fusion


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
