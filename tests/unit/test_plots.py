"""The image grid used for poster neighbours: one figure, one row per entry, ragged rows allowed."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.common import plots


def test_image_rows_draws_one_axis_per_image_and_hides_the_rest():
    image = np.zeros((10, 8, 3))
    fig = plots.image_rows([[image, None, image], [image]], [["a", "b", "c"], ["d"]], "grid")
    axes = np.array(fig.axes).reshape(2, 3)
    assert [ax.get_title() for ax in axes[0]] == ["a", "b", "c"]
    assert axes[1, 0].get_title() == "d" and len(axes[1, 0].images) == 1
    assert not axes[1, 1].images and not axes[1, 1].axison
    plt.close(fig)


def test_image_rows_rejects_captions_that_do_not_match_the_images():
    with pytest.raises(ValueError):
        plots.image_rows([[np.zeros((4, 4, 3))]], [["a", "b"]], "grid")
    plt.close("all")
