"""The box-office claims and their judging on hand-made predictions whose answers are known: planted
errors with a known RMSLE, a planted bias, and intervals set against their closed-form standard errors."""

import math

import numpy as np
import pytest
from arch.bootstrap import IIDBootstrap
from scipy import stats
from sklearn.metrics import mean_absolute_error, mean_squared_error

from helpers.box_office import claims, judging
from helpers.common import judgement


def planted(n: int = 400, seeds: int = 5, seed: int = 0):
    """Test films, half of them high-budget, and three networks' predictions (seeds, films) with known
    errors: the network trained on all films errs by ±1 on high-budget films and by ±3 on low-budget
    ones; the one trained on high-budget films over-predicts every film by exactly 1.5; the one trained
    on low-budget films errs by ±2 everywhere (the signs drawn at random for each seed and film)."""
    rng = np.random.default_rng(seed)
    y = rng.normal(17, 2, n)
    high = np.arange(n) % 2 == 0
    sign = rng.choice([-1.0, 1.0], (seeds, n))
    predictions = {
        "all": y + sign * np.where(high, 1.0, 3.0),
        "high": np.tile(y + 1.5, (seeds, 1)),
        "low": y + 2.0 * sign,
    }
    groups = {"all": np.ones(n, bool), "high": high, "low": ~high}
    return y, predictions, groups


def test_pair_names_go_both_ways():
    assert claims.pair_of(claims.pair_name("all", "high")) == ("all", "high")
    assert claims.compared_pairs(claims.HIGH_EASIER) == (("all", "high"), ("all", "all"))
    with pytest.raises(ValueError, match="not a pair name"):
        claims.pair_of("all-high")


def test_every_figure_claim_knows_its_pair_and_measure():
    assert len(claims.FIGURES) == 14 and len(claims.FIGURE_KEYS) == 14
    assert claims.FIGURE_KEYS["boxoffice.mlp.high.low.mae.figure"] == ("high", "low", "mae")
    assert {claim.study for claim in claims.FIGURES} == {v for pair in claims.REPORTED.values() for v in pair}


def test_a_score_interval_is_the_mean_of_the_seeds_scores():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, 300)
    predictions = y + rng.normal(0, 0.5, (3, 300))
    found = judging.score_interval(judgement.MAE, y, predictions, np.random.default_rng(2), 200)
    by_sklearn = [mean_absolute_error(y, row) for row in predictions]  # a second implementation
    assert found.values == pytest.approx(by_sklearn)
    assert found.estimate == pytest.approx(np.mean(by_sklearn))
    assert found.low < found.estimate < found.high and found.units == "3 seeds and 300 test films"


def test_a_subset_difference_has_the_delta_method_spread_of_the_group_shares():
    # every high-budget film errs by ±1 and every low-budget one by ±3, the same for every seed: the
    # high-budget RMSLE is 1 in every resample, the whole set's sqrt(9 − 8w) with w the high share,
    # whose bootstrap spread is sqrt(w(1 − w)/n); the delta method gives the difference's spread
    y, predictions, groups = planted(n=400, seeds=3)
    rows = np.repeat(predictions["all"][:1], 3, axis=0)  # one pattern of errors, copied to every seed
    found = judging.subset_difference(
        judging.RMSLE, y, rows, groups["high"], groups["all"], np.random.default_rng(3), 4000
    )
    w = 0.5
    assert found.estimate == pytest.approx(1 - math.sqrt(9 - 8 * w))
    sd = 4 / math.sqrt(9 - 8 * w) * math.sqrt(w * (1 - w) / y.size)
    assert (found.high - found.low) / 2 == pytest.approx(1.96 * sd, rel=0.1)


def test_a_mean_signed_error_without_seed_noise_has_the_textbook_standard_error():
    rng = np.random.default_rng(4)
    y = rng.normal(17, 2, 2000)
    error = rng.normal(0.2, 1.0, 2000)
    rows = np.repeat((y + error)[None, :], 4, axis=0)
    found = judging.signed_error_interval(y, rows, np.random.default_rng(5), 2000)
    se = error.std(ddof=0) / math.sqrt(error.size)
    assert found.estimate == pytest.approx(error.mean())
    assert (found.low, found.high) == pytest.approx((error.mean() - 1.96 * se, error.mean() + 1.96 * se), abs=0.1 * se)


def test_the_planted_networks_get_the_verdicts_their_errors_imply():
    y, predictions, groups = planted()
    rng = np.random.default_rng(6)
    intervals = judging.pair_intervals(y, predictions, groups, rng, 400)
    judged = {j.id: j for j in judging.judge_study(y, predictions, groups, intervals, rng, 400)}
    assert list(judged) == [c.id for c in (*claims.CLAIMS, claims.ALL_BEATS_LOW_ON_LOW)]
    rmsle = {pair: math.sqrt(mean_squared_error(y[groups[pair[1]]], predictions[pair[0]][0, groups[pair[1]]]))
             for pair in (("all", "high"), ("all", "all"), ("all", "low"), ("high", "high"), ("high", "low"))}  # fmt: skip
    assert rmsle[("all", "high")] == pytest.approx(1.0) and rmsle[("all", "low")] == pytest.approx(3.0)
    assert judged["boxoffice.high_easier"].verdict == judgement.REPRODUCED  # 1 < sqrt(5)
    assert judged["boxoffice.low_harder"].verdict == judgement.REPRODUCED  # sqrt(5) < 3
    # on high-budget films the network trained on them errs by 1.5, the one trained on all films by 1
    assert judged["boxoffice.all_beats_high_on_high"].verdict == judgement.REPRODUCED
    assert judged["boxoffice.all_beats_high_on_high"].book == "all→high 1.000 < high→high 1.500"
    # on low-budget films: 3 for all→low against 1.5 for high→low, so the study's claim is contradicted
    assert judged["boxoffice.high_worse_on_low"].verdict == judgement.CONTRADICTED
    assert judged["boxoffice.over_predicts_high_all"].estimate == pytest.approx(1.5)
    assert judged["boxoffice.over_predicts_high_low"].verdict == judgement.REPRODUCED
    # low→low errs by 2 against all→low's 3: training on all films does worse, contradicted
    assert judged["boxoffice.all_beats_low_on_low"].verdict == judgement.CONTRADICTED
    figure = judged["boxoffice.mlp.all.low.rmsle.figure"]
    assert figure.verdict == judgement.NOT_COMPARABLE and figure.estimate == pytest.approx(3.0)


def test_an_interval_prints_as_a_table_cell():
    interval = judgement.Interval(1.4654, 1.4021, 1.5299, 0.95, "5 seeds", "by hand")
    assert judging.interval_text(interval) == "1.465 (1.402 to 1.530)"


def test_predictions_must_cover_the_test_films():
    with pytest.raises(ValueError, match=r"predictions of shape \(2, 3\) for 4 test films"):
        judging.seed_scores(judging.RMSLE, np.zeros(4), np.zeros((2, 3)))


def test_surprises_split_the_squared_error_by_the_side_a_film_misses_on():
    # errors (predicted − actual) of −3 are unexpected hits (actual over e³ ≈ 20 times the prediction), +3 fall
    # short; −2 (e² ≈ 7.4 times) is no surprise at a factor of 10. Squares: hits 18, short 27, the rest 5 of 50
    y = np.full(10, 16.0)
    error = np.array([-3, -3, 3, 3, 3, -2, 0.5, -0.5, 0.5, -0.5])
    rows = np.tile(y + error, (2, 1))
    hits, short = judging.surprises(y, rows, 10.0)
    assert (
        hits[0].tolist() == [True, True] + [False] * 8 and short[0].tolist() == [False] * 2 + [True] * 3 + [False] * 5
    )
    hit_share, short_share = judging.surprise_shares(y, rows, 10.0)
    assert hit_share == pytest.approx([0.36, 0.36]) and short_share == pytest.approx([0.54, 0.54])
    found = judging.surprise_interval(y, rows, 10.0, np.random.default_rng(0), 400)
    assert found.estimate == pytest.approx(0.36 - 0.54) and found.values == pytest.approx([-0.18, -0.18])
    assert found.low <= -0.18 <= found.high


def test_many_unexpected_hits_put_the_interval_above_zero():
    # every fifth film earns 30 times its prediction (error −ln 30), the others are off by ±0.3
    rng = np.random.default_rng(1)
    y = rng.normal(15, 2, 500)
    error = np.where(np.arange(500) % 5 == 0, -math.log(30), rng.choice([-0.3, 0.3], 500))
    rows = y + error + rng.normal(0, 0.01, (3, 500))
    found = judging.surprise_interval(y, rows, 10.0, np.random.default_rng(2), 400)
    expected = 100 * math.log(30) ** 2 / (100 * math.log(30) ** 2 + 400 * 0.09)
    assert found.estimate == pytest.approx(expected, abs=1e-3) and found.low > 0


def test_sign_agreement_is_set_against_the_chance_of_signs_paired_at_random():
    # study + − + +, here + + + −: two of four agree; p = q = 3/4 positive, so chance is 9/16 + 1/16
    agree, chance, interval = judging.sign_agreement_interval(
        [0.8, -0.2, 0.1, 0.3], [[0.5, 0.1, 0.2, -0.4]], np.random.default_rng(3), 400
    )
    assert agree == 0.5 and chance == pytest.approx(10 / 16)
    assert interval.estimate == pytest.approx(0.5 - 10 / 16) and interval.units == "1 seed and 4 like conditions"
    with pytest.raises(ValueError, match="a weight of 0 has no sign"):
        judging.sign_agreement_interval([0.8, 0.0], [[0.5, 0.1]], np.random.default_rng(3), 100)


def test_the_lime_twin_measure_over_two_seeds_by_hand_and_its_interval_by_a_second_implementation():
    # study + − + + −, so p = 3/5 positive. Seed 1: + + + − − (q = 3/5), agreeing on 3 of 5, chance
    # 0.6·0.6 + 0.4·0.4 = 0.52; seed 2: + − − − − (q = 1/5), agreeing on 3 of 5, chance 0.6·0.2 + 0.4·0.8 = 0.44
    study = np.array([0.8, -0.2, 0.1, 0.3, -0.5])
    here = np.array([[0.5, 0.1, 0.2, -0.4, -0.1], [0.3, -0.1, -0.2, -0.4, -0.1]])
    agree, chance, found = judging.sign_agreement_interval(study, here, np.random.default_rng(6), 300)
    assert (agree, chance) == pytest.approx((0.6, 0.48))
    assert found.values == pytest.approx((0.08, 0.16)) and found.estimate == pytest.approx(0.12)
    assert found.units == "2 seeds and 5 like conditions"

    def twin(index: np.ndarray) -> float:  # the mean over the seeds of agreement less chance, by loops
        total = 0.0
        for row in here:
            p = sum(study[i] > 0 for i in index) / len(index)
            q = sum(row[i] > 0 for i in index) / len(index)
            total += sum((row[i] > 0) == (study[i] > 0) for i in index) / len(index) - (p * q + (1 - p) * (1 - q))
        return total / len(here)

    generator = np.random.default_rng(np.random.default_rng(6).integers(2**63))
    means = [twin(index) for (index,), _ in IIDBootstrap(np.arange(5), seed=generator).bootstrap(300)]
    test_var, seed_var = np.var(means, ddof=1), np.var([0.08, 0.16], ddof=1) / 2
    dof = (test_var + seed_var) ** 2 / seed_var**2
    half = stats.t.ppf(0.975, dof) * math.sqrt(test_var + seed_var)
    assert (found.low, found.high) == pytest.approx((0.12 - half, 0.12 + half), rel=1e-9)
    with pytest.raises(ValueError) as raised:
        judging.sign_agreement_interval(study, here[:, :4], np.random.default_rng(6), 10)
    assert str(raised.value) == "4 weights here for 5 conditions of the study"
    assert judging.sign_agreement_interval(study, here[0], np.random.default_rng(6), 10)[:2] == pytest.approx(
        (0.6, 0.52)
    )


def test_two_networks_scored_each_on_its_own_group_of_the_same_films():
    # the first errs by ±1 on every film, the second by ±2 on the films it knows (the first 300 of 400):
    # whatever films a resample draws, the difference is 1 − 2
    rng = np.random.default_rng(4)
    y = rng.normal(16, 2, 400)
    first = y + rng.choice([-1.0, 1.0], (3, 400))
    known = np.arange(400) < 300
    second = np.where(known, y + rng.choice([-2.0, 2.0], (3, 400)), np.nan)
    found = judging.subset_difference(
        judging.RMSLE, y, first, np.ones(400, bool), known, rng, 200, second_predictions=second
    )
    assert found.values == pytest.approx([-1.0] * 3)
    assert (found.low, found.high) == pytest.approx((-1.0, -1.0))
    with pytest.raises(ValueError, match="the same seeds"):
        judging.subset_difference(judging.RMSLE, y, first, known, known, rng, 10, second_predictions=second[:2])
