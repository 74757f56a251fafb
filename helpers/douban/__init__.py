"""Douban K-ADN (study 003): field vocabularies and the design matrix, the attention and FM layers,
knowledge distillation, and the rating models compared in the paper."""

from helpers.douban import distill, features, layers, names, rating_models

__all__ = ["distill", "features", "layers", "names", "rating_models"]
