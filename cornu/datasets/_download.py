"""Where the datasets come from, and how a test or a mirror redirects them.

The addresses are Keras's. `CORNU_DATASETS_ORIGIN`, when set, replaces the
base address of every dataset (the file names stay), so a mirror or a local
test server can serve them; the checksums are still verified.
"""

from __future__ import annotations

import os

from cornu.utils.file_utils import get_file

ORIGIN_ENV = "CORNU_DATASETS_ORIGIN"
KERAS_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CIFAR_BASE = "https://www.cs.toronto.edu/~kriz/"


def origin(base: str, remote_name: str) -> str:
    """The URL of `remote_name`: under `base`, or under the base URL in
    `CORNU_DATASETS_ORIGIN` when that is set."""
    override = os.environ.get(ORIGIN_ENV)
    if override:
        base = override.rstrip("/") + "/"
    return base + remote_name


def fetch(fname: str, base: str, remote_name: str, file_hash: str | None,
          **kwargs) -> str:
    """`get_file` for a dataset file: downloads `base + remote_name` (or its
    `CORNU_DATASETS_ORIGIN` replacement) into the cache as `fname`."""
    return get_file(fname=fname, origin=origin(base, remote_name),
                    file_hash=file_hash, **kwargs)
