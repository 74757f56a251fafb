"""The torch-free .pth reader and the Keras EfficientNet-Lite0 against the original network's outputs."""

import collections
import pickle
import sys
import types

import numpy as np
import pytest

from helpers.movielens import backbones


@pytest.fixture
def fake_torch(monkeypatch):
    """Stand-ins for torch's pickled names, so a legacy file can be written without torch."""
    torch_mod, utils_mod = types.ModuleType("torch"), types.ModuleType("torch._utils")

    class FloatStorage:
        pass

    def _rebuild_tensor_v2(*args):
        raise AssertionError("only pickled, never called")

    FloatStorage.__module__, _rebuild_tensor_v2.__module__ = "torch", "torch._utils"
    FloatStorage.__qualname__, _rebuild_tensor_v2.__qualname__ = "FloatStorage", "_rebuild_tensor_v2"
    torch_mod.FloatStorage, utils_mod._rebuild_tensor_v2 = FloatStorage, _rebuild_tensor_v2
    monkeypatch.setitem(sys.modules, "torch", torch_mod)
    monkeypatch.setitem(sys.modules, "torch._utils", utils_mod)
    return FloatStorage, _rebuild_tensor_v2


class _Tensor:
    def __init__(self, rebuild, key, offset, shape, stride):
        self.args = (rebuild, (("storage", key), offset, shape, stride, False, collections.OrderedDict()))

    def __reduce__(self):
        return self.args


def write_legacy(path, storage_type, rebuild, storages, tensors):
    """Write ``tensors`` {name: (key, offset, shape, stride)} over ``storages`` {key: float32 array}."""

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, tuple) and len(obj) == 2 and obj[0] == "storage":
                return ("storage", storage_type, obj[1], "cpu", storages[obj[1]].size, None)
            return None

    with open(path, "wb") as f:
        for header in (backbones.LEGACY_MAGIC, 1001, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(header, f, protocol=2)
        state = collections.OrderedDict((n, _Tensor(rebuild, *spec)) for n, spec in tensors.items())
        Pickler(f, protocol=2).dump(state)
        pickle.dump(list(storages), f, protocol=2)
        for array in storages.values():
            f.write(np.int64(array.size).tobytes())
            f.write(array.astype("<f4").tobytes())


def test_legacy_reader_honours_offsets_and_strides(tmp_path, fake_torch):
    storage_type, rebuild = fake_torch
    data = np.arange(12, dtype=np.float32)
    path = tmp_path / "tiny.pth"
    write_legacy(
        path,
        storage_type,
        rebuild,
        {"s0": data},
        {"a": ("s0", 0, (3, 4), (4, 1)), "t": ("s0", 0, (4, 3), (1, 4)), "b": ("s0", 2, (2,), (1,))},
    )
    sys.modules.pop("torch")  # the reader itself must not need torch
    state = backbones.read_legacy_pth(path)
    np.testing.assert_array_equal(state["a"], data.reshape(3, 4))
    np.testing.assert_array_equal(state["t"], data.reshape(3, 4).T)
    np.testing.assert_array_equal(state["b"], [2.0, 3.0])


def test_reader_refuses_what_is_not_a_weights_file(tmp_path):
    bad = tmp_path / "bad.pth"
    bad.write_bytes(pickle.dumps(12345))
    with pytest.raises(backbones.WeightsError, match="magic"):
        backbones.read_legacy_pth(bad)
    with pytest.raises(backbones.WeightsError, match="no such"):
        backbones.read_legacy_pth(tmp_path / "missing.pth")


def test_packaged_lite0_weights_have_the_expected_tensors():
    state = backbones.read_legacy_pth(backbones.lite0_weights_path())
    assert len(state) == 296
    assert state["_conv_stem.weight"].shape == (32, 3, 3, 3) and state["_fc.weight"].shape == (1000, 1280)
    assert state["_blocks.15._project_conv.weight"].shape == (320, 1152, 1, 1)


def test_keras_lite0_matches_the_original_network():
    errors = backbones.reference_max_abs_error(backbones.efficientnet_lite0(include_top=True))
    assert errors["features"] <= 1e-3 and errors["logits"] <= 1e-3 and errors["top1_agree"] == 1.0


def test_preprocess_checks_the_shape():
    with pytest.raises(ValueError, match="224"):
        backbones.preprocess_lite0(np.zeros((1, 100, 100, 3)))
    assert backbones.preprocess_lite0(np.full((1, 224, 224, 3), 255.0)).max() == pytest.approx(1.0)


def test_embedding_in_batches_gives_each_images_own_output():
    # a model whose output is the mean pixel of each channel: known by hand for one-colour images
    import keras
    from PIL import Image

    inputs = keras.Input((224, 224, 3))
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(inputs))
    colours = [(10, 20, 30), (200, 0, 5), (0, 0, 0), (255, 255, 255), (7, 8, 9)]
    images = [Image.new("RGB", (92, 138), colour) for colour in colours]
    got = backbones.embed_images(model, images, batch_size=2, preprocess=lambda x: x)  # 3 batches, last of 1
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, np.array(colours, dtype=np.float32), atol=1e-4)
