"""`Cropping1D`: entries removed from both ends of sequences."""

from __future__ import annotations

from typing import Any

from cornu.layers import _validation as check
from cornu.layers.reshaping._base_cropping import BaseCropping


class Cropping1D(BaseCropping):
    """Removes entries from the start and end of the time axis.

    Args:
        cropping: an int (the same count at both ends) or a pair
            `(start, end)` of non-negative ints.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, steps, features)`.

    Output shape:
        `(batch, steps - start - end, features)`.

    Example:
    >>> x = np.arange(12, dtype="float32").reshape(1, 6, 2)
    >>> cornu.layers.Cropping1D((1, 2))(x).shape
    (1, 3, 2)
    """

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        pair = check.standardize_tuple(cropping, 2, "cropping", "Cropping1D",
                                       allow_zero=True)
        super().__init__(1, (pair,), **kwargs)
        self.cropping = pair
