"""Scale appendix under the full profile: the records of its issues (#23, #45) and what its measurements must show."""

import pytest

from helpers.scale import engines

STEM = "06_scale"
SIZES = (100_000, 300_000, 1_000_000, 3_000_000)
pytestmark = pytest.mark.full


def test_every_record_of_the_issue_is_there(records):
    names = ["scale.sizes", "scale.repeats", "scale.dl.growth_exponent", "scale.als.growth_exponent"]
    names += ["scale.cost_model.heldout_size", "scale.als.scaling_efficiency"]
    names += [f"scale.cost_model.heldout_error_pct.{engine}" for engine in ("dl", "als")]
    names += [f"scale.dl.predicted_hours_1e8{suffix}" for suffix in ("", "_low", "_high")]
    for label in map(engines.size_label, SIZES):
        names += [f"scale.dl.{what}.{label}" for what in ("seconds_per_epoch", "seconds_sd", "peak_mib", "rmse")]
        names += [f"scale.als.{what}.{label}" for what in ("seconds", "seconds_sd", "rmse")]
        names += [f"scale.{engine}.seconds_to_target.{label}" for engine in ("dl", "als")]
    assert not [n for n in names if n not in records]
    assert records["scale.repeats"] >= 3


def test_streaming_keeps_dl_memory_flat(records):
    # 3·10^6 ratings held in memory as Keras trains from arrays would take at least 3·10^6 x 12 bytes (user,
    # movie, rating) twice over, about 70 MiB more than at 10^5; streamed, the peak may grow only by the
    # embedding tables of the extra users (13,900 x 33 floats with Adam's two moments, about 5 MiB) and
    # allocator slack
    small, large = records["scale.dl.peak_mib.1e5"], records["scale.dl.peak_mib.3e6"]
    assert large < small + 150


def test_both_engines_learn_at_the_largest_size(records):
    # at 152 ratings per movie and 209 per user both engines must beat the mean rating clearly
    mean_rmse = records["scale.mean_predictor.rmse.3e6"]
    assert records["scale.dl.rmse.3e6"] < mean_rmse - 0.05
    assert records["scale.als.rmse.3e6"] < mean_rmse - 0.05


def test_an_epoch_costs_at_least_its_share_of_the_data(records):
    # an epoch is one pass over the ratings: from 10^6 to 3·10^6 its steady time grows about threefold, more
    # because each step also updates every row of the user table (the L2 penalty is on the whole matrix), which
    # is three times larger too; fixed costs make it grow less: between one and a half and six times
    ratio = records["scale.dl.seconds_per_epoch.3e6"] / records["scale.dl.seconds_per_epoch.1e6"]
    assert 1.5 < ratio < 6
