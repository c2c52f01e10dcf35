"""`GeneratorDataAdapter`: batches made by a Python generator or iterator.
"""

from __future__ import annotations

from collections.abc import Iterator

from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters.data_adapter import DataAdapter

__all__ = ["GeneratorDataAdapter", "is_iterator"]


def is_iterator(value) -> bool:
    """Whether `value` is a generator or another one-pass iterator."""
    return hasattr(value, "__next__") and hasattr(value, "__iter__")


class GeneratorDataAdapter(DataAdapter):
    """Batches taken from an iterator that yields `x`, `(x,)`, `(x, y)` or
    `(x, y, sample_weight)`, each already a whole batch.

    A generator can be walked once: its number of batches is unknown
    (`num_batches` is `None`) and a later epoch continues where the last
    one stopped. `class_weight` is applied to each batch's `y` (Keras 3
    rejects it for generators).

    Args:
        generator: the iterator.
        class_weight: a dict `{class index: weight}`, or `None`.
    """

    def __init__(self, generator, class_weight=None):
        self._generator = generator
        self._class_weight = utils.check_class_weight(class_weight)

    def get_numpy_iterator(self) -> Iterator[tuple]:
        return self._batches(keep_torch=False)

    def get_host_iterator(self, engine_name: str) -> Iterator[tuple]:
        return self._batches(keep_torch=engine_name == "torch")

    def _batches(self, keep_torch: bool) -> Iterator[tuple]:
        for data in self._generator:
            yield utils.standardize_batch(data, self._class_weight,
                                          keep_torch=keep_torch)
