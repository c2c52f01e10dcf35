"""`pad_sequences`: lists of sequences of different lengths to one array."""

from __future__ import annotations

import numpy as np

_SIDES = ("pre", "post")


def pad_sequences(sequences, maxlen: int | None = None, dtype="int32",
                  padding: str = "pre", truncating: str = "pre",
                  value=0.0) -> np.ndarray:
    """Pads (or truncates) sequences to a common length.

    Each sequence longer than `maxlen` loses values at the start
    (`truncating="pre"`) or at the end (`"post"`); each shorter one is
    filled with `value` before (`padding="pre"`) or after (`"post"`) its
    values. The elements of a sequence may themselves be arrays (all of
    one shape), which then form the trailing axes of the result.

    Args:
        sequences: a list of sequences (lists or arrays, possibly empty).
        maxlen: the output length; `None` means the longest sequence's.
        dtype: the output dtype (use `object` or a string dtype for
            strings).
        padding: `"pre"` or `"post"`: where the fill goes.
        truncating: `"pre"` or `"post"`: where values are removed.
        value: the fill value.

    Returns:
        A NumPy array of shape `(len(sequences), maxlen) + element_shape`.

    Example:
        >>> from cornu.utils import pad_sequences
        >>> pad_sequences([[1], [2, 3], [4, 5, 6]])
        array([[0, 0, 1],
               [0, 2, 3],
               [4, 5, 6]], dtype=int32)
        >>> pad_sequences([[1], [2, 3], [4, 5, 6]], maxlen=2,
        ...               padding="post", truncating="post", value=-1)
        array([[ 1, -1],
               [ 2,  3],
               [ 4,  5]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            "pad_sequences: `sequences` must be a list of sequences. "
            f"Received: sequences of type {type(sequences).__name__}."
        )
    for name, side in (("padding", padding), ("truncating", truncating)):
        if side not in _SIDES:
            raise ValueError(
                f"pad_sequences: `{name}` must be 'pre' or 'post'. "
                f"Received: {name}={side!r}."
            )
    if maxlen is not None and (
            isinstance(maxlen, bool)
            or not isinstance(maxlen, (int, np.integer)) or maxlen < 0):
        raise ValueError(
            "pad_sequences: `maxlen` must be a non-negative integer or None. "
            f"Received: maxlen={maxlen!r}."
        )
    lengths = []
    element_shape: tuple = ()
    found_shape = False
    for i, sequence in enumerate(sequences):
        try:
            lengths.append(len(sequence))
        except TypeError as error:
            raise ValueError(
                "pad_sequences: every element of `sequences` must be a "
                f"sequence with a length. Received: sequences[{i}]="
                f"{sequence!r}."
            ) from error
        if not found_shape and len(sequence):
            element_shape = np.asarray(sequence).shape[1:]
            found_shape = True
    if maxlen is None:
        maxlen = max(lengths, default=0)
    is_text = np.issubdtype(np.dtype(dtype), np.str_)
    if isinstance(value, str) and np.dtype(dtype) != object and not is_text:
        raise ValueError(
            f"pad_sequences: `dtype` {dtype!r} cannot hold the string fill "
            "`value`; use dtype=object or a string dtype. "
            f"Received: value={value!r}."
        )
    out = np.full((len(sequences), maxlen) + element_shape, value,
                  dtype=dtype)
    if maxlen == 0:
        return out
    for i, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        kept = sequence[-maxlen:] if truncating == "pre" \
            else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != element_shape:
            raise ValueError(
                f"pad_sequences: the elements of sequences[{i}] have shape "
                f"{kept.shape[1:]}, unlike the first non-empty sequence's "
                f"{element_shape}. Received: sequences[{i}] of shape "
                f"{kept.shape}."
            )
        if padding == "post":
            out[i, :len(kept)] = kept
        else:
            out[i, maxlen - len(kept):] = kept
    return out
