"""The reader's names of the Netflix chapter's rating models and baselines, registered with
:mod:`helpers.common.names` when the package is imported."""

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(
    {
        "mf": "MF",
        "mf_norm": "MF + norm",
        "dl": "DL",
        "dl_norm": "DL + norm",
        "dlplus": "DL+",
        "dlplus_norm": "DL+ + norm",
        "mean": "Mean rating",
        "bias_only": "Mean + biases",
    },
    __name__,
)

__all__ = ["READER_NAMES", "reader_name"]
