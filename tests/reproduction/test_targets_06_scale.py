"""Scale appendix under the full profile: the records of its issue (#23) and what its measurements must show."""

import pytest

from helpers.scale import engines

STEM = "06_scale"
SIZES = (100_000, 1_000_000, 10_000_000)
pytestmark = pytest.mark.full


def test_every_record_of_the_issue_is_there(records):
    names = ["scale.sizes", "scale.dl.growth_exponent", "scale.als.growth_exponent", "scale.dl.extrapolated_hours_1e8"]
    for label in map(engines.size_label, SIZES):
        names += [f"scale.dl.{what}.{label}" for what in ("seconds_per_epoch", "peak_mib", "rmse")]
        names += [f"scale.als.{what}.{label}" for what in ("seconds", "rmse")]
    assert not [n for n in names if n not in records]


def test_streaming_keeps_dl_memory_flat(records):
    # 10^7 ratings held in memory as Keras trains from arrays would take at least 10^7 x 12 bytes (user, movie,
    # rating) twice over, about 230 MiB more than at 10^5; streamed, the peak may grow only by the embedding
    # tables of the extra users (47,800 x 33 floats with Adam's two moments, about 20 MiB) and allocator slack
    small, large = records["scale.dl.peak_mib.1e5"], records["scale.dl.peak_mib.1e7"]
    assert large < small + 150


def test_both_engines_learn_at_ten_million_ratings(records):
    # at 563 ratings per movie and 209 per user both engines must beat the mean rating clearly
    mean_rmse = records["scale.mean_predictor.rmse.1e7"]
    assert records["scale.dl.rmse.1e7"] < mean_rmse - 0.05
    assert records["scale.als.rmse.1e7"] < mean_rmse - 0.05


def test_an_epoch_costs_about_its_share_of_the_data(records):
    # an epoch is one pass over the ratings: from 10^6 to 10^7 its time grows about tenfold, less where fixed
    # costs weigh, more because each step also updates every row of the user table (the L2 penalty is on the
    # whole matrix), ten times longer at 10^7; measured here with the 10^6 user count at 10^7 ratings, that
    # table costs +40 % an epoch, so the growth must lie between half and twice tenfold
    ratio = records["scale.dl.seconds_per_epoch.1e7"] / records["scale.dl.seconds_per_epoch.1e6"]
    assert 5 < ratio < 20
