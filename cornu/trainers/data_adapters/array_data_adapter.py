"""`ArrayDataAdapter`: batches sliced from in-memory arrays (NumPy, lists
of numbers, torch and jax tensors, pandas), plus `train_validation_split`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from cornu import tree
from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters.data_adapter import DataAdapter

__all__ = ["ArrayDataAdapter", "train_validation_split"]


class ArrayDataAdapter(DataAdapter):
    """Batches of `batch_size` samples sliced from in-memory arrays.

    Without shuffling each batch is a view (a slice) of the inputs. With
    `shuffle=True` one permutation per epoch is drawn from NumPy's global
    generator (so `np.random.seed` or `cornu.utils.set_random_seed` makes
    it repeat) and each batch is gathered with `np.take`;
    `shuffle="batch"` shuffles within batch-sized chunks only. Float
    arrays of another width are cast to `floatx()` batch by batch.

    Args:
        x: the inputs: an array or a list/tuple/dict of arrays.
        y: the targets, same kinds, or `None`.
        sample_weight: per-sample weights, or `None`.
        batch_size: samples per batch; `None` means 32.
        shuffle: `False`, `True` or `"batch"`.
        class_weight: a dict `{class index: weight}` turned into sample
            weights from `y`, or `None`.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None,
                 shuffle=False, class_weight=None):
        batch_size = utils.check_positive_int(batch_size, "batch_size")
        shuffle = utils.check_shuffle(shuffle)
        class_weight = utils.check_class_weight(class_weight)
        if class_weight is not None and sample_weight is not None:
            raise ValueError(
                "`class_weight` and `sample_weight` cannot be used together: "
                "pass one of them, or fold the class weights into "
                "`sample_weight`."
            )
        if class_weight is not None and y is None:
            raise ValueError(
                "`class_weight` needs targets `y` to weight samples by their "
                "class. Received: y=None."
            )
        parts = {name: utils.to_host_arrays(value, name) for name, value in
                 (("x", x), ("y", y), ("sample_weight", sample_weight))}
        self._num_samples = utils.check_cardinality(parts)
        self._structure = (parts["x"], parts["y"], parts["sample_weight"])
        self._leaves = tree.flatten(self._structure)
        self._batch_size = batch_size or 32
        self._shuffle = shuffle
        self._class_weight = class_weight

    @property
    def num_samples(self) -> int:
        return self._num_samples

    @property
    def num_batches(self) -> int:
        return math.ceil(self._num_samples / self._batch_size)

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @property
    def has_partial_batch(self) -> bool:
        return self._num_samples % self._batch_size != 0

    @property
    def partial_batch_size(self) -> int | None:
        return self._num_samples % self._batch_size or None

    def _epoch_order(self) -> np.ndarray | None:
        """This epoch's sample order (drawn now, on the caller's thread, so
        that the global NumPy generator is used in program order)."""
        if self._shuffle is True:
            return np.random.permutation(self._num_samples)
        if self._shuffle == "batch":
            order = np.arange(self._num_samples)
            for start in range(0, self._num_samples, self._batch_size):
                np.random.shuffle(order[start:start + self._batch_size])
            return order
        return None

    def get_numpy_iterator(self) -> Iterator[tuple]:
        return self._batches(self._epoch_order())

    def _batches(self, order: np.ndarray | None) -> Iterator[tuple]:
        size = self._batch_size
        for start in range(0, self._num_samples, size):
            if order is None:
                window = slice(start, start + size)
                leaves = [None if a is None else a[window]
                          for a in self._leaves]
            else:
                index = order[start:start + size]
                leaves = [None if a is None else np.take(a, index, axis=0)
                          for a in self._leaves]
            leaves = [None if a is None else utils.cast_to_floatx(a)
                      for a in leaves]
            x, y, sample_weight = tree.pack_sequence_as(
                self._structure, leaves)
            if self._class_weight is not None:
                sample_weight = utils.class_weight_to_sample_weights(
                    y, self._class_weight)
            yield (x, y, sample_weight)


def train_validation_split(arrays: Any, validation_split: float) -> tuple:
    """Splits the last `validation_split` fraction of the samples off.

    As in Keras, there is no shuffling: the training part is the first
    `floor(n * (1 - validation_split))` samples and the validation part
    the rest. Each part keeps the structure of `arrays` (typically
    `(x, y, sample_weight)`); `None` entries stay `None`.

    Args:
        arrays: arrays, or a list/tuple/dict of arrays (or `None`).
        validation_split: the fraction in `[0, 1)` to hold out.

    Returns:
        `(train_arrays, validation_arrays)`, NumPy slices (views) of the
        inputs.

    Raises:
        ValueError: when `validation_split` is outside `[0, 1)`, when the
            inputs are not arrays (a generator, a dataset), or when one
            part would be empty.

    Example:
        >>> import numpy as np
        >>> from cornu.trainers.data_adapters import train_validation_split
        >>> x, y = np.arange(10.0), np.arange(10)
        >>> (x_tr, y_tr), (x_va, y_va) = train_validation_split((x, y), 0.2)
        >>> y_va
        array([8, 9])
    """
    if isinstance(validation_split, bool) or not isinstance(
            validation_split, numbers.Real) or not (
            0 <= validation_split < 1):
        raise ValueError(
            "`validation_split` must be a float in [0, 1). "
            f"Received: validation_split={validation_split!r}."
        )
    if not utils.can_convert_arrays(arrays):
        kinds = sorted({type(v).__name__ for v in tree.flatten(arrays)
                        if not utils.can_convert_arrays(v)})
        raise ValueError(
            "`validation_split` is only supported for arrays and tensors; "
            "for a generator, a PyDataset or a DataLoader, pass "
            "`validation_data` instead. Received input of type "
            f"{', '.join(kinds)}."
        )
    if isinstance(arrays, (list, tuple)):  # the top level is a structure
        arrays = type(arrays)(utils.to_host_arrays(part, f"arrays[{i}]")
                              for i, part in enumerate(arrays))
    else:
        arrays = utils.to_host_arrays(arrays, "arrays")
    leaves = [a for a in tree.flatten(arrays) if a is not None]
    sizes = {utils.num_samples(a) for a in leaves}
    if len(sizes) > 1:
        raise ValueError(
            "Data cardinality is ambiguous: all arrays must contain the same "
            f"number of samples. Received sizes: {sorted(sizes)}."
        )
    n = sizes.pop() if sizes else 0
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"Training data contains {n} samples, which is not enough to "
            "split it into a training and a validation set as specified by "
            f"`validation_split={validation_split}`. Provide more data, or "
            "a different value for `validation_split`."
        )
    train = tree.map_structure(
        lambda a: None if a is None else a[:split_at], arrays)
    validation = tree.map_structure(
        lambda a: None if a is None else a[split_at:], arrays)
    return train, validation
