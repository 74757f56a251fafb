"""Unit tests of the Netflix chapter's L2 experiment and collapse table (:mod:`helpers.netflix.l2_experiment`)
and of its benchmark's choices (:mod:`helpers.netflix.benchmark`), on fits and folds made here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.netflix import benchmark, l2_experiment, models, study_data
from helpers.netflix.fitting import FitSummary
from helpers.netflix.rating_tables import Normaliser

Y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0])


def summary(predictions: np.ndarray, epochs: int = 3) -> FitSummary:
    """A fit as a worker hands it back, with these test predictions."""
    spec = models.ModelSpec("MF + norm", deep=False, bias=False, normalise=True)
    return FitSummary(spec, Normaliser(), {}, 0.1, epochs, 10, {"test": predictions})


def test_l2_labels_are_the_record_names_form() -> None:
    assert [l2_experiment.l2_label(v) for v in (1e-3, 1e-4, 3e-5, 0.0)] == ["1e-3", "1e-4", "3e-5", "0"]


def test_l2_table_finds_the_flat_fit_and_the_one_nearest_the_study() -> None:
    fits = {1e-3: summary(np.full(Y.size, 3.0), epochs=6), 0.0: summary(Y + 0.5)}
    table = l2_experiment.l2_table(fits, Y, [1e-3, 0.0])
    assert table.index.tolist() == ["0.001", "0"] and table.loc["0.001", "epochs"] == 6
    assert table.loc["0", "test RMSE"] == pytest.approx(0.5)
    assert table.loc["0.001", "test RMSE"] == pytest.approx(math.sqrt(np.mean((Y - 3) ** 2)))
    flat = l2_experiment.flat_weights(fits, Y, [1e-3, 0.0])
    assert flat == ["0.001"]
    sentence = l2_experiment.finding(table, flat, Y, 0.6, 1.2)
    assert sentence.startswith("With an L2 weight of 0, MF + norm reaches 0.500 stars")
    assert "With 0.001 its predictions spread less than" in sentence and "scores 1.200)." in sentence
    assert l2_experiment.finding(table, [], Y, 0.6, 1.2).endswith("No weight tried flattens its predictions here.")


def test_collapse_reads_the_weight_where_known_else_the_bound() -> None:
    assert l2_experiment.collapses(100, 0.0005, 0.001) == "yes"
    assert l2_experiment.collapses(100, 0.002, 0.001) == "no"
    assert l2_experiment.collapses(4_000_000, math.nan, 0.001) == "yes, whatever the users"  # 1/√N = 5e-4
    assert l2_experiment.collapses(250_000, math.nan, 0.001) == "cannot tell"  # 1/√N = 2e-3


def test_collapse_rows_and_table_show_the_slice_its_copies_and_the_report() -> None:
    train = pd.DataFrame({"user": [0, 1], "item": [0, 0], "rating": [3.0, 4.0]})
    density = study_data.density_table(2, 1, 2)
    rows = l2_experiment.collapse_rows(train, 0.3, 1_000, 10, pd.concat([train] * 10), 0.09, density)
    assert list(rows)[:2] == ["this slice (1,000 users)", "its users copied 10 times (10,000 users)"]
    assert rows["10,000 users, all ratings"][0] == pytest.approx(0.9 * 100_480_507)
    assert math.isnan(rows["10,000 users at its density"][1])
    table = l2_experiment.collapse_table(rows, 0.1)
    assert table.loc["this slice (1,000 users)", "collapses at L2 0.1"] == "no"
    assert table.loc["its users copied 10 times (10,000 users)", "training ratings"] == "20"
    without = l2_experiment.collapse_rows(train, 0.3, 1_000, 0, None, None, density)
    assert len(without) == 3


def test_choices_blend_the_mixed_models_and_add_the_peers_when_they_ran() -> None:
    made = benchmark.choices(["A", "B", "C"], ["A"], ["P", "Q"], {})
    assert made == {benchmark.BEST_MODEL: ["A", "B", "C", "A & P", "A & Q"]}
    grids = benchmark.peer_grids(([5], [4], [0.005], [0.02, 0.1]), ([3], [4], [0.007], [0.02]))
    with_peers = benchmark.choices(["A"], [], [], grids)
    assert len(with_peers["best SVD"]) == 2 and len(with_peers["best SVD++"]) == 1
    assert with_peers[benchmark.BEST_PEER] == with_peers["best SVD"] + with_peers["best SVD++"]


def test_the_folds_and_the_choice_are_counted_in_words() -> None:
    assert benchmark.folds_run(1) == "the one fold" and benchmark.folds_run(5) == "the 5 folds"
    one = pd.DataFrame({"fold": [1], "chosen": ["A"]})
    assert benchmark.most_chosen(one, 1) == "A (chosen in the one fold)"
    three = pd.DataFrame({"fold": [1, 2, 3], "chosen": ["B", "A", "B"]})
    assert benchmark.most_chosen(three, 3) == "B (chosen in 2 of 3 folds)"


def test_u1_shows_the_best_peer_only_when_it_ran() -> None:
    first = {benchmark.BEST_MODEL: Y, "DL+ + norm": Y + 1}
    assert list(benchmark.u1_models(first, "DL+ + norm")) == [
        "best model (chosen on validation)",
        "DL+ + norm (study's settings)",
    ]
    assert len(benchmark.u1_models(first | {benchmark.BEST_PEER: Y}, "DL+ + norm")) == 3
    u1 = benchmark.u1_intervals(Y, {"exact": Y + 0.5}, np.random.default_rng(0), resamples=50)
    table = benchmark.u1_table(u1)
    assert table.loc["exact", benchmark.U1_RMSE] == pytest.approx(0.5)
    assert table.loc["GC-MC without side features (published)", benchmark.U1_RMSE] == 0.910


def test_what_is_left_unexplained_follows_the_criterion_and_the_runs() -> None:
    everywhere = l2_experiment.unexplained(18_711_810, 1e-3, {"1,000 users": True, "10,000 users": True})
    assert "holds about 18,711,810 training ratings, more than the 1,000,000 above which" in everywhere
    assert "collapses here at 1,000 users and 10,000 users." in everywhere
    assert "So the study's 0.931 stars (0.912 on its training set)" in everywhere
    partly = l2_experiment.unexplained(18_711_810, 1e-3, {"1,000 users": True, "10,000 users": False})
    assert "collapses here at 1,000 users, and not at 10,000 users." in partly and partly.endswith("cannot say.")
    small = l2_experiment.unexplained(500_000, 1e-4, {"1,000 users": False})
    assert "not more than the 1,000,000" in small and "With L2" not in small
    assert "Trained with L2 0.0001, MF + norm does not collapse here." in small


def test_the_finding_reads_in_full_with_and_without_a_flat_weight() -> None:
    fits = {1e-3: summary(np.full(Y.size, 3.0)), 0.0: summary(Y + 0.5)}
    table = l2_experiment.l2_table(fits, Y, [1e-3, 0.0])
    # by hand: Y's sd is sqrt(12 / 8) = 1.2247, which is also the spread of Y + 0.5; the flat fit spreads 0,
    # and the flat limit is 1 % of Y's sd, 0.0122; 0.5 is nearer the study's 0.6 than 1.2247
    first = "With an L2 weight of 0, MF + norm reaches 0.500 stars (its predictions spread 1.225 stars), the closest to the study's 0.600."
    assert l2_experiment.finding(table, ["0.001"], Y, 0.6, 1.2) == (
        f"{first} With 0.001 its predictions spread less than 0.012 stars (0.000 at 0.001): one value for every "
        "pair, the book's collapsed result (the mean rating scores 1.200)."
    )
    assert l2_experiment.finding(table, [], Y, 0.6, 1.2) == f"{first} No weight tried flattens its predictions here."
    assert table.index.name == "L2 weight"
    # two flat weights: both listed, each with its spread
    both = l2_experiment.finding(table, ["0.001", "0"], Y, 0.6, 1.2)
    assert " With 0.001 and 0 its predictions spread less than 0.012 stars (0.000 at 0.001, 1.225 at 0): " in both
    # nearer 1.2247 than 0.5: the flat weight is the closest
    assert l2_experiment.finding(table, [], Y, 1.0, 1.2).startswith(
        "With an L2 weight of 0.001, MF + norm reaches 1.225"
    )


def test_the_collapse_table_prints_each_row_as_the_page_shows_it() -> None:
    rows = {"two ratings": (2.0, 0.3), "twenty": (20.0, 0.09), "many": (4_000_000.0, math.nan)}
    table = l2_experiment.collapse_table(rows, 0.1)
    # by hand: 1/sqrt(2) = 0.71, 1/sqrt(20) = 0.22, 1/sqrt(4e6) = 0.0005; 0.3 > 0.1 does not collapse, 0.09 does,
    # and the unknown weight falls back on the bound, 0.0005 <= 0.1
    assert table.columns.tolist() == [
        "training ratings", "collapse weight σmax(Z)/N", "bound 1/√N", "collapses at L2 0.1",
    ]  # fmt: skip
    assert table.loc["two ratings"].tolist() == ["2", "0.3", "0.71", "no"]
    assert table.loc["twenty"].tolist() == ["20", "0.09", "0.22", "yes"]
    assert table.loc["many"].tolist() == ["4,000,000", "—", "0.0005", "yes, whatever the users"]
    assert l2_experiment.collapses(100, math.nan, 0.1) == "yes, whatever the users"  # 1/√100 = 0.1, at the edge
    assert l2_experiment.collapses(100, 0.1, 0.1) == "yes"  # the weight at the edge collapses too


def test_the_collapse_rows_hold_the_reports_two_readings_at_nine_tenths() -> None:
    train = pd.DataFrame({"user": [0, 1, 2], "item": [0, 0, 1], "rating": [3.0, 4.0, 5.0]})
    density = study_data.density_table(3, 2, 3)
    rows = l2_experiment.collapse_rows(train, 0.3, 3, 2, None, 0.1, density)  # no copied table: no copied row
    assert list(rows) == ["this slice (3 users)", "10,000 users, all ratings", "10,000 users at its density"]
    assert rows["this slice (3 users)"] == (3.0, 0.3)
    for label in (study_data.AT_COUNTS, study_data.AT_DENSITY):
        count, weight = rows[label.removeprefix("the report: ")]
        assert count == pytest.approx(0.9 * density.loc[label, "ratings"]) and math.isnan(weight)


def test_what_is_left_unexplained_reads_in_full() -> None:
    reading = (
        "The smaller of the report's two readings of its data holds about 18,711,810 training ratings, more than "
        "the 1,000,000 above which any data collapse at the study's L2 weight of 0.001: by the criterion, the "
        "loss its code prints is minimised by the mean predictor on its own data, at either reading."
    )
    everywhere = l2_experiment.unexplained(18_711_810, 1e-3, {"A": True, "B": True})
    assert everywhere == (
        f"{reading} Trained with L2 0.001, MF + norm collapses here at A and B. So the study's 0.931 stars (0.912 "
        "on its training set), well below the 1.086 stars its code's comment gives as the standard deviation of "
        "its ratings (the RMSE of predicting their mean, on the ratings it was computed from), is not what the "
        "printed code gives on data of either size the report states. The report does not say what differed in "
        "the run behind that figure (its penalty, its data or its code), and this chapter cannot tell."
    )
    cannot_say = " Whether the study's 0.931 stars is what its printed code gives, this run cannot say."
    # another L2 weight than the study's: every run collapsing says nothing of the study's own figure
    assert l2_experiment.unexplained(18_711_810, 1e-4, {"A": True}) == (
        f"{reading} Trained with L2 0.0001, MF + norm collapses here at A.{cannot_say}"
    )
    # a run that did not collapse at the study's weight leaves the figure open
    assert l2_experiment.unexplained(18_711_810, 1e-3, {"A": True, "B": False}) == (
        f"{reading} Trained with L2 0.001, MF + norm collapses here at A, and not at B.{cannot_say}"
    )
    # half as many again as the bound 1/0.001² = 1,000,000 is more than it; the bound itself is not
    assert l2_experiment.unexplained(1_500_000, 1e-4, {}).startswith(
        "The smaller of the report's two readings of its data holds about 1,500,000 training ratings, more than"
    )
    assert ", not more than the 1,000,000 above" in l2_experiment.unexplained(1 / 1e-3**2, 1e-4, {})
    assert l2_experiment.unexplained(999_999, 1e-3, {"A": False}) == (
        "The smaller of the report's two readings of its data holds about 999,999 training ratings, not more than "
        "the 1,000,000 above which any data collapse at the study's L2 weight of 0.001, so the criterion alone "
        f"does not settle its case. Trained with L2 0.001, MF + norm does not collapse here.{cannot_say}"
    )
