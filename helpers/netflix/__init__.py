"""Netflix prize (study 004): ratings tables and the normaliser, the MF and embedding + MLP rating models,
their fitting (in worker processes), cross-validation, Surprise's peers and the baselines, and selection on
validation."""

from helpers.netflix import cross_validation, fitting, models, names, peers, rating_tables, selection

__all__ = ["cross_validation", "fitting", "models", "names", "peers", "rating_tables", "selection"]
