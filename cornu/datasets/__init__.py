"""`cornu.datasets`: the Keras datasets, plus a bundled offline one.

Each dataset is a module with a `load_data()` function, as in Keras:
`mnist`, `fashion_mnist`, `cifar10`, `cifar100`, `imdb`, `reuters`,
`boston_housing` and `california_housing` download from the same public
addresses Keras uses into `~/.cornu/datasets` (`CORNU_HOME` moves it) and
verify checksums. `digits` ships inside the package and needs no network.

The environment variable `CORNU_DATASETS_ORIGIN` replaces the download
address of every dataset with a base URL of your own (a mirror, or a local
server in tests); the file names stay the same.
"""

from __future__ import annotations

import importlib

_SUBMODULES = (
    "boston_housing", "california_housing", "cifar10", "cifar100", "digits",
    "fashion_mnist", "imdb", "mnist", "reuters",
)

__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"cornu.datasets.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'cornu.datasets' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
