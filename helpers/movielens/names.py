"""The reader's names of the MovieLens chapter's models and poster backbones, registered with
:mod:`helpers.common.names` when the package is imported."""

from helpers.common.names import reader_name, register_reader_names

READER_NAMES = register_reader_names(
    {
        "cf_user": "User CF",
        "cf_item": "Item CF",
        "cf_user_study": "User CF (study's formula)",
        "cf_item_study": "Item CF (study's formula)",
        "mf": "MF",
        "poster": "Poster features",
        "poster_avg": "Poster features, averaged",
        "random": "Random",
        "vgg16": "VGG16",
        "efficientnet_lite0": "EfficientNet-Lite0",
    },
    __name__,
)

__all__ = ["READER_NAMES", "reader_name"]
