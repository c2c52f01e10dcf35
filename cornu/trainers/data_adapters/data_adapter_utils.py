"""Helpers shared by the data adapters: packing `(x, y, sample_weight)`,
turning leaves into host arrays, counting samples and `class_weight`."""

from __future__ import annotations

import functools
import numbers
from typing import Any

import numpy as np

from cornu import config, tree

__all__ = [
    "pack_x_y_sample_weight", "unpack_x_y_sample_weight",
    "class_weight_to_sample_weights", "check_positive_int",
    "standardize_batch",
]

_NUMPY_FLOATS = ("float16", "float32", "float64")


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """Splits one element of a dataset into `(x, y, sample_weight)`.

    A tuple or list of length 1, 2 or 3 is read as `(x,)`, `(x, y)` or
    `(x, y, sample_weight)`; anything else is `x` alone. Missing parts are
    `None`.

    Args:
        data: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Returns:
        The tuple `(x, y, sample_weight)`.

    Raises:
        ValueError: for a tuple or list longer than 3.

    Example:
        >>> from cornu.utils import unpack_x_y_sample_weight
        >>> unpack_x_y_sample_weight((1, 2))
        (1, 2, None)
        >>> unpack_x_y_sample_weight({"a": 1})
        ({'a': 1}, None, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return (data[0], data[1], data[2])
    raise ValueError(
        "unpack_x_y_sample_weight: data must be `x`, `(x,)`, `(x, y)` or "
        "`(x, y, sample_weight)`; a generator or PyDataset must yield one "
        f"of these. Received: a {type(data).__name__} of length "
        f"{len(data)}: {_short_repr(data)}."
    )


def pack_x_y_sample_weight(x: Any, y: Any = None,
                           sample_weight: Any = None) -> Any:
    """Packs `x`, `y` and `sample_weight` into one dataset element.

    The inverse of `unpack_x_y_sample_weight`: `x` alone stays `x` unless
    it is a tuple or list (then it becomes `(x,)`, so that it is not read
    back as `(x, y)`); otherwise the result is `(x, y)` or
    `(x, y, sample_weight)`. Unlike Keras 3, a `sample_weight` given with
    `y=None` is kept: the result is `(x, None, sample_weight)`.

    Args:
        x: the model's inputs.
        y: the targets, or `None`.
        sample_weight: per-sample weights, or `None`.

    Returns:
        The packed element.

    Example:
        >>> from cornu.utils import pack_x_y_sample_weight
        >>> pack_x_y_sample_weight(1, 2)
        (1, 2)
        >>> pack_x_y_sample_weight([1, 2])
        ([1, 2],)
    """
    if y is None and sample_weight is None:
        if isinstance(x, (list, tuple)):
            return (x,)
        return x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _short_repr(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def check_positive_int(value: Any, name: str, allow_none: bool = True
                       ) -> int | None:
    """`value` as an int > 0 (or `None` when allowed), else a clear error."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"`{name}` must be a positive integer"
            f"{' or None' if allow_none else ''}. "
            f"Received: {name}={value!r} (of type {type(value).__name__})."
        )
    if value <= 0:
        raise ValueError(
            f"`{name}` must be a positive integer"
            f"{' or None' if allow_none else ''}. Received: {name}={value!r}."
        )
    return int(value)


def check_shuffle(shuffle: Any) -> bool | str:
    """`shuffle` as `True`, `False` or `"batch"`, else a `ValueError`."""
    if isinstance(shuffle, (bool, np.bool_)):
        return bool(shuffle)
    if isinstance(shuffle, str) and shuffle == "batch":
        return shuffle
    raise ValueError(
        "`shuffle` must be True, False or \"batch\". "
        f"Received: shuffle={shuffle!r}."
    )


# --------------------------------------------------------------------------
# leaves: what counts as an array, and how it reaches the host
# --------------------------------------------------------------------------


def _is_python_number(x) -> bool:
    return isinstance(x, (bool, int, float, complex, np.generic))


def is_number_list(x) -> bool:
    """Whether `x` is a (nested) list/tuple of Python numbers only, which
    is read as one array (`[1., 2.]`), not as a structure of inputs."""
    if not isinstance(x, (list, tuple)) or not x:
        return False
    return all(_is_python_number(v) or is_number_list(v) for v in x)


def _module(x) -> str:
    return type(x).__module__.split(".")[0]


def is_torch_tensor(x) -> bool:
    return _module(x) == "torch" and hasattr(x, "detach")


def is_array_leaf(x) -> bool:
    """Whether `x` can be sliced along its first axis as one array: NumPy,
    torch, jax (anything with `__array__` and a shape), pandas."""
    if isinstance(x, np.ndarray):
        return True
    if _module(x) == "pandas":
        return hasattr(x, "to_numpy")
    return hasattr(x, "__array__") and hasattr(x, "shape") \
        and not isinstance(x, type)


def to_host_array(x) -> np.ndarray:
    """A NumPy array for an array leaf, without a copy where the source
    allows one (NumPy, torch and jax on the CPU)."""
    if isinstance(x, np.ndarray):
        return x
    if is_torch_tensor(x):
        x = x.detach().cpu()
        if str(x.dtype) == "torch.bfloat16":  # NumPy has no bfloat16
            x = x.float()
        return x.numpy()
    if _module(x) == "pandas":
        return x.to_numpy()
    if isinstance(x, (list, tuple)):
        arr = np.asarray(x)
        if arr.dtype == np.float64:
            return cast_to_floatx(arr)
        if arr.dtype == np.int64:
            return arr.astype(np.int32)
        return arr
    return np.asarray(x)


def numpy_floatx() -> np.dtype | None:
    """`floatx()` as a NumPy dtype, or None when NumPy has no such type
    (bfloat16). Comparing dtypes is much cheaper than reading
    `dtype.name`."""
    return _numpy_float(config.floatx())


@functools.cache
def _numpy_float(name: str) -> np.dtype | None:
    return np.dtype(name) if name in _NUMPY_FLOATS else None


def cast_to_floatx(arr: np.ndarray) -> np.ndarray:
    """`arr` in `floatx()` when it holds floats of another width (Keras
    casts float inputs to the default float type); ints stay ints, and so
    do floats when NumPy has no `floatx()` type (the engine casts)."""
    if arr.dtype.kind != "f":
        return arr
    target = numpy_floatx()
    if target is None or arr.dtype == target:
        return arr
    return arr.astype(target)


def num_samples(leaf) -> int:
    shape = getattr(leaf, "shape", None)
    if not shape:
        raise ValueError(
            "Every input array must have a first (sample) axis. "
            f"Received: an array of shape {tuple(shape or ())}."
        )
    return int(shape[0])


def check_cardinality(named: dict) -> int:
    """The common number of samples of the array leaves in `named`
    (`{"x": ..., "y": ..., "sample_weight": ...}`), or a `ValueError` that
    lists each part's sizes."""
    sizes = {name: [num_samples(v) for v in tree.flatten(value)
                    if v is not None]
             for name, value in named.items() if value is not None}
    distinct = {s for values in sizes.values() for s in values}
    if len(distinct) > 1:
        parts = "; ".join(
            f"`{name}` sizes: {', '.join(map(str, values))}"
            for name, values in sizes.items())
        raise ValueError(
            "Data cardinality is ambiguous: all arrays must contain the same "
            f"number of samples (first axis). Received: {parts}."
        )
    return distinct.pop() if distinct else 0


def can_convert_arrays(value: Any) -> bool:
    """Whether `value` is `None`, an array, a list of numbers, or a nested
    list/tuple/dict of those."""
    if value is None or is_number_list(value):
        return True
    if isinstance(value, dict):
        return all(can_convert_arrays(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(can_convert_arrays(v) for v in value)
    return is_array_leaf(value)


def to_host_arrays(value: Any, name: str, in_batch: bool = False,
                   keep_torch: bool = False) -> Any:
    """`value` with every leaf a NumPy array (the structure kept), or a
    `TypeError` naming the part (`x`, `y`, `sample_weight`) and the type.

    `in_batch` (a batch a generator made) also accepts Python scalars;
    `keep_torch` leaves torch tensors as they are.
    """
    if value is None:
        return None
    if is_number_list(value):
        return to_host_array(value)
    if isinstance(value, dict):
        return {k: to_host_arrays(v, f"{name}[{k!r}]", in_batch, keep_torch)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [to_host_arrays(v, f"{name}[{i}]", in_batch, keep_torch)
                 for i, v in enumerate(value)]
        if hasattr(value, "_fields"):
            return type(value)(*items)
        return type(value)(items)
    if keep_torch and is_torch_tensor(value):
        return value
    if is_array_leaf(value):
        return to_host_array(value)
    if in_batch and _is_python_number(value):
        return np.asarray(value)
    raise TypeError(
        f"`{name}` must be a NumPy array, a list of numbers, a torch or jax "
        "tensor, a pandas DataFrame/Series, or a list/tuple/dict of these. "
        f"Received: {name}={_short_repr(value)} "
        f"(of type {type(value).__name__})."
    )


def standardize_batch(data: Any, class_weight: dict | None = None,
                      keep_torch: bool = False) -> tuple:
    """One batch made by user code (a generator, a PyDataset, a DataLoader)
    as `(x, y, sample_weight)` of host arrays, floats in `floatx()`, with
    `class_weight` applied."""
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    x, y, sample_weight = (
        to_host_arrays(part, name, in_batch=True, keep_torch=keep_torch)
        for part, name in ((x, "x"), (y, "y"),
                           (sample_weight, "sample_weight")))
    if class_weight is not None:
        if sample_weight is not None:
            raise ValueError(
                "`class_weight` and `sample_weight` cannot be used together, "
                "but the data yields a `sample_weight` as well."
            )
        if y is None:
            raise ValueError(
                "`class_weight` needs targets: the data must yield "
                "`(x, y)` batches. Received a batch without `y`."
            )
        sample_weight = class_weight_to_sample_weights(y, class_weight)
    return tuple(
        tree.map_structure(
            lambda a: cast_to_floatx(a) if isinstance(a, np.ndarray) else a,
            part)
        for part in (x, y, sample_weight))


# --------------------------------------------------------------------------
# class_weight
# --------------------------------------------------------------------------


def check_class_weight(class_weight: Any) -> dict | None:
    """`class_weight` validated: `None` or a dict `{class index: weight}`."""
    if class_weight is None:
        return None
    if not isinstance(class_weight, dict):
        raise TypeError(
            "`class_weight` must be a dict mapping class indices (ints) to "
            f"weights. Received: class_weight={_short_repr(class_weight)} "
            f"(of type {type(class_weight).__name__})."
        )
    bad = [k for k in class_weight if isinstance(k, bool)
           or not isinstance(k, numbers.Integral) or k < 0]
    if bad:
        raise ValueError(
            "`class_weight` keys must be non-negative integer class indices. "
            f"Received: class_weight={_short_repr(class_weight)}."
        )
    return class_weight


def class_weight_to_sample_weights(y: Any, class_weight: dict
                                   ) -> np.ndarray:
    """Per-sample weights from `class_weight` for one batch of targets.

    `y` holds class indices (shape `(n,)` or `(n, 1)`) or one-hot /
    probability rows (shape `(n, k)`, read through `argmax`). Classes
    missing from `class_weight` get weight 1, as in Keras.
    """
    leaves = [v for v in tree.flatten(y) if v is not None]
    if len(leaves) != 1:
        raise ValueError(
            "`class_weight` is only supported for models with a single "
            f"output; `y` has {len(leaves)} arrays. Use `sample_weight` "
            "instead, or a loss with built-in class weighting."
        )
    labels = np.asarray(to_host_array(leaves[0]))
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = np.argmax(labels, axis=1)
    elif labels.ndim == 2:
        labels = labels[:, 0]
    elif labels.ndim != 1:
        raise ValueError(
            "`class_weight` needs `y` of shape (samples,), (samples, 1) or "
            f"(samples, classes). Received: y of shape {labels.shape}."
        )
    if labels.dtype.kind == "f":
        labels = np.rint(labels)
    labels = labels.astype(np.int64)
    size = max(max(class_weight) + 1, int(labels.max(initial=0)) + 1)
    table = np.ones(size, dtype=config.floatx()
                    if config.floatx() in _NUMPY_FLOATS else np.float32)
    for k, w in class_weight.items():
        table[int(k)] = w
    return table[labels]
