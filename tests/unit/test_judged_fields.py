"""Every field of a judged claim and of an interval against values worked out by hand or by a second
implementation (arch's bootstraps called directly), so that a wrong word, bound or variance part fails."""

import json
import math

import numpy as np
import pytest
from arch.bootstrap import IIDBootstrap, MovingBlockBootstrap
from scipy import stats
from sklearn.metrics import r2_score

from helpers.common import judgement as jd


def interval(low: float, high: float, estimate: float, level: float = jd.LEVEL) -> jd.Interval:
    return jd.Interval(estimate, low, high, level, "3 seeds", "by hand", (estimate,) * 3)


def difference(**kwargs) -> jd.Difference:
    fields = {"first": "A", "second": "B", "measure": "RMSE"} | kwargs
    return jd.Difference("x", "x.diff", "A beats B", "report §1", "sec", **fields)


def resampled_by_hand(data: np.ndarray, block: int, resamples: int, seed: int, level: float = jd.LEVEL):
    """The interval of :func:`jd.resampled` for per-seed means of ``data`` (S, n), written again: the seed
    means of a bootstrap of the units drawn by arch with the generator the function draws, the seeds'
    variance of the mean, Satterthwaite's degrees of freedom and a Student t quantile."""
    n = data.shape[1]
    generator = np.random.default_rng(np.random.default_rng(seed).integers(2**63))
    every = np.arange(n)
    boot = IIDBootstrap(every, seed=generator) if block == 1 else MovingBlockBootstrap(block, every, seed=generator)
    means = np.array([data[:, index].mean() for (index,), _ in boot.bootstrap(resamples)])
    per_seed = data.mean(axis=1)
    test_var = means.var(ddof=1)
    seed_var = per_seed.var(ddof=1) / per_seed.size if per_seed.size > 1 else 0.0
    total = test_var + seed_var
    dof = total**2 / (seed_var**2 / (per_seed.size - 1)) if seed_var > 0 else math.inf
    half = stats.t.ppf(0.5 + level / 2, dof) * math.sqrt(total)
    return per_seed.mean(), per_seed.mean() - half, per_seed.mean() + half


@pytest.mark.parametrize(
    ("seeds", "block", "units", "method"),
    [
        (1, 1, "1 seed and 12 test units", "paired bootstrap of the test units (300 resamples)"),
        (
            2,
            1,
            "2 seeds and 12 test units",
            "paired bootstrap of the test units (300 resamples) and Student t over seeds, combined",
        ),
        (
            3,
            2,
            "3 seeds and 12 test units in blocks of 2",
            "moving-block bootstrap of the test units (300 resamples) and Student t over seeds, combined",
        ),
    ],
)
def test_resampled_is_the_bootstrap_and_the_seeds_variance_combined(seeds, block, units, method):
    data = np.random.default_rng(seeds).normal(0.3, 1.0, (seeds, 12)) + np.arange(seeds)[:, None] * 0.2
    found = jd.resampled(
        lambda index: data[:, index].mean(axis=1), 12, "test unit", np.random.default_rng(9), block=block, resamples=300
    )
    assert (found.estimate, found.low, found.high) == pytest.approx(resampled_by_hand(data, block, 300, 9), rel=1e-12)
    assert (found.level, found.units, found.method) == (jd.LEVEL, units, method)
    assert found.values == pytest.approx(tuple(data.mean(axis=1)))


def test_resampled_defaults_to_single_units_two_thousand_resamples_and_a_constant_difference_has_no_width():
    data = np.random.default_rng(0).normal(size=(1, 10))
    found = jd.resampled(lambda index: data[:, index].mean(axis=1), 10, "rating", np.random.default_rng(3))
    assert found.method == "paired bootstrap of the test units (2,000 resamples)"
    assert (found.low, found.high) == pytest.approx(resampled_by_hand(data, 1, 2000, 3)[1:], rel=1e-12)
    flat = jd.resampled(lambda index: np.array([0.25]), 10, "rating", np.random.default_rng(3), resamples=50)
    assert (flat.estimate, flat.low, flat.high) == (0.25, 0.25, 0.25)


def test_a_score_difference_of_r2_is_scikit_learns_and_mismatched_predictions_are_named():
    rng = np.random.default_rng(4)
    y = rng.normal(3, 1, 30)
    first, second = y + rng.normal(0, 0.5, (2, 30)), y + rng.normal(0, 0.9, 30)
    found = jd.score_difference(jd.R2, y, first, second, "rating", np.random.default_rng(1), resamples=100)
    assert found.estimate == pytest.approx(np.mean([r2_score(y, row) - r2_score(y, second) for row in first]))
    assert found.level == jd.LEVEL and found.method.startswith("paired bootstrap of the test units (100 resamples)")
    once = jd.score_difference(jd.RMSE, y, second, first, "rating", np.random.default_rng(1), resamples=20)
    assert once.units == "2 seeds and 30 ratings"  # a model fitted once, paired with every seed
    with pytest.raises(ValueError) as raised:
        jd.score_difference(jd.RMSE, y, first[:, :29], second, "rating", rng)
    assert str(raised.value) == "predictions of 29 and 30 units for 30 test units"
    with pytest.raises(ValueError) as raised:
        jd.score_difference(jd.RMSE, y, first, second[:29], "rating", rng)
    assert str(raised.value) == "predictions of 30 and 29 units for 30 test units"
    with pytest.raises(ValueError, match="2 seeds against 3: pair equal seeds, or one fit with many"):
        jd.score_difference(jd.RMSE, y, first, np.vstack([first, second]), "rating", rng)


def test_the_folds_interval_is_the_corrected_resampled_t_by_hand():
    values = np.array([0.1, 0.3, 0.2, 0.6])  # mean 0.3, sample variance 0.046667
    half = stats.t.ppf(0.975, 3) * math.sqrt((1 / 4 + 0.25 / 0.75) * values.var(ddof=1))
    expected = jd.Interval(
        0.3, 0.3 - half, 0.3 + half, 0.95, "4 folds", "corrected resampled t over folds (Nadeau and Bengio)", values
    )
    found = jd.over_folds(values, 0.25)
    assert (found.estimate, found.low, found.high) == pytest.approx((expected.estimate, expected.low, expected.high))
    assert (found.level, found.units, found.method, found.values) == (0.95, "4 folds", expected.method, expected.values)
    assert jd.over_folds(values, 0.25, level=0.9).level == 0.9


def test_a_difference_accepts_its_own_estimate_to_a_billionth_of_the_larger_figure_and_no_more():
    claim = difference()
    claim.judge(0.5, 0.4, interval(0.05, 0.15, 0.1 + 5e-10))  # within a billionth of 1: accepted
    with pytest.raises(ValueError) as raised:
        claim.judge(0.5, 0.4, interval(0.05, 0.15, 0.1 + 1.5e-9))
    assert str(raised.value) == (
        f"x.diff: the interval's estimate {0.1 + 1.5e-9} is not 0.5 − 0.4; give the figures the interval was made from"
    )
    claim.judge(0.002, 0.001, interval(0.0, 0.002, 0.001 + 5e-10))  # small figures: a billionth of 1
    claim.judge(1e6, 1.0, interval(0.0, 2e6, 1e6 - 1 + 1e-4))  # a large first figure: a billionth of it
    claim.judge(1.0, 1e6, interval(-2e6, 0.0, 1 - 1e6 + 1e-4))  # a large second figure
    with pytest.raises(ValueError):
        claim.judge(1.0, 1e6, interval(-2e6, 0.0, 1 - 1e6 + 1e-2))


def test_a_difference_says_when_the_studys_own_figures_say_the_opposite():
    found = difference(study_first=0.9, study_second=0.8).judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))
    assert found.reason == "A − B: interval wholly below zero; the study's own figures say the opposite"
    agreeing = difference(study_first=0.8, study_second=0.9).judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))
    assert agreeing.reason == "A − B: interval wholly below zero"
    half_known = difference(study_second=0.9).judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))
    assert half_known.reason == "A − B: interval wholly below zero" and half_known.study == "stated, no figures"
    higher = difference(claimed_side=1).judge(0.9, 0.88, interval(0.01, 0.03, 0.02))
    assert higher.sentence == (
        "Reproduced: A 0.900 > B 0.880 by RMSE; A − B is +0.020, 95 % interval +0.010 to +0.030 over 3 seeds, "
        "wholly above zero, as the claim predicts."
    )
    tiny = difference(decimals=2).judge(0.9, 0.9, interval(0.0004, 0.0006, 0.0))
    assert "A 0.9000 = B 0.9000" in tiny.sentence  # equal to two more decimals
    assert "interval +0.0004 to +0.001 over 3 seeds" in tiny.sentence  # a bound gains decimals to show its side


def no_effect(margin: float, **kwargs) -> jd.NoEffect:
    return jd.NoEffect("x", "x.same", "no effect", "§2", "sec", first="A", second="B", measure="MAE", margin=margin, **kwargs)  # fmt: skip


def test_no_effect_at_the_edges_of_its_margin_and_in_full():
    edge = jd.EQUIVALENCE_LEVEL
    assert no_effect(0.5).judge(1.0, 1.5, interval(-1.0, -0.5, -0.5, edge)).verdict == jd.CONTRADICTED
    assert no_effect(0.5).judge(1.5, 1.0, interval(0.5, 1.0, 0.5, edge)).verdict == jd.CONTRADICTED
    assert no_effect(0.5).judge(1.0, 1.0, interval(-0.2, 0.5, 0.0, edge)).verdict == jd.NOT_RESOLVED
    assert no_effect(0.5).judge(1.0, 1.0, interval(-0.5, 0.2, 0.0, edge)).verdict == jd.NOT_RESOLVED
    found = no_effect(0.05, unit="stars", decimals=2).judge(0.91, 0.9, interval(-0.03, 0.06, 0.01, edge))
    assert found.sentence == (
        "Not resolved: A 0.91 > B 0.90 stars by MAE; A − B is +0.01 stars, 90 % interval −0.03 to +0.06 over "
        "3 seeds, partly outside the margin of ±0.05 stars set before the run, so these data can show neither "
        "that the difference is within the margin nor beyond it."
    )
    assert (found.study, found.book, found.margin) == ("stated, no figures", "A 0.91 > B 0.90", 0.05)
    with pytest.raises(ValueError, match="x.same: an equivalence test reads the 90 % interval"):
        no_effect(0.05).judge(0.91, 0.9, interval(-0.03, 0.06, 0.01))


def test_a_claim_not_run_is_a_judged_claim_with_its_reason_and_nothing_measured():
    claim = difference(unit="stars", study_first=0.8, study_second=0.9)
    assert claim.not_run("no posters given") == jd.Judged(
        "x",
        "x.diff",
        "A beats B",
        "report §1",
        "sec",
        "difference",
        jd.NOT_RUN,
        "Not judged: no posters given.",
        "A 0.800 < B 0.900",
        "—",
        "no posters given",
        jd.Difference.rule,
        unit="stars",
    )
    assert claim.not_run().reason == "the chapter has not measured this yet"


def figure(**kwargs) -> jd.Figure:
    return jd.Figure("x", "x.fig", "RMSE", "report", "sec", study=0.871, tolerance=0.01, unit="stars", **kwargs)


def test_a_figure_judged_with_an_interval_keeps_every_number_of_it():
    found = figure(decimals=2).judge(0.875, jd.Interval(0.875, 0.8611, 0.8889, 0.9, "5 seeds", "by hand", (0.87, 0.88)))
    assert found.sentence == (
        "Not resolved: this book's figure is 0.88 stars (90 % interval 0.86 to 0.89 over 5 seeds) against the "
        "study's 0.87 stars, a gap of 0.00 stars for a tolerance of ±0.01 stars."
    )
    assert (found.study_figures, found.book_figures) == ({"figure": 0.871}, {"figure": 0.875})
    assert (found.estimate, found.interval, found.level, found.values) == (0.875, (0.8611, 0.8889), 0.9, (0.87, 0.88))
    assert (found.margin, found.units_resampled, found.rule_verdict) == (0.01, "5 seeds", jd.NOT_RESOLVED)
    plain = figure().judge(0.875)
    assert (plain.interval, plain.level, plain.values, plain.units_resampled) == (None, None, (), "")
    # the edges: a gap of exactly the tolerance is inside it; beyond it on either side is outside
    edge = jd.Figure("x", "x.fig", "share", "report", "sec", study=0.5, tolerance=0.25)
    assert edge.judge(0.5, interval(0.75, 0.8, 0.78)).verdict == jd.NOT_RESOLVED
    assert edge.judge(0.5, interval(0.2, 0.25, 0.22)).verdict == jd.NOT_RESOLVED


def test_an_ordering_names_the_study_figures_said_the_opposite_for_some_pairs():
    first = difference(study_first=0.9, study_second=0.8)
    second = jd.Difference("x", "x.d2", "A beats C", "r", "sec", first="A", second="C", measure="RMSE")
    ordering = jd.Ordering("x", "x.order", "A best", "report", "sec", pairs=(first, second))
    good = first.judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))
    unsure = second.judge(0.88, 0.87, interval(-0.005, 0.015, 0.01))
    found = ordering.judge([good, unsure])
    assert found.verdict == jd.NOT_RESOLVED
    assert found.sentence == "Not resolved: 1 of 2 pairs reproduced; not resolved: A 0.880 > C 0.870."
    assert found.reason == "1 of 2 pairs reproduced; the study's own figures say the opposite for some"
    assert found.study == "A 0.900 > B 0.800; stated, no figures"
    assert found.study_figures == {"A": 0.9, "B": 0.8}
    assert found.pairs == (good, unsure)
    two = ordering.judge([good, second.judge(0.88, 0.87, interval(0.005, 0.015, 0.01))])
    assert two.sentence == "Contradicted: 1 of 2 pairs reproduced; contradicted: A 0.880 > C 0.870."
    (entry, *parts) = two.export()
    assert entry["pairs"] == ["x.order/1", "x.order/2"]
    assert [p["id"] for p in parts] == ["x.order/1", "x.order/2"] and parts[0]["part_of"] == "x.order"
    with pytest.raises(ValueError, match=r"x.order: judge each of its pairs, in order: \['x.diff', 'x.d2'\]"):
        ordering.judge([unsure, good])


def test_a_record_keeps_its_typographic_signs_and_an_older_record_without_pairs_reads_back():
    found = difference(unit="stars").judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))
    assert "−0.020" in found.to_json()  # the minus sign itself, not an escape
    data = json.loads(found.to_json())
    del data["pairs"], data["values"]
    older = jd.Judged.from_json(json.dumps(data))
    assert older.pairs == () and older.values == () and older.interval == (-0.03, -0.01)


def test_the_closing_table_marks_and_colours_each_verdict_and_tallies_them_in_its_caption():
    judged = [
        difference().judge(0.88, 0.9, interval(-0.03, -0.01, -0.02)),
        difference().judge(0.88, 0.9, interval(-0.03, 0.01, -0.02)),
        difference().judge(0.92, 0.9, interval(0.01, 0.03, 0.02)),
        difference().judge(0.88, 0.9, interval(-0.03, -0.01, -0.02)),
    ]
    assert jd.verdict_counts(judged) == {jd.REPRODUCED: 2, jd.CONTRADICTED: 1, jd.NOT_RESOLVED: 1}
    assert list(jd.verdict_counts(judged)) == [jd.REPRODUCED, jd.CONTRADICTED, jd.NOT_RESOLVED]
    assert jd.tally(judged) == "2 reproduced, 1 contradicted, 1 not resolved"
    styled = jd.show_claims(judged)
    assert (
        styled.caption
        == "The study's claims, judged on this book's data: 2 reproduced, 1 contradicted, 1 not resolved."
    )
    assert list(styled.data["verdict"]) == ["✔ reproduced", "? not resolved", "✘ contradicted", "✔ reproduced"]
    assert list(styled.data.columns) == ["claim", "study", "this book", "verdict", "why"]
    html = styled.to_html()
    for colour in ("#d7f0d8", "#fbeccb", "#f7d4d4"):
        assert f"background-color: {colour}" in html
    assert '<table id="T_' in html and 'class="claims-table"' in html  # the class the phone layout stacks
    assert jd.verdict_label(jd.NOT_COMPARABLE) == "≠ not comparable"
    assert list(jd.claims_frame([]).columns) == ["claim", "study", "this book", "verdict", "why"]


def test_only_the_verdict_column_is_coloured_and_every_failing_pair_is_named():
    judged = [difference().judge(0.88, 0.9, interval(-0.03, -0.01, -0.02))]
    computed = jd.show_claims(judged)._compute()  # the styles each cell gets
    coloured = {column for (_, column), styles in computed.ctx.items() if any("background" in p for p, _ in styles)}
    assert coloured == {3}  # the fourth column, "verdict"
    first = difference()
    second = jd.Difference("x", "x.d2", "A beats C", "r", "sec", first="A", second="C", measure="RMSE")
    ordering = jd.Ordering("x", "x.order", "A best", "report", "sec", pairs=(first, second))
    found = ordering.judge(
        [first.judge(0.92, 0.9, interval(0.01, 0.03, 0.02)), second.judge(0.88, 0.87, interval(-0.005, 0.015, 0.01))]
    )
    assert found.sentence == (
        "Contradicted: 0 of 2 pairs reproduced; contradicted: A 0.920 > B 0.900; not resolved: A 0.880 > C 0.870."
    )
