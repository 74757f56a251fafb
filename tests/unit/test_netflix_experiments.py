"""Unit tests of the Netflix chapter's experiments on its study split (:mod:`helpers.netflix.experiments`) and
of its figures (:mod:`helpers.netflix.charts`), on tiny rating tables and predictions made here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.common.judgement import Interval
from helpers.netflix import charts, claims, experiments, fitting, models
from helpers.netflix.fitting import FitSummary
from helpers.netflix.rating_tables import Normaliser

TINY = fitting.TrainSettings(epochs=2, batch_size=32, patience=2, min_delta=0.0)


def tiny_split(n_users: int = 8, n_items: int = 6) -> experiments.Split:
    rng = np.random.default_rng(0)
    users, items = np.meshgrid(np.arange(n_users), np.arange(n_items), indexing="ij")
    table = pd.DataFrame(
        {"user": users.ravel(), "item": items.ravel(), "rating": rng.integers(1, 6, users.size).astype(float)}
    )
    return experiments.Split(table.iloc[:36], table.iloc[36:42], table.iloc[42:], n_users, n_items)


def test_fit_study_fits_each_experiment_and_hands_each_section_its_own() -> None:
    specs = models.study_specs(latent=4, l2=1e-3, dropout=0.0, hidden=(4,), learning_rate=1e-2)
    fits = experiments.fit_study(specs, tiny_split(), TINY, 5, 2, [4, 8], [1e-3, 0.0], 2, 1)
    # six models and one other latent size from two seeds, one other L2 weight, the copied users from two
    assert fits.count == 2 * 7 + 1 + 2 and len(fits.copied) == 2
    assert set(fits.runs) == {*specs, 8} and all(len(runs) == 2 for runs in fits.runs.values())
    assert fits.l2[1e-3] is fits.first("mf_norm") and fits.l2[0.0].spec.l2 == 0.0
    assert fits.runs[8][0].spec.latent == 8 and fits.copied[0].spec.name == claims.COPIED_MF_NORM
    assert len(fits.copied_ratings) == 2 * 36 and fits.copied[0].predictions["test"].shape == (6,)
    assert fits.epochs_table(specs).index.tolist() == [spec.name for spec in specs.values()]
    predicted = experiments.predictions({"mean": {"train": np.zeros(36)}}, fits, specs)
    assert list(predicted)[0] == "mean" and predicted["DL+ + norm"]["official"].shape == (2, 6)


def test_study_specs_are_the_reports_six_configurations() -> None:
    specs = models.study_specs(latent=32)
    assert [s.name for s in specs.values()] == ["MF", "MF + norm", "DL", "DL + norm", "DL+", "DL+ + norm"]
    table = models.configurations(specs)
    assert table.loc["MF", "joins the embeddings by"] == "a dot product"
    assert table["z-scored ratings"].tolist() == [False, True] * 3
    assert table["user and movie biases"].tolist() == [False] * 4 + [True] * 2


def test_intervals_and_gaps_read_each_test_set() -> None:
    y_test, y_held = np.array([1.0, 3.0, 5.0, 3.0]), np.array([2.0, 4.0, 4.0])
    truth = {"test split": y_test, "held-out file": y_held}
    exact = {
        "train": np.array([[3.0, 3.0]]),
        "test": np.vstack([y_test, y_test + 1]),
        "official": np.vstack([y_held, y_held + 1]),
    }
    off = {"train": np.array([4.0, 4.0]), "test": y_test + 2, "official": y_held + 1}
    predicted = {"off": off, "exact": exact}
    rng = np.random.default_rng(0)
    intervals = experiments.rmse_intervals(truth, predicted, rng, resamples=50)
    assert intervals["exact"]["test split RMSE"].estimate == pytest.approx(0.5)  # seeds 0 and 1 off
    assert intervals["off"]["held-out file RMSE"].estimate == pytest.approx(1.0)
    table = experiments.results_table(intervals, np.array([3.0, 5.0]), predicted)
    assert table.loc["off", "train RMSE"] == pytest.approx(1.0)
    assert table.loc["exact", "prediction spread (stars)"] == pytest.approx(np.std(y_test))
    gaps = experiments.gap_intervals(truth, predicted, "off", rng, resamples=50)
    assert set(gaps["off"]) == {experiments.GAP}
    assert gaps["off"][experiments.GAP].estimate == pytest.approx(1.0 - 2.0)
    assert gaps["exact"][experiments.beyond("off")].estimate == pytest.approx(0.0 - (1.0 - 2.0))


def summary(latent: int, test: np.ndarray, seconds: float) -> FitSummary:
    spec = models.ModelSpec("DL+ + norm", deep=True, bias=True, normalise=True, latent=latent)
    return FitSummary(spec, Normaliser(), {}, seconds, 4, 100 * latent, {"train": test, "test": test})


def test_sweep_table_sets_the_sizes_side_by_side() -> None:
    y = np.array([1.0, 2.0, 3.0])
    runs = {32: [summary(32, y + 0.1, 1.0), summary(32, y - 0.1, 3.0)], 64: [summary(64, y + 0.2, 5.0)]}
    judged = claims.latent_pair(64).judge(0.2, 0.1, Interval(0.1, 0.05, 0.15, 0.9, "1 seed", "t"))
    table = experiments.sweep_table(runs, y, y, {64: judged})
    assert table.loc[32, "test RMSE"] == pytest.approx(0.1) and table.loc[32, "s / epoch"] == 2.0
    assert table.loc[32, "90 % interval"] == "—" and table.loc[64, "90 % interval"] == "+0.050 to +0.150"
    assert table.loc[64, "parameters"] == 6400 and table.index.name == "latent size"


def test_every_arrow_of_the_diagram_starts_and_ends_on_a_box() -> None:
    fig, arrows = charts.model_diagram(32, [512, 128, 32])
    fig.canvas.draw()
    ax = fig.axes[0]
    assert len(arrows) == 10
    for arrow in arrows:
        # the arrow's path in data coordinates: its line from the start, then its head, whose tip is the
        # last but one point ("->"); on a box's edge means within 3 pixels of it (the head's line width)
        path = ax.transData.transform(arrow.patch.get_path().vertices)
        for point, box in ((path[0], arrow.source), (path[-2], arrow.target)):
            extent, (x, y) = box.get_bbox_patch().get_window_extent(), point
            inside = extent.x0 - 3 <= x <= extent.x1 + 3 and extent.y0 - 3 <= y <= extent.y1 + 3
            on_edge = min(abs(x - extent.x0), abs(x - extent.x1), abs(y - extent.y0), abs(y - extent.y1)) < 3
            assert inside and on_edge, box.get_text()
    plt.close(fig)


def test_the_new_charts_label_their_axes_with_units() -> None:
    book = {"this book": Interval(0.9, 0.88, 0.92, 0.95, "ratings", "bootstrap")}
    fig = charts.against_milestones({"Cinematch": 0.9514, "grand prize": 0.8554}, book)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "RMSE (stars)" and [t.get_text() for t in ax.get_yticklabels()][0] == "grand prize"
    plt.close(fig)
    fig = charts.by_fold({"A": [0.95, 0.96], "B": [0.93, 0.94]}, [1, 2])
    ax = fig.axes[0]
    assert ax.get_ylabel() == "RMSE (stars)" and ax.get_xlabel() == "fold (test part)" and len(ax.lines) == 2
    plt.close(fig)


def test_parameter_table_counts_embeddings_biases_and_the_mlp() -> None:
    specs = models.study_specs(latent=4, hidden=(4,))
    table = models.parameter_table(specs, 3, 2)
    # MF: 4 numbers for each of 3 users and 2 movies; DL adds the MLP (8+1)·4 + (4+1)·1; DL+ one bias each
    assert table.loc["MF", "parameters"] == 20 and table.loc["DL", "parameters"] == 20 + 41
    assert table.loc["DL+", "parameters"] == 20 + 41 + 5 and (table["users + movies"] == 5).all()
