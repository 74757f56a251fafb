"""The names a reader sees for the models of every chapter.

Code keys models by short identifiers (``rf``, ``lstm_multi``, ``kadn``); tables, figure legends and
glued text show the names below instead. One mapping for the whole book, so a model is called the same
on every page.
"""

from __future__ import annotations

from collections.abc import Iterable

READER_NAMES: dict[str, str] = {
    # box office
    "mlp": "MLP",
    "rf": "Random forest",
    "gbm": "Gradient boosting",
    "mean_revenue": "Mean log revenue",
    "ols_budget": "OLS on log budget",
    # MovieLens
    "cf_user": "User CF",
    "cf_item": "Item CF",
    "cf_user_study": "User CF (study's formula)",
    "cf_item_study": "Item CF (study's formula)",
    "mf": "MF",
    "poster": "Poster features",
    "poster_avg": "Poster features, averaged",
    "random": "Random",
    "vgg16": "VGG16",
    "efficientnet_lite0": "EfficientNet-Lite0",
    # Douyin
    "persistence": "Persistence",
    "training_mean": "Mean of the training minutes",
    "moving_avg": "Moving average",
    "gbm_lags": "Gradient boosting on lags",
    "lstm1": "LSTM v1",
    "lstm2": "LSTM v2",
    "lstm_multi": "Multivariate LSTM",
    "lstm2_l2": "LSTM v2, L2 on the LSTMs",
    "lstm2_relu": "LSTM v2, ReLU head",
    "lstm2_elu": "LSTM v2, ELU head",
    "lstm2_long": "LSTM v2, trained longer",
    # Douban
    "mean": "Mean rating",
    "ridge": "Ridge regression",
    "svm": "SVM",
    "fm": "FM",
    "deepfm": "DeepFM",
    "at": "AT",
    "kd": "KD",
    "kadn": "K-ADN",
    # Netflix
    "mf_norm": "MF + norm",
    "dl": "DL",
    "dl_norm": "DL + norm",
    "dlplus": "DL+",
    "dlplus_norm": "DL+ + norm",
    "bias_only": "Mean + biases",
}


def reader_name(key: str) -> str:
    """Return the reader's name of the model keyed ``key`` (e.g. ``"rf"`` -> ``"Random forest"``).

    Raises KeyError naming the key when it has no reader's name, so a new model cannot reach a page
    under its code name.
    """
    try:
        return READER_NAMES[key]
    except KeyError:
        raise KeyError(f"model key {key!r} has no reader's name; add it to helpers/common/names.py") from None


def reader_names(keys: Iterable[str]) -> list[str]:
    """Return :func:`reader_name` of each key, in order."""
    return [reader_name(key) for key in keys]
