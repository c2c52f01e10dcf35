"""`StringLookup`: maps strings to vocabulary indices (and back)."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from cornu import ops
from cornu.layers.preprocessing._index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps strings to integer indices through a vocabulary, or encodes
    them as one-hot, multi-hot, count or TF-IDF vectors.

    The vocabulary is given (`vocabulary=`, `set_vocabulary`) or learned
    with `adapt` (most frequent first). In `"int"` mode the indices are:
    the mask token (when set) 0, then `num_oov_indices` indices for
    out-of-vocabulary (OOV) strings, then the vocabulary. With
    `invert=True` the layer maps indices back to strings.

    cornu has no string tensors: the layer works on the host. Inputs are
    NumPy string/bytes/object arrays or (nested) Python lists; the outputs
    are engine tensors (a NumPy object array of `str` with `invert=True`).
    It cannot take a symbolic `Input` (there is no string dtype), so use it
    in the data pipeline, as Keras does on jax and torch.

    Differences from Keras: with `num_oov_indices > 1`, OOV strings are
    spread over the OOV indices by CRC32 of their encoded bytes, where
    Keras uses FarmHash64 (both are deterministic; the buckets differ).
    `salt` and `sparse=True` are not supported.

    Args:
        max_tokens: the largest vocabulary size, special tokens included;
            `None` means no cap.
        num_oov_indices: the number of OOV indices; with 0, an OOV input
            raises.
        mask_token: the string that marks masked inputs (index 0 in
            `"int"` mode; dropped in the other modes); `None` means none.
        oov_token: the string `invert` returns for OOV indices.
        vocabulary: a list or 1-D array of strings, or a text file path
            (one token per line).
        idf_weights: the inverse document frequencies (`"tf_idf"` only).
        invert: whether to map indices to strings.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or
            `"tf_idf"`.
        pad_to_max_tokens: whether the encoded outputs have `max_tokens`
            entries whatever the vocabulary size.
        sparse: only `False` is supported.
        encoding: the text encoding of `bytes` inputs.
        salt: only `None` is supported.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Example:
    >>> layer = cornu.layers.StringLookup(vocabulary=["a", "b", "c", "d"])
    >>> layer([["a", "c", "d"], ["d", "z", "b"]])
    array([[1, 3, 4],
           [4, 0, 2]])
    """

    _owner = "StringLookup"

    def __init__(self, max_tokens: int | None = None,
                 num_oov_indices: int = 1, mask_token: str | None = None,
                 oov_token: str = "[UNK]", vocabulary: Any = None,
                 idf_weights: Any = None, invert: bool = False,
                 output_mode: str = "int", pad_to_max_tokens: bool = False,
                 sparse: bool = False, encoding: str = "utf-8",
                 salt: Any = None, **kwargs: Any) -> None:
        if salt is not None:
            raise NotImplementedError(
                "StringLookup: `salt` (SipHash OOV buckets) is not "
                f"supported; pass salt=None. Received: salt={salt!r}."
            )
        for name, value in (("mask_token", mask_token),
                            ("oov_token", oov_token)):
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"StringLookup: `{name}` must be a string or None. "
                    f"Received: {name}={value!r}."
                )
        self.encoding = encoding
        super().__init__(
            max_tokens, num_oov_indices, mask_token, oov_token,
            vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
            output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse, **kwargs)

    def _tokens_from(self, data: Any) -> np.ndarray:
        if ops.is_tensor(data) and not isinstance(data, np.ndarray):
            raise TypeError(
                f"StringLookup {self.name!r} takes strings (a NumPy array "
                "or a list); engine tensors cannot hold strings. Received: "
                f"a tensor of dtype {ops.dtype(data)}."
            )
        array = np.asarray(data, dtype=object)
        out = np.empty(array.shape, dtype=object)
        for index, value in np.ndenumerate(array):
            if isinstance(value, bytes):
                value = value.decode(self.encoding)
            elif not isinstance(value, str):
                raise TypeError(
                    f"StringLookup {self.name!r} takes strings. Received: "
                    f"{value!r} of type {type(value).__name__}."
                )
            out[index] = value
        return out

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        if self.num_oov_indices == 1:
            return np.zeros(len(tokens), dtype="int64")
        return np.array([zlib.crc32(t.encode(self.encoding))
                         % self.num_oov_indices for t in tokens.tolist()],
                        dtype="int64")

    def compute_output_spec(self, inputs, **kwargs):
        raise TypeError(
            f"StringLookup {self.name!r} cannot take a symbolic input: "
            "cornu has no string tensors. Call it on NumPy arrays or lists "
            "of strings in the data pipeline, before the model."
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"encoding": self.encoding, "salt": None})
        return config
