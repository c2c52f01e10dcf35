"""`DataAdapter`: what every input kind offers the epoch iterator."""

from __future__ import annotations

from collections.abc import Iterator


class DataAdapter:
    """Base class of the adapters that turn user data into batches.

    An adapter yields batches as NumPy arrays (`get_numpy_iterator`), each
    one a tuple `(x, y, sample_weight)` with `None` for missing parts, and
    describes its epoch: `num_batches` (`None` when unknown),
    `batch_size`, `has_partial_batch` and `partial_batch_size`.
    """

    def get_numpy_iterator(self) -> Iterator[tuple]:
        """A fresh iterator over one epoch of NumPy batches."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `get_numpy_iterator`."
        )

    def get_host_iterator(self, engine_name: str) -> Iterator[tuple]:
        """The batches as the engine `engine_name` converts them fastest:
        NumPy by default; an adapter whose data is already in that engine's
        tensors may yield them as they are."""
        del engine_name
        return self.get_numpy_iterator()

    @property
    def num_batches(self) -> int | None:
        return None

    @property
    def batch_size(self) -> int | None:
        return None

    @property
    def has_partial_batch(self) -> bool | None:
        return None

    @property
    def partial_batch_size(self) -> int | None:
        return None

    def on_epoch_begin(self) -> None:
        """Called by the epoch iterator before each epoch."""

    def on_epoch_end(self) -> None:
        """Called by the epoch iterator after each completed epoch."""
