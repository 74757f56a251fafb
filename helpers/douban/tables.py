"""The Douban chapter's tables, assembled from its fits and measurements: each function takes what the
chapter computed and returns the frame the page shows. Errors are in stars, sizes in parameters or KiB,
times in seconds unless a column says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers.common import formatting, judgement, metrics
from helpers.common.judgement import Interval
from helpers.common.names import reader_name
from helpers.douban.distill import inputs_for_parameters, mlp_parameters
from helpers.douban.judging import mean_score, seed_rows
from helpers.douban.study import seeds_of, stacked

KIB = 1024  # bytes in a KiB (and in the paper's KB, read as binary)
FLOAT32_BYTES = 4  # bytes per float32 parameter
NO_FIGURE = (np.nan, np.nan)  # the paper's (MAE, RMSE) of a model it did not run


def scores(y: np.ndarray, fits: Mapping[str, Sequence[Mapping[str, Any]]], seeds: Sequence[int]) -> pd.DataFrame:
    """One row per model and seed: its validation MAE and its test MAE and RMSE of the ratings ``y`` (n,).
    ``fits``: ``{model: [one result per seed of :func:`helpers.douban.study.seeds_of`]}``."""
    return pd.DataFrame(
        [
            {
                "model": name,
                "seed": seed,
                "val MAE": run["val_mae"],
                "MAE": metrics.mae(y, run["test"]),
                "RMSE": metrics.rmse(y, run["test"]),
            }
            for name, runs in fits.items()
            for seed, run in zip(seeds_of(name, seeds), runs, strict=True)
        ]
    )


def with_interval(interval: Interval) -> str:
    """A figure and its 95 % interval as the tables print them: ``"0.700 (0.650 to 0.750)"``."""
    low, high = formatting.metric(interval.low), formatting.metric(interval.high)
    return f"{formatting.metric(interval.estimate)} ({low} to {high})"


def table_1(
    intervals: Mapping[tuple[str, str], Interval],
    flat: Mapping[str, float],
    paper: Mapping[str, tuple[float, float]],
    models: Sequence[str],
) -> pd.DataFrame:
    """Table 1 beside the paper, one row per model (reader's names): the paper's MAE and RMSE (stars), this
    run's with their intervals (``intervals[(model, "mae" or "rmse")]``), and the one value a model that
    gives every film the same prediction gives (``flat``, empty for the others)."""
    return pd.DataFrame(
        {
            reader_name(name): {
                "MAE (paper)": paper.get(name, NO_FIGURE)[0],
                "MAE (this book, 95 % interval)": with_interval(intervals[(name, "mae")]),
                "RMSE (paper)": paper.get(name, NO_FIGURE)[1],
                "RMSE (this book, 95 % interval)": with_interval(intervals[(name, "rmse")]),
                "one value (stars)": formatting.metric(flat[name], 2) if name in flat else "",
            }
            for name in models
        }
    ).T.rename_axis("model")


def svr_comparison(
    table_svr: tuple[float, float], raw_svr: tuple[float, float], mean: tuple[float, float], paper: tuple[float, float]
) -> pd.DataFrame:
    """The SVR with standardised and with raw numbers beside the mean rating and the paper's SVM, each a
    (test MAE, test RMSE) pair, one row each."""
    return pd.DataFrame(
        {
            "SVR, standardised numbers (Table 1)": list(table_svr),
            "SVR, raw numbers": list(raw_svr),
            "mean rating": list(mean),
            "the paper's SVM": list(paper),
        },
        index=["test MAE (stars)", "test RMSE (stars)"],
    ).T


def kernel_frame(read: Any, train_raters: np.ndarray) -> pd.DataFrame:
    """What an RBF kernel of scikit-learn's default width reads on the raw numbers: ``read`` is a
    :class:`helpers.douban.kernel.KernelCheck` of the rater count, ``train_raters`` the training films'
    rater counts."""
    from helpers.douban.kernel import share_text

    return (
        pd.Series(
            {
                "rater count's share of the variance": share_text(read.variance_share),
                "kernel width 1/√γ (raters)": formatting.count(read.width),
                "median rater count, training films": formatting.count(np.median(train_raters)),
                f"largest |K(x, x') − K(count)|, {formatting.count(read.pairs)} pairs": f"{read.largest_gap:.1e}",
                "median K(x, x') over those pairs": formatting.metric(read.median_kernel),
            },
            name="RBF kernel of scikit-learn's default width, raw numbers",
        )
        .rename_axis("measure")
        .to_frame()
    )


def headline_base(
    value: float, drop: float, paper: Mapping[str, tuple[float, float]], column: int
) -> tuple[float, str]:
    """Work a text headline back: ``value`` is said to be a drop of ``drop`` % from some figure; return that
    figure and the model of ``paper`` (``{model: (MAE, RMSE)}``) whose ``column`` (0: MAE, 1: RMSE) lies
    nearest to it."""
    base = value / (1 - drop / 100)
    return base, min(paper, key=lambda model: abs(paper[model][column] - base))


def table_drop(paper: Mapping[str, tuple[float, float]], column: int) -> float:
    """K-ADN's drop from DeepFM in the paper's Table 1 (%), for the ``column`` (0: MAE, 1: RMSE), to two
    decimals."""
    return round(100 * (1 - paper["kadn"][column] / paper["deepfm"][column]), 2)


def headlines(text: Mapping[str, tuple[float, float]], paper: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """The text's two headlines worked back, one row per metric: ``text`` maps "mae" and "rmse" to the
    (figure, drop %) the text states, ``paper`` is Table 1 ``{model: (MAE, RMSE)}``."""
    rows = {}
    for column, metric in enumerate(("MAE", "RMSE")):
        value, drop = text[metric.lower()]
        base, nearest = headline_base(value, drop, paper, column)
        rows[metric] = {
            "text": value,
            "stated drop (%)": drop,
            "drop taken from": round(base, 3),
            "nearest in Table 1": f"{reader_name(nearest)} {formatting.metric(paper[nearest][column])}",
            "K-ADN in Table 1": paper["kadn"][column],
            "Table 1 drop from DeepFM (%)": table_drop(paper, column),
        }
    return pd.DataFrame(rows).T.rename_axis("metric")


HEADLINE_FORMATS = {  # the drops of the headlines' table as the paper writes them, to two decimals (%)
    "stated drop (%)": lambda percent: f"{percent:.2f}",
    "Table 1 drop from DeepFM (%)": lambda percent: f"{percent:.2f}",
}


def paper_settings(
    y: np.ndarray,
    paper_fits: Mapping[str, Sequence[Mapping[str, Any]]],
    tuned_fits: Mapping[str, Sequence[Mapping[str, Any]]],
    paper: Mapping[str, tuple[float, float]],
) -> pd.DataFrame:
    """Each model of ``paper_fits`` trained with the paper's settings beside the same seeds trained with the
    tuned ones (the first runs of ``tuned_fits``): test MAE and RMSE of the ratings ``y``, the paper's
    figures and the mean training time (s)."""
    rows = {}
    for name, runs in paper_fits.items():
        with_paper = stacked(runs)
        tuned_runs = tuned_fits[name][: len(runs)]
        tuned = seed_rows(stacked(tuned_runs))
        rows[reader_name(name)] = {
            "MAE, paper's settings": mean_score(judgement.MAE, y, with_paper),
            "MAE, tuned": mean_score(judgement.MAE, y, tuned),
            "RMSE, paper's settings": mean_score(judgement.RMSE, y, with_paper),
            "RMSE, tuned": mean_score(judgement.RMSE, y, tuned),
            "the paper's MAE / RMSE": " / ".join(formatting.metric(figure) for figure in paper[name]),
            "training (s), paper's settings": float(np.mean([run["seconds"] for run in runs])),
            "training (s), tuned": float(np.mean([run["seconds"] for run in tuned_runs])),
        }
    return pd.DataFrame(rows).T


def mae_after(checks: Sequence[float], epochs_done: int) -> float:
    """Validation MAE (stars) at the end of ``epochs_done`` epochs of two checks each, or of the last check
    when the run stopped before."""
    return checks[min(2 * epochs_done, len(checks)) - 1]


def table_2(
    models: Mapping[str, Any],
    heads: Mapping[str, Any],
    train_seconds: Mapping[str, float],
    predict_seconds: Mapping[str, np.ndarray],
    paper: Mapping[str, tuple[float, float]],
) -> pd.DataFrame:
    """Table 2, one row per network of ``models`` (``{"teacher": keras model, "student": ...}``): its
    parameters, those of its own MLP (``heads``), its float32 size, the paper's size and run time
    (``paper[name] = (KB, s)``), its training time per epoch and its mean prediction time of the test films
    (from ``predict_seconds``, in ms)."""
    return pd.DataFrame(
        {
            name: {
                "parameters": model.count_params(),
                "of which own MLP": heads[name].count_params(),
                "size (KiB, float32)": model.count_params() * FLOAT32_BYTES / KIB,
                "the paper's size (KB)": paper[name][0],
                "training (s per epoch)": train_seconds[name],
                "the paper's run time (s)": paper[name][1],
                "prediction of the test films, mean (ms)": 1000 * float(np.mean(predict_seconds[name])),
            }
            for name, model in models.items()
        }
    ).T.rename_axis("model")


TABLE_2_FORMATS = {  # the columns of Table 2 with a format of their own
    "size (KiB, float32)": lambda kib: f"{kib:,.1f}",
    "the paper's size (KB)": formatting.count,
    "training (s per epoch)": lambda seconds: f"{seconds:.2f}",
}


def implied_sizes(
    input_width: int, widths: Mapping[str, Sequence[int]], n_classes: int, paper_kb: Mapping[str, float]
) -> pd.DataFrame:
    """For each MLP of ``widths`` (``{name: hidden widths}``) on ``input_width`` inputs and ``n_classes``
    outputs: its parameters and float32 size (KiB), the paper's size (KB, ``paper_kb``), the float32
    parameters that size holds and the input width an MLP of those widths would need to hold them."""
    rows = {}
    for name, units in widths.items():
        parameters = mlp_parameters(input_width, units, n_classes)
        paper_parameters = paper_kb[name] * KIB / FLOAT32_BYTES
        rows[name] = {
            "MLP parameters": parameters,
            "MLP size (KiB, float32)": parameters * FLOAT32_BYTES / KIB,
            "the paper's size (KB)": paper_kb[name],
            "float32 parameters in the paper's size": paper_parameters,
            "input width that size needs": inputs_for_parameters(paper_parameters, units, n_classes),
        }
    return pd.DataFrame(rows).T.rename_axis("network")


def sampled_films(names: np.ndarray, actual: np.ndarray, predicted: np.ndarray, sample: np.ndarray) -> pd.DataFrame:
    """The test films of ``sample`` (indices into the test films) with their name, ``actual`` and
    ``predicted`` rating (stars) and absolute error, sorted by actual rating (index 0..k-1)."""
    shown = pd.DataFrame({"film": names[sample], "actual": actual[sample], "predicted": predicted[sample]}).sort_values(
        "actual", ignore_index=True
    )
    shown["error"] = (shown["predicted"] - shown["actual"]).abs()
    return shown


def without_counts(
    y: np.ndarray, with_counts: Mapping[str, np.ndarray], without: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    """Each model's mean test MAE of the ratings ``y`` with and without the audience counts, from the same
    seeds' predictions (S, n) or (n,), one row per model (reader's names)."""
    return pd.DataFrame(
        {
            reader_name(name): {
                "MAE with audience counts": mean_score(judgement.MAE, y, with_counts[name]),
                "MAE without them": mean_score(judgement.MAE, y, without[name]),
            }
            for name in without
        }
    ).T


def ablation(
    fits: Mapping[str, Sequence[Mapping[str, Any]]],
    full_runs: Sequence[Mapping[str, Any]],
    rises: Mapping[str, Interval],
) -> pd.DataFrame:
    """One row per feature group left out (``fits``: its runs, one per seed): the rise of the mean
    validation MAE over ``full_runs`` (the same seeds with every group), the test MAE rise (``rises``) and
    its 95 % interval; sorted by the validation rise."""
    full_val = np.mean([run["val_mae"] for run in full_runs])
    return pd.DataFrame(
        {
            "validation MAE rise": [np.mean([run["val_mae"] for run in runs]) - full_val for runs in fits.values()],
            "test MAE rise": [rise.estimate for rise in rises.values()],
            "95 % interval, low": [rise.low for rise in rises.values()],
            "95 % interval, high": [rise.high for rise in rises.values()],
        },
        index=pd.Index(list(fits), name="group left out"),
    ).sort_values("validation MAE rise")
