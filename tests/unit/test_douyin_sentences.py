"""helpers.douyin.sentences: the words the chapter glues follow their numbers."""

import pandas as pd
import pytest

from helpers.common import formatting, judgement
from helpers.douyin import claims, sentences


@pytest.mark.parametrize(
    ("strength", "words"),
    [(0.0, "little"), (0.299, "little"), (0.3, "a moderate share"), (0.599, "a moderate share"), (0.6, "most")],
)
def test_seasonal_strength_words_follow_the_thresholds(strength, words):
    assert sentences.strength_words(strength) == words


def test_counts_take_a_singular_for_one_and_thousands_separators():
    assert formatting.counted(1, "seed") == "1 seed"
    assert formatting.counted(0, "seed") == "0 seeds"
    assert formatting.counted(1200, "minute") == "1,200 minutes"


def test_thin_hours_name_each_hour_below_the_threshold_with_its_minutes():
    minutes = pd.Series({8: 48, 12: 1, 13: 14, 16: 60})
    assert sentences.thin_hours(minutes, 15) == "12 h (1 live minute) and 13 h (14 live minutes)"
    assert sentences.thin_hours(minutes, 1) == "none"


def test_the_heads_words_and_the_scatter_and_gap_words_follow_their_sign():
    assert sentences.heads_words(0.02).startswith("above zero")
    assert sentences.heads_words(-0.01).startswith("below zero")
    assert sentences.heads_words(0.0).startswith("below zero")
    assert sentences.against_scatter(1.64, 4.0) == "below"
    assert sentences.against_scatter(4.0, 4.0) == "not below"
    assert sentences.gap_effect(0.9, 0.2) == "raise" and sentences.gap_effect(0.1, 0.2) == "lower"


def test_the_updates_answer_follows_the_verdict_on_persistence():
    claim = claims.LONGER_BEATS_PERSISTENCE
    above = judgement.Interval(0.05, 0.01, 0.09, 0.95, "1 seed and 175 test minutes", "moving blocks")
    across = judgement.Interval(0.01, -0.03, 0.05, 0.95, "1 seed and 175 test minutes", "moving blocks")
    assert sentences.updates_answer(claim.judge(0.30, 0.25, above)).startswith("With more updates v2 beats")
    assert sentences.updates_answer(claim.judge(0.26, 0.25, across)).startswith("Trained longer, v2 does not")
