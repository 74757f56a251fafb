"""Douban K-ADN (study 003): the crawls and the paper's cleaning (``cleaning``), field vocabularies and the
design matrix (``features``), the split and the fits of many models (``study``, ``fitting``), the attention
and FM layers, knowledge distillation, the rating models compared in the paper, and the chapter's tables
(``tables``)."""

from helpers.douban import distill, features, layers, names, rating_models

__all__ = ["distill", "features", "layers", "names", "rating_models"]
