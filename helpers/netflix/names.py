"""The reader's names of the Netflix chapter's rating models and baselines: ``names.yml`` beside this module,
registered with :mod:`helpers.common.names` when the package is imported."""

from pathlib import Path

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(Path(__file__).with_name("names.yml"), __name__)

__all__ = ["READER_NAMES", "reader_name"]
