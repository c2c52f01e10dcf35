"""Data adapters: every kind of input `fit`/`evaluate`/`predict` accept,
turned into batches of NumPy arrays.

`get_data_adapter` picks the adapter for `x`: arrays (NumPy, lists of
numbers, torch/jax tensors, pandas, and lists/tuples/dicts of them),
Python generators and iterators, `cornu.utils.PyDataset`, and torch
`DataLoader`s.
"""

from __future__ import annotations

from typing import Any

from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters.array_data_adapter import (
    ArrayDataAdapter,
    train_validation_split,
)
from cornu.trainers.data_adapters.data_adapter import DataAdapter
from cornu.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from cornu.trainers.data_adapters.generator_data_adapter import (
    GeneratorDataAdapter,
    is_iterator,
)
from cornu.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from cornu.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
    is_torch_data_loader,
)
from cornu.utils.py_dataset import PyDataset

__all__ = [
    "ArrayDataAdapter", "DataAdapter", "GeneratorDataAdapter",
    "PyDatasetAdapter", "TorchDataLoaderAdapter", "get_data_adapter",
    "pack_x_y_sample_weight", "train_validation_split",
    "unpack_x_y_sample_weight",
]


def get_data_adapter(x: Any, y: Any = None, sample_weight: Any = None,
                     batch_size: int | None = None,
                     steps_per_epoch: int | None = None,
                     shuffle: bool | str = False,
                     class_weight: dict | None = None) -> DataAdapter:
    """The adapter that batches `x` (and `y`, `sample_weight`).

    Args:
        x: arrays, a generator/iterator, a `PyDataset` or a `DataLoader`.
        y: targets; only with arrays (the others yield their own).
        sample_weight: per-sample weights; only with arrays.
        batch_size: samples per batch for arrays (`None` means 32); the
            other kinds make their own batches and ignore it, as Keras 3
            does.
        steps_per_epoch: checked here (a positive int or `None`); the epoch
            iterator applies it.
        shuffle: `False`, `True` or `"batch"` (arrays); `True` shuffles
            the batch order of a `PyDataset`.
        class_weight: a dict `{class index: weight}`, or `None`.

    Returns:
        A `DataAdapter`.

    Raises:
        TypeError: for an input kind that is not supported.
        ValueError: for bad `batch_size`, `steps_per_epoch`, `shuffle` or
            `class_weight`, arrays with different numbers of samples, or
            `y`/`sample_weight` given with a kind that yields its own.

    Example:
        >>> import numpy as np
        >>> from cornu.trainers.data_adapters import get_data_adapter
        >>> adapter = get_data_adapter(np.zeros((10, 3)), np.arange(10),
        ...                            batch_size=4)
        >>> adapter.num_batches, adapter.partial_batch_size
        (3, 2)
    """
    if x is None:
        raise ValueError(
            "`x` (the input data) is required: pass arrays, a generator, a "
            "`cornu.utils.PyDataset` or a torch `DataLoader`. "
            "Received: x=None."
        )
    utils.check_positive_int(batch_size, "batch_size")
    utils.check_positive_int(steps_per_epoch, "steps_per_epoch")
    kind = _batched_kind(x)
    if kind is None:
        if not utils.can_convert_arrays(x):
            raise TypeError(
                "Unrecognized data type for `x`: expected a NumPy array, a "
                "list of numbers, a torch or jax tensor, a pandas "
                "DataFrame/Series, a list/tuple/dict of these, a Python "
                "generator, a `cornu.utils.PyDataset` or a torch "
                f"`DataLoader`. Received: x={utils._short_repr(x)} "
                f"(of type {type(x).__name__})."
            )
        return ArrayDataAdapter(x, y, sample_weight, batch_size=batch_size,
                                shuffle=shuffle, class_weight=class_weight)
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"When `x` is a {kind}, `{name}` must not be passed: the "
                f"{kind} yields `(x, y)` or `(x, y, sample_weight)` batches "
                f"itself. Received: {name} of type {type(value).__name__}."
            )
    if kind == "PyDataset":
        return PyDatasetAdapter(x, shuffle=shuffle, class_weight=class_weight)
    if kind == "DataLoader":
        return TorchDataLoaderAdapter(x, class_weight=class_weight)
    return GeneratorDataAdapter(x, class_weight=class_weight)


def _batched_kind(x: Any) -> str | None:
    """The name of an input kind that makes its own batches, or `None`."""
    if isinstance(x, PyDataset):
        return "PyDataset"
    if is_torch_data_loader(x):
        return "DataLoader"
    if is_iterator(x):
        return "generator"
    return None
