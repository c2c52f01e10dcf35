"""`to_categorical` and `normalize`: the Keras array helpers for labels and
feature vectors.

Both accept NumPy arrays and nested lists (answered in NumPy, `float64`
as Keras does on its torch and JAX backends) and engine tensors (answered
with `cornu.ops` on the engine).
"""

from __future__ import annotations

import numpy as np

from cornu import ops


def _is_engine_tensor(x) -> bool:
    return not isinstance(x, (np.ndarray, np.generic, list, tuple, int,
                              float)) and ops.is_tensor(x)


def to_categorical(x, num_classes: int | None = None):
    """Converts a class vector (integers) to a one-hot class matrix.

    A trailing axis of size 1 is dropped first, so labels of shape `(n, 1)`
    give `(n, num_classes)`, as in Keras.

    Args:
        x: integer class labels in `[0, num_classes)`: an array-like or an
            engine tensor, of any shape.
        num_classes: the number of classes; `None` means `max(x) + 1`.

    Returns:
        The one-hot encoding, of shape `x.shape + (num_classes,)` (minus a
        trailing 1): a `float64` NumPy array for array-like input, a tensor
        of the default float type for a tensor.

    Example:
        >>> from cornu.utils import to_categorical
        >>> to_categorical([0, 2, 1])
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]])
        >>> to_categorical([[1], [3]], num_classes=4).shape
        (2, 4)
    """
    if num_classes is not None and (
            isinstance(num_classes, bool)
            or not isinstance(num_classes, (int, np.integer))
            or num_classes < 1):
        raise ValueError(
            "to_categorical: `num_classes` must be a positive integer or "
            f"None. Received: num_classes={num_classes!r}."
        )
    if _is_engine_tensor(x):
        shape = tuple(ops.shape(x))
        if len(shape) > 1 and shape[-1] == 1:
            x = ops.reshape(x, shape[:-1])
        if num_classes is None:
            num_classes = int(ops.convert_to_numpy(ops.max(x))) + 1
        return ops.one_hot(x, num_classes)
    labels = np.asarray(x)
    if labels.size and not np.all(np.mod(labels, 1) == 0):
        raise ValueError(
            "to_categorical: `x` must hold integer class labels. "
            f"Received: x with values such as {labels.reshape(-1)[:3]!r}."
        )
    labels = labels.astype("int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must be in [0, {num_classes}) for "
            f"num_classes={num_classes}. Received: labels from "
            f"{labels.min()} to {labels.max()}."
        )
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x, axis: int | None = -1, order: int | float = 2):
    """Divides `x` by its `order`-norm along `axis`.

    For array-like input, a norm of zero is replaced by 1 (so zero vectors
    stay zero), as Keras does for NumPy input; for an engine tensor, the
    result is `cornu.ops.normalize(x, axis, order)`. (Keras 3 divides
    NumPy input by norms laid out along the last axis whatever `axis` is;
    cornu divides along `axis`, so `axis=0` normalizes columns.)

    Args:
        x: an array-like or an engine tensor.
        axis: the axis along which the norm is taken.
        order: the order of the norm (2 for L2, 1 for L1, ...).

    Returns:
        The normalized array, of `x`'s shape.

    Example:
        >>> import numpy as np
        >>> from cornu.utils import normalize
        >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
        array([[0.6, 0.8],
               [0. , 0. ]])
    """
    if _is_engine_tensor(x):
        return ops.normalize(x, axis=axis, order=order)
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype("float64")
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis if axis is not None else -1)
