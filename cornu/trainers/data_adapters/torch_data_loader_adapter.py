"""`TorchDataLoaderAdapter`: batches from a `torch.utils.data.DataLoader`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters.data_adapter import DataAdapter

__all__ = ["TorchDataLoaderAdapter", "is_torch_data_loader"]


def is_torch_data_loader(value) -> bool:
    """Whether `value` is a torch `DataLoader` (without importing torch)."""
    torch = sys.modules.get("torch")
    if torch is None or not hasattr(torch, "utils"):
        return False
    return isinstance(value, torch.utils.data.DataLoader)


class TorchDataLoaderAdapter(DataAdapter):
    """Batches from a torch `DataLoader` whose items are `x`, `(x, y)` or
    `(x, y, sample_weight)` (lists from the default collate count as
    tuples).

    On the torch engine the tensors are used as they are (moved to the
    default device); on jax and numpy they go through NumPy.

    Args:
        data_loader: the `DataLoader`.
        class_weight: a dict `{class index: weight}`, or `None`.
    """

    def __init__(self, data_loader, class_weight=None):
        self._loader = data_loader
        self._class_weight = utils.check_class_weight(class_weight)

    def _dataset_size(self) -> int | None:
        try:
            return len(self._loader.dataset)
        except TypeError:  # an IterableDataset without __len__
            return None

    @property
    def num_batches(self) -> int | None:
        try:
            return len(self._loader)
        except TypeError:
            return None

    @property
    def batch_size(self) -> int | None:
        return self._loader.batch_size

    @property
    def has_partial_batch(self) -> bool | None:
        partial = self.partial_batch_size
        if partial is None and self._dataset_size() is None:
            return None
        return partial is not None

    @property
    def partial_batch_size(self) -> int | None:
        size, batch = self._dataset_size(), self._loader.batch_size
        if size is None or batch is None or self._loader.drop_last:
            return None
        return size % batch or None

    def get_numpy_iterator(self) -> Iterator[tuple]:
        return self._batches(keep_torch=False)

    def get_host_iterator(self, engine_name: str) -> Iterator[tuple]:
        return self._batches(keep_torch=engine_name == "torch")

    def _batches(self, keep_torch: bool) -> Iterator[tuple]:
        for data in self._loader:
            yield utils.standardize_batch(data, self._class_weight,
                                          keep_torch=keep_torch)
