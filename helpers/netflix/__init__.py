"""Netflix prize (study 004): matrix factorisation and embedding + MLP rating models, their training,
cross-validation and selection on validation."""

from helpers.netflix import recsys

__all__ = ["recsys"]
