"""Poster features: the backbone a run can use offline (VGG16 where its weights are in the Keras cache, else
EfficientNet-Lite0) and the feature maps of the posters of given movies, as the study flattened them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.movielens import backbones
from helpers.movielens.names import reader_name

VGG16, LITE0 = "vgg16", "efficientnet_lite0"  # the backbones' model keys
VGG16_NOTOP = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"  # the file Keras caches VGG16's weights in


def vgg16_weights_file() -> Path:
    """Return where Keras keeps VGG16's ImageNet weights without the top (``$KERAS_HOME`` or ``~/.keras``)."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "models" / VGG16_NOTOP


def backbone_choice(vgg_file: Path, backbone: str) -> pd.Series:
    """Return the backbone a run uses, as the page shows it: whether VGG16's weights ``vgg_file`` are in the
    Keras cache, and the reader's name of ``backbone`` (a model key)."""
    cached = "yes" if vgg_file.is_file() else "no"
    choice = {"VGG16 weights in the Keras cache": cached, "backbone": reader_name(backbone)}
    return pd.Series(choice, name="this run").rename_axis("")


@dataclass
class PosterEmbedder:
    """The last feature map of ``backbone`` (a model key) for the posters ``posters`` (movieId -> image
    path), ``batch`` posters per forward pass; VGG16 reads its weights from ``vgg_file``. The network is
    built on first use."""

    backbone: str
    posters: pd.Series
    batch: int
    vgg_file: Path = field(default_factory=vgg16_weights_file)

    @cached_property
    def _network(self) -> tuple[Any, Callable[[np.ndarray], np.ndarray]]:
        """The feature-map model and its preprocessing of 0..255 pixels."""
        if self.backbone == VGG16:
            import keras

            return keras.applications.VGG16(include_top=False, weights=str(self.vgg_file)), (
                keras.applications.vgg16.preprocess_input
            )
        return backbones.efficientnet_lite0(pooling=None), backbones.preprocess_lite0

    def maps(self, movie_ids: Sequence[int]) -> np.ndarray | None:
        """Return the feature maps (n, height, width, channels) of the posters of ``movie_ids``, each poster
        stretched to 224 × 224; None where there is no movie or a movie has no poster (no posters given)."""
        ids = list(movie_ids)
        if not ids or not np.isin(ids, self.posters.index).all():
            return None
        model, prepare = self._network
        images = [datasets.poster_image(self.posters[m]) for m in ids]
        return backbones.embed_images(model, images, self.batch, prepare)


def flat_and_mean(maps: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Return the feature maps (n, h, w, c) flattened, (n, h·w·c) as the study used them, and their spatial
    mean (n, c); None for both where ``maps`` is None."""
    if maps is None:
        return None, None
    return maps.reshape(len(maps), -1), maps.mean(axis=(1, 2))
