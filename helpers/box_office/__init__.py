"""Box office (study 000): film cleaning, the 17 study features, the study's MLP, and LIME and
permutation explanations of a random forest."""

from helpers.box_office import explain, names, tabular

__all__ = ["explain", "names", "tabular"]
