"""The reader's names of the Douban chapter's rating models, registered with :mod:`helpers.common.names` when the
package is imported."""

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(
    {
        "mean": "Mean rating",
        "ridge": "Ridge regression",
        "svm": "SVM",
        "fm": "FM",
        "deepfm": "DeepFM",
        "at": "AT",
        "kd": "KD",
        "kadn": "K-ADN",
    },
    __name__,
)

__all__ = ["READER_NAMES", "reader_name"]
