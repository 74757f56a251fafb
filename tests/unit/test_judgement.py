"""The judgement rules: intervals against printed tables and a second implementation, verdicts on
intervals whose verdict is known by hand, and every rule against simulation with a known truth."""

import json
import math

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from helpers.common import judgement as jd

RUNS = 2000  # simulated runs of a rule
MC_SD = math.sqrt(0.05 * 0.95 / RUNS)  # Monte Carlo sd of a 5 % rate over RUNS runs: 0.0049
BAND = 3 * MC_SD  # a simulated rate may exceed its expectation by this much by chance (0.015)


def difference(side: int = -1, **kwargs) -> jd.Difference:
    return jd.Difference(
        "x",
        "x.diff",
        "A beats B",
        "report §1",
        "sec",
        first="A",
        second="B",
        measure="RMSE",
        claimed_side=side,
        **kwargs,
    )


def no_effect(margin: float = 0.01) -> jd.NoEffect:
    return jd.NoEffect(
        "x", "x.same", "A and B do not differ", "report §2", "sec", first="A", second="B", measure="RMSE", margin=margin
    )


def interval(low: float, high: float, level: float = jd.LEVEL, estimate: float | None = None) -> jd.Interval:
    mid = (low + high) / 2 if estimate is None else estimate
    return jd.Interval(mid, low, high, level, "3 seeds", "by hand", (mid, mid, mid))


# --- intervals --------------------------------------------------------------------------------------


def test_the_interval_over_repeats_is_the_textbook_t_interval():
    found = jd.over_repeats([1.0, 2.0, 3.0])
    half = 4.303 / math.sqrt(3)  # t(0.975, 2 df) = 4.303 from a printed table, sd 1
    assert (found.estimate, found.low, found.high) == pytest.approx((2.0, 2.0 - half, 2.0 + half), abs=1e-3)
    assert found.units == "3 seeds" and found.values == (1.0, 2.0, 3.0)


def test_one_repeat_gives_no_interval():
    with pytest.raises(ValueError, match="at least two seeds"):
        jd.over_repeats([0.5])


def test_the_interval_over_folds_carries_nadeau_and_bengios_correction():
    values = [0.01, 0.02, 0.015, 0.012, 0.018]  # sd 0.00404, mean 0.015
    found = jd.over_folds(values, test_share=0.2)  # 5 folds: test/train = 1/4
    sd = float(np.std(values, ddof=1))
    half = 2.776 * sd * math.sqrt(1 / 5 + 1 / 4)  # t(0.975, 4 df) = 2.776 from a printed table
    assert (found.low, found.high) == pytest.approx((0.015 - half, 0.015 + half), abs=1e-5)
    naive = jd.over_repeats(values)
    assert found.high - found.low > naive.high - naive.low  # the correction widens the interval


@pytest.mark.parametrize(
    ("score", "reference"),
    [
        (jd.RMSE, lambda y, p: math.sqrt(mean_squared_error(y, p))),
        (jd.MSE, mean_squared_error),
        (jd.MAE, mean_absolute_error),
        (jd.R2, r2_score),
    ],
)
def test_each_score_agrees_with_scikit_learn(score, reference):
    rng = np.random.default_rng(0)
    y = rng.normal(3, 1, 200)
    p = y + rng.normal(0, 0.7, 200)
    assert score(y, p) == pytest.approx(reference(y, p), rel=1e-12)


def test_a_score_difference_pairs_seeds_and_its_estimate_is_the_difference_of_the_means():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, 500)
    a = y + rng.normal(0, 0.5, (3, 500))
    b = y + rng.normal(0, 0.8, (3, 500))
    found = jd.score_difference(jd.RMSE, y, a, b, "unit", np.random.default_rng(2), resamples=300)
    per_seed = [jd.RMSE(y, a[s]) - jd.RMSE(y, b[s]) for s in range(3)]
    assert found.values == pytest.approx(per_seed)
    assert found.estimate == pytest.approx(np.mean([jd.RMSE(y, r) for r in a]) - np.mean([jd.RMSE(y, r) for r in b]))
    assert found.units == "3 seeds and 500 units"
    assert found.low < found.estimate < found.high < 0  # B is clearly worse


def test_a_model_fitted_once_is_paired_with_every_seed_of_the_other():
    y = np.arange(10.0)
    once = y + 1.0  # RMSE 1
    seeds = np.stack([y + 0.5, y + 0.25])  # RMSE 0.5 and 0.25
    found = jd.score_difference(jd.RMSE, y, seeds, once, "unit", np.random.default_rng(0), resamples=50)
    assert found.values == pytest.approx((-0.5, -0.75))


def test_unequal_seed_counts_are_refused():
    y = np.zeros(4)
    with pytest.raises(ValueError, match="3 seeds against 2"):
        jd.score_difference(jd.RMSE, y, np.zeros((3, 4)), np.zeros((2, 4)), "unit", np.random.default_rng(0))


def test_without_seeds_the_interval_is_the_bootstraps_normal_interval():
    rng = np.random.default_rng(3)
    y = rng.normal(0, 1, 2000)
    a, b = y + rng.normal(0, 1, 2000), y + rng.normal(0, 1, 2000)
    found = jd.score_difference(jd.MSE, y, a, b, "unit", np.random.default_rng(4), resamples=2000)
    d = (y - a) ** 2 - (y - b) ** 2  # the MSE difference is the mean of d: its standard error is known
    se = d.std(ddof=1) / math.sqrt(d.size)
    assert found.high - found.low == pytest.approx(2 * 1.96 * se, rel=0.1)


# --- verdicts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "side", "verdict"),
    [
        (-0.03, -0.01, -1, jd.REPRODUCED),
        (0.01, 0.03, -1, jd.CONTRADICTED),
        (-0.01, 0.01, -1, jd.NOT_RESOLVED),
        (0.01, 0.03, 1, jd.REPRODUCED),
        (-0.03, -0.01, 1, jd.CONTRADICTED),
    ],
)
def test_a_difference_is_judged_by_where_its_interval_lies(low, high, side, verdict):
    mid = (low + high) / 2
    judged = difference(side).judge(0.9 + mid, 0.9, interval(low, high))
    assert judged.verdict == verdict
    assert judged.sentence.startswith(verdict.capitalize())


def test_the_printed_relation_is_the_one_the_numbers_have_not_the_claims():
    judged = difference(-1, study_first=1.404, study_second=1.391).judge(
        0.944, 0.921, interval(0.01, 0.035, estimate=0.023)
    )
    assert judged.book == "A 0.944 > B 0.921"
    assert judged.study == "A 1.404 > B 1.391"
    assert "the study's own figures say the opposite" in judged.reason


def test_a_relation_gains_decimals_until_the_printed_numbers_differ():
    assert jd.relation(0.8841, 0.8844, 3) == ("0.8841", "<", "0.8844")
    assert jd.relation(0.5, 0.5, 3) == ("0.50000", "=", "0.50000")


def test_a_difference_refuses_an_interval_of_other_figures():
    with pytest.raises(ValueError, match="is not"):
        difference().judge(0.9, 0.8, interval(-0.03, -0.01))


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [
        (-0.008, 0.006, jd.REPRODUCED),
        (-0.014, 0.007, jd.NOT_RESOLVED),
        (0.012, 0.02, jd.CONTRADICTED),
    ],
)
def test_no_effect_holds_only_when_the_whole_interval_lies_inside_the_margin(low, high, verdict):
    mid = (low + high) / 2
    judged = no_effect(0.01).judge(0.9 + mid, 0.9, interval(low, high, jd.EQUIVALENCE_LEVEL))
    assert judged.verdict == verdict and judged.margin == 0.01


def test_no_effect_reads_the_ninety_percent_interval_only():
    with pytest.raises(ValueError, match="90 %"):
        no_effect().judge(0.9, 0.9, interval(-0.001, 0.001, jd.LEVEL))


@pytest.mark.parametrize(
    ("book", "spread", "verdict"),
    [(0.875, None, jd.REPRODUCED), (0.95, None, jd.CONTRADICTED), (0.875, (0.86, 0.89), jd.NOT_RESOLVED)],
)
def test_a_figure_is_judged_by_its_tolerance(book, spread, verdict):
    claim = jd.Figure("x", "x.fig", "RMSE", "report", "sec", study=0.871, tolerance=0.01, unit="stars")
    found = interval(*spread, estimate=book) if spread else None
    assert claim.judge(book, found).verdict == verdict


def test_other_data_make_a_claim_not_comparable_whatever_the_numbers():
    claim = jd.Figure("x", "x.fig", "RMSE", "report", "sec", not_comparable="other films", study=0.9, tolerance=0.01)
    judged = claim.judge(0.9)
    assert (judged.verdict, judged.reason) == (jd.NOT_COMPARABLE, "other films")
    assert judged.sentence.startswith("Not comparable: other films. On this book's data the rule reads reproduced:")
    assert judged.export()[0]["verdict"] == "not comparable (on this book's data: reproduced)"


def test_an_ordering_is_reproduced_only_when_every_pair_is_and_names_the_pairs_that_fail():
    first = difference(-1)
    second = jd.Difference("x", "x.diff2", "A beats C", "r", "sec", first="A", second="C", measure="RMSE")
    ordering = jd.Ordering("x", "x.order", "A best", "report", "sec", pairs=(first, second))
    good = first.judge(0.88, 0.9, interval(-0.03, -0.01))
    unsure = second.judge(0.88, 0.885, interval(-0.015, 0.005))
    wrong = second.judge(0.88, 0.87, interval(0.005, 0.015))
    assert ordering.judge([good, second.judge(0.88, 0.9, interval(-0.03, -0.01))]).verdict == jd.REPRODUCED
    judged = ordering.judge([good, unsure])
    assert judged.verdict == jd.NOT_RESOLVED and "A 0.880 < C 0.885" in judged.sentence and "1 of 2" in judged.sentence
    assert ordering.judge([good, wrong]).verdict == jd.CONTRADICTED
    with pytest.raises(ValueError, match="in order"):
        ordering.judge([unsure, good])


def test_a_judged_claim_survives_its_record_and_exports_its_pairs_as_entries():
    first = difference(-1)
    ordering = jd.Ordering("x", "x.order", "A best", "report", "sec", pairs=(first,))
    judged = ordering.judge([first.judge(0.88, 0.9, interval(-0.03, -0.01))])
    assert jd.Judged.from_json(judged.to_json()) == judged
    entries = json.loads(json.dumps(judged.export()))
    assert [e["id"] for e in entries] == ["x.order", "x.order/1"]
    assert entries[1]["kind"] == "difference" and entries[1]["interval"] == [-0.03, -0.01]
    assert entries[1]["claimed_side"] == -1 and entries[1]["part_of"] == "x.order"


def test_a_claim_a_chapter_did_not_judge_is_not_run_yet():
    claim = difference()
    assert jd.judged_of([claim], {})[0].verdict == jd.NOT_RUN
    judged = claim.judge(0.88, 0.9, interval(-0.03, -0.01))
    assert jd.judged_of([claim], {jd.record_name(claim.id): judged.to_json()}) == [judged]


# --- simulation with a known truth --------------------------------------------------------------------


def rate_over_seeds(true_difference: float, seeds: int, side: int, rng: np.random.Generator) -> float:
    """Share of RUNS simulated runs in which a difference claim on ``seeds`` per-seed differences
    (normal, seed sd 1) reads reproduced for ``side``."""
    hits = 0
    for _ in range(RUNS):
        values = rng.normal(true_difference, 1.0, seeds)
        hits += jd.over_repeats(values).side() == side
    return hits / RUNS


@pytest.mark.parametrize("seeds", [3, 5])
def test_with_no_true_difference_a_claim_reads_reproduced_at_most_as_often_as_the_level_allows(seeds):
    rng = np.random.default_rng(10 + seeds)
    below, above = rate_over_seeds(0.0, seeds, -1, rng), rate_over_seeds(0.0, seeds, 1, rng)
    assert below <= 0.05 + BAND and above <= 0.05 + BAND
    assert abs(below + above - 0.05) <= BAND  # two-sided: the interval misses zero 5 % of the time


@pytest.mark.parametrize("seeds", [3, 5])
def test_with_a_true_difference_of_two_seed_sds_a_claim_reads_reproduced_as_often_as_the_t_test_power(seeds):
    # the independent expectation: the power of a one-sided t test at 2.5 %, from the noncentral t
    # distribution with seeds - 1 degrees of freedom and noncentrality 2 * sqrt(seeds)
    critical = stats.t.ppf(0.975, seeds - 1)
    power = float(stats.nct.sf(critical, seeds - 1, 2 * math.sqrt(seeds)))  # 3 seeds: 0.47, 5 seeds: 0.91
    simulated = rate_over_seeds(-2.0, seeds, -1, np.random.default_rng(20 + seeds))
    assert simulated == pytest.approx(power, abs=3 * math.sqrt(power * (1 - power) / RUNS))
    if seeds >= 5:
        assert simulated > 0.8  # the book's seed count where a fit is cheap decides most such runs


def test_an_equivalence_claim_at_its_margin_reads_reproduced_at_most_five_percent_of_the_time():
    rng = np.random.default_rng(30)
    margin = 0.5
    hits = sum(
        -margin < (found := jd.over_repeats(rng.normal(margin, 1.0, 5), jd.EQUIVALENCE_LEVEL)).low
        and found.high < margin
        for _ in range(RUNS)
    )
    assert hits / RUNS <= 0.05 + BAND


def test_seeds_and_test_units_together_keep_the_level_when_both_vary():
    # each run: a test set of 300 units whose loss differences have a unit sd of 1, and 3 seeds that
    # each add their own shift (sd 0.1, about the test sample's sd of the mean difference, 0.058)
    rng = np.random.default_rng(40)
    runs, hits, covered = 300, 0, 0
    for _ in range(runs):
        unit = rng.normal(0.0, 1.0, 300)
        shifts = rng.normal(0.0, 0.1, 3)
        found = jd.resampled(lambda i, u=unit, s=shifts: u[i].mean() + s, 300, "unit", rng, resamples=200)
        hits += found.side() != 0
        covered += found.low < 0 < found.high
    sd = math.sqrt(0.05 * 0.95 / runs)  # 0.0126
    assert hits / runs <= 0.05 + 3 * sd
    assert covered / runs >= 0.95 - 3 * sd


def test_moving_blocks_keep_the_level_on_a_correlated_series_where_single_units_do_not():
    rng = np.random.default_rng(50)
    runs, n, phi = 200, 600, 0.7
    rates = {}
    for block in (1, 30):
        hits = 0
        for _ in range(runs):
            noise = rng.normal(0, 1, n)
            series = np.empty(n)
            series[0] = noise[0]
            for t in range(1, n):  # AR(1): each minute's loss difference carries 0.7 of the last
                series[t] = phi * series[t - 1] + noise[t]
            found = jd.resampled(
                lambda i, s=series: np.array([s[i].mean()]), n, "minute", rng, block=block, resamples=200
            )
            hits += found.side() != 0
        rates[block] = hits / runs
    # single units ignore the correlation: the variance of the mean is (1 + 0.7)/(1 - 0.7) = 5.7 times
    # what they assume, so about 40 % of runs miss zero; blocks of 30 minutes keep it near 5 %
    assert rates[1] > 0.25
    assert rates[30] <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / runs)


# --- the sentences and records a reader and claims.json see ------------------------------------------


def test_a_difference_prints_one_sentence_with_its_relation_interval_and_units():
    judged = difference(-1, unit="stars").judge(0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02))
    assert judged.sentence == (
        "Reproduced: A 0.880 < B 0.900 stars by RMSE; A − B is −0.020 stars, 95 % interval −0.030 to −0.010 "
        "over 3 seeds, wholly below zero, as the claim predicts."
    )
    assert judged.reason == "A − B: interval wholly below zero"
    assert judged.study == "stated, no figures"
    contradicted = difference(1).judge(0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02))
    assert contradicted.sentence.endswith("wholly below zero, against the claim.")
    unsure = difference(-1).judge(0.9, 0.9, interval(-0.01, 0.01, estimate=0.0))
    assert unsure.sentence.endswith("across zero, so these data cannot tell the two apart.")


def test_no_effect_prints_its_margin_and_what_the_interval_shows():
    inside = no_effect(0.01).judge(0.901, 0.9, interval(-0.004, 0.006, jd.EQUIVALENCE_LEVEL, estimate=0.001))
    assert inside.sentence == (
        "Reproduced: A 0.901 > B 0.900 by RMSE; A − B is +0.001, 90 % interval −0.004 to +0.006 over 3 seeds, "
        "inside the margin of ±0.010 set before the run, so any difference is smaller than the margin."
    )
    assert inside.reason == "interval inside the margin ±0.010"
    beyond = no_effect(0.01).judge(0.92, 0.9, interval(0.015, 0.025, jd.EQUIVALENCE_LEVEL, estimate=0.02))
    assert beyond.sentence.endswith(
        "wholly outside the margin of ±0.010 set before the run, so the difference is larger than the margin."
    )
    assert no_effect(0.01).judge(0.91, 0.9, interval(-0.01, 0.03, jd.EQUIVALENCE_LEVEL, estimate=0.01)).reason == (
        "interval partly outside the margin ±0.010"
    )


def test_a_figure_prints_its_gap_and_tolerance():
    claim = jd.Figure("x", "x.fig", "RMSE", "report", "sec", study=0.871, tolerance=0.01, unit="stars")
    judged = claim.judge(0.875)
    assert judged.sentence == (
        "Reproduced: this book's figure is 0.875 stars against the study's 0.871 stars, a gap of +0.004 stars "
        "for a tolerance of ±0.01 stars."
    )
    spread = claim.judge(0.875, interval(0.86, 0.89, estimate=0.875))
    assert "(95 % interval 0.860 to 0.890 over 3 seeds)" in spread.sentence
    assert (judged.book, judged.study, judged.reason) == (
        "0.875 stars",
        "0.871 stars",
        "gap +0.004 stars; tolerance ±0.01 stars",
    )


def test_a_figure_at_the_edge_of_its_tolerance_is_reproduced_and_just_beyond_is_not():
    claim = jd.Figure("x", "x.fig", "share", "report", "sec", study=0.5, tolerance=0.25)
    assert claim.judge(0.75).verdict == jd.REPRODUCED and claim.judge(0.25).verdict == jd.REPRODUCED
    assert claim.judge(0.7500001).verdict == jd.CONTRADICTED and claim.judge(0.2499999).verdict == jd.CONTRADICTED
    assert claim.judge(0.5, interval(0.25, 0.75, estimate=0.5)).verdict == jd.REPRODUCED
    assert claim.judge(0.8, interval(0.76, 0.84, estimate=0.8)).verdict == jd.CONTRADICTED
    assert claim.judge(0.2, interval(0.16, 0.24, estimate=0.2)).verdict == jd.CONTRADICTED


def test_an_ordering_prints_each_failing_pair_with_its_verdict():
    first = difference(-1)
    second = jd.Difference("x", "x.diff2", "A beats C", "r", "sec", first="A", second="C", measure="RMSE")
    ordering = jd.Ordering("x", "x.order", "A best", "report", "sec", pairs=(first, second))
    good = first.judge(0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02))
    wrong = second.judge(0.88, 0.87, interval(0.005, 0.015, estimate=0.01))
    judged = ordering.judge([good, wrong])
    assert judged.sentence == "Contradicted: 1 of 2 pairs reproduced; contradicted: A 0.880 > C 0.870."
    assert judged.book == "A 0.880 < B 0.900; A 0.880 > C 0.870"
    assert judged.reason == "1 of 2 pairs reproduced"
    assert judged.book_figures == {"A": 0.88, "B": 0.9, "C": 0.87}
    both = ordering.judge([good, second.judge(0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02))])
    assert both.sentence == "Reproduced: every one of the 2 pairs is reproduced."


def test_claims_json_entries_carry_every_field_a_reader_needs():
    judged = difference(-1, study_first=0.873, study_second=0.878, unit="stars").judge(
        0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02)
    )
    (entry,) = judged.export()
    assert entry == {
        "chapter": "x",
        "id": "x.diff",
        "text": "A beats B",
        "source": "report §1",
        "kind": "difference",
        "study": {"A": 0.873, "B": 0.878},
        "book": {"A": 0.88, "B": 0.9},
        "estimate": -0.02,
        "values": [-0.02, -0.02, -0.02],
        "interval": [-0.03, -0.01],
        "level": 0.95,
        "claimed_side": -1,
        "margin": None,
        "unit": "stars",
        "units_resampled": "3 seeds",
        "rule": jd.Difference.rule,
        "verdict": "reproduced",
        "sentence": judged.sentence,
        "pairs": [],
    }


def test_two_repeats_make_an_interval_and_the_folds_share_must_be_a_share():
    assert jd.over_repeats([1.0, 3.0]).high == pytest.approx(2.0 + 12.706 * math.sqrt(2) / math.sqrt(2), abs=1e-3)
    assert jd.over_folds([1.0, 3.0], 0.5).units == "2 folds"
    for share in (0.0, 1.0):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            jd.over_folds([1.0, 3.0], share)
    with pytest.raises(ValueError, match="at least two folds"):
        jd.over_folds([1.0], 0.2)


def test_the_power_table_agrees_with_statsmodels():
    from statsmodels.stats.power import TTestPower

    # a second implementation: statsmodels' power of a one-sided one-sample t test at 2.5 %
    for seeds, delta in ((3, 2.0), (5, 1.0), (8, 0.5)):
        expected = TTestPower().power(effect_size=delta, nobs=seeds, alpha=0.025, alternative="larger")
        assert jd.power_over_seeds(seeds, delta) == pytest.approx(expected, abs=1e-6)


def test_a_shifted_interval_moves_every_figure():
    moved = interval(-0.03, -0.01, estimate=-0.02).shifted(0.5)
    assert (moved.estimate, moved.low, moved.high, *moved.values) == pytest.approx((0.48, 0.47, 0.49, 0.48, 0.48, 0.48))


def test_the_closing_table_has_one_row_per_claim_in_the_book_format():
    judged = difference(-1, unit="stars").judge(0.88, 0.9, interval(-0.03, -0.01, estimate=-0.02))
    frame = jd.claims_frame([judged])
    assert frame.to_dict("records") == [
        {
            "claim": "A beats B (report §1)",
            "study": "stated, no figures",
            "this book": "A 0.880 < B 0.900",
            "verdict": "reproduced",
            "why": "A − B: interval wholly below zero",
        }
    ]
