"""MovieLens collaborative filtering and posters (study 001): the rating matrix and hold-out, cosine
similarity prediction, SGD matrix factorisation, and poster embeddings with nearest neighbours."""

from helpers.movielens import backbones, names, neighbours, rating_matrix, sgd_mf, similarity

__all__ = ["backbones", "names", "neighbours", "rating_matrix", "sgd_mf", "similarity"]
