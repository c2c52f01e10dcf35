"""`Initializer`: the base class of every initializer."""

from __future__ import annotations

from typing import Any

from cornu.backend.common import dtypes

__all__ = ["Initializer"]


class Initializer:
    """Base class: an initializer is called with a shape and a dtype and
    returns a tensor of that shape.

    Subclasses implement `__call__(shape, dtype=None)` and, when they take
    arguments, `get_config()` returning the `__init__` arguments.

    Example:
        >>> from cornu import initializers, ops
        >>> class Twos(initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return ops.full(shape, 2.0, dtype=dtype)
        >>> Twos()((2,))
        array([2., 2.], dtype=float32)
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__}: Initializer subclasses must implement "
            "`__call__(shape, dtype=None)`."
        )

    def get_config(self) -> dict:
        """Returns the arguments that rebuild this initializer."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Initializer:
        """Builds an initializer from `get_config()`'s output."""
        return cls(**config)

    def clone(self) -> Initializer:
        """Returns a new initializer with the same configuration."""
        return self.__class__.from_config(self.get_config())


def _standardize_shape(shape: Any, owner: str) -> tuple[int, ...]:
    """`shape` as a tuple of ints (an int gives a 1-D shape)."""
    if isinstance(shape, int):
        return (shape,)
    try:
        out = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"{owner}: `shape` must be a tuple of non-negative integers. "
            f"Received: shape={shape!r}."
        ) from None
    if any(d < 0 for d in out):
        raise ValueError(
            f"{owner}: `shape` must be a tuple of non-negative integers. "
            f"Received: shape={shape!r}."
        )
    return out


def _float_dtype(dtype: Any, owner: str) -> str:
    """The canonical name of a float `dtype` (`None` gives `floatx()`)."""
    name = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float(name):
        raise ValueError(
            f"{owner}: random initializers need a float `dtype`. "
            f"Received: dtype={dtype!r}."
        )
    return name
