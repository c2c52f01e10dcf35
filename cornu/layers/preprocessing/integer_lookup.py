"""`IntegerLookup`: maps integer tokens to vocabulary indices (and back)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import ops
from cornu.layers.preprocessing import _encoding
from cornu.layers.preprocessing._index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Maps integer tokens (ids, codes, years...) to contiguous indices
    through a vocabulary, or encodes them as one-hot, multi-hot, count or
    TF-IDF vectors.

    The vocabulary is given (`vocabulary=`, `set_vocabulary`) or learned
    with `adapt` (most frequent first). In `"int"` mode the indices are:
    the mask token (when set) 0, then `num_oov_indices` indices for
    out-of-vocabulary (OOV) tokens, then the vocabulary. OOV tokens go to
    OOV index `token % num_oov_indices`, as in Keras. With `invert=True`
    the layer maps indices back to tokens.

    NumPy arrays and lists are looked up on the host; engine tensors (as
    inside a model, also in a compiled step) are looked up with `cornu.ops`
    by comparing against the vocabulary, which costs memory proportional
    to `inputs.size * vocabulary_size`. The two give the same numbers,
    except that with `num_oov_indices=0` an OOV input raises on the host
    but gives -1 in a model (an error needs concrete values).
    `sparse=True` is not supported.

    Args:
        max_tokens: the largest vocabulary size, special tokens included;
            `None` means no cap.
        num_oov_indices: the number of OOV indices; with 0, an OOV input
            raises.
        mask_token: the token that marks masked inputs (index 0 in `"int"`
            mode; dropped in the other modes); `None` means none.
        oov_token: the token `invert` returns for OOV indices.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or
            `"tf_idf"`.
        pad_to_max_tokens: whether the encoded outputs have `max_tokens`
            entries whatever the vocabulary size.
        sparse: only `False` is supported.
        vocabulary: a list or 1-D array of ints, or a text file path.
        vocabulary_dtype: the token dtype; only `"int64"`.
        idf_weights: the inverse document frequencies (`"tf_idf"` only).
        invert: whether to map indices to tokens.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Example:
    >>> layer = cornu.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> layer(np.array([[12, 1138, 42], [42, 1000, 36]]))
    array([[1, 3, 4],
           [4, 0, 2]])
    """

    _owner = "IntegerLookup"

    def __init__(self, max_tokens: int | None = None,
                 num_oov_indices: int = 1, mask_token: int | None = None,
                 oov_token: int = -1, output_mode: str = "int",
                 pad_to_max_tokens: bool = False, sparse: bool = False,
                 vocabulary: Any = None, vocabulary_dtype: str = "int64",
                 idf_weights: Any = None, invert: bool = False,
                 **kwargs: Any) -> None:
        salt = kwargs.pop("salt", None)
        if salt is not None:
            raise NotImplementedError(
                "IntegerLookup: `salt` (SipHash OOV buckets) is not "
                f"supported; pass salt=None. Received: salt={salt!r}."
            )
        if vocabulary_dtype != "int64":
            raise ValueError(
                "IntegerLookup: only vocabulary_dtype='int64' is supported. "
                f"Received: vocabulary_dtype={vocabulary_dtype!r}."
            )
        for name, value in (("mask_token", mask_token),
                            ("oov_token", oov_token)):
            if value is not None and (not isinstance(
                    value, numbers.Integral) or isinstance(value, bool)):
                raise TypeError(
                    f"IntegerLookup: `{name}` must be an integer or None. "
                    f"Received: {name}={value!r}."
                )
        self.vocabulary_dtype = vocabulary_dtype
        super().__init__(
            max_tokens, num_oov_indices,
            None if mask_token is None else int(mask_token),
            None if oov_token is None else int(oov_token),
            vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
            output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse, **kwargs)

    def call(self, inputs):
        if ops.is_tensor(inputs) and not isinstance(inputs, np.ndarray):
            return self._call_with_ops(inputs)
        return super().call(inputs)

    def _call_with_ops(self, inputs):
        self._require_vocabulary()
        if self.invert:
            table = np.asarray([*self.get_vocabulary(), self.oov_token],
                               dtype="int64")
            index = ops.cast(inputs, "int32")
            n = len(table) - 1
            index = ops.where(ops.logical_and(index >= 0, index < n), index,
                              n)
            return ops.take(ops.convert_to_tensor(table), index)
        x = inputs
        base = self._mask_offset + self.num_oov_indices
        if self.num_oov_indices:
            index = ops.mod(x, self.num_oov_indices) + self._mask_offset
        else:
            index = ops.full_like(x, -1)
        if self._tokens:
            vocab = ops.cast(ops.convert_to_tensor(
                np.asarray(self._tokens, dtype="int64")), ops.dtype(x))
            hits = ops.equal(ops.expand_dims(x, -1), vocab)
            position = ops.argmax(ops.cast(hits, "int32"), axis=-1)
            index = ops.where(ops.any(hits, axis=-1),
                              ops.cast(position, ops.dtype(index)) + base,
                              index)
        if self.mask_token is not None:
            index = ops.where(ops.equal(x, self.mask_token),
                              0 if self._mask_offset else -1, index)
        if self.output_mode == "int":
            return ops.cast(index, "int64")
        idf = None
        if self.output_mode == "tf_idf":
            idf = ops.convert_to_tensor(self._idf_vector())
        return _encoding.encode(ops.cast(index, "int32"), self._depth(),
                                self.output_mode, self.compute_dtype,
                                idf_weights=idf)

    def _tokens_from(self, data: Any) -> np.ndarray:
        if ops.is_tensor(data):
            data = ops.convert_to_numpy(data)
        if isinstance(data, list) and data and isinstance(data[0], str):
            data = [int(v) for v in data]  # a vocabulary file's lines
        array = np.asarray(data)
        if array.dtype.kind not in "iu":
            raise TypeError(
                f"IntegerLookup {self.name!r} takes integers. Received: "
                f"data of dtype {array.dtype}."
            )
        return array.astype("int64")

    def _check_oov_method(self, oov_method: str, num_oov_indices) -> None:
        if oov_method == "farmhash" and num_oov_indices > 1:
            raise NotImplementedError(
                "IntegerLookup: oov_method='farmhash' is not supported with "
                "several OOV indices; OOV integers use `token % "
                "num_oov_indices`. Pass oov_method='floormod'. Received: "
                f"oov_method={oov_method!r}, "
                f"num_oov_indices={num_oov_indices}."
            )

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        return np.mod(tokens, self.num_oov_indices).astype("int64")

    def _inverted_output(self, tokens: np.ndarray):
        return ops.convert_to_tensor(tokens.astype("int64"))

    def get_config(self) -> dict:
        config = super().get_config()
        config["vocabulary_dtype"] = self.vocabulary_dtype
        return config
