"""`IndexLookup`: the vocabulary machinery of `StringLookup` and
`IntegerLookup` (and `TextVectorization`), run on the host with NumPy.

Index layout, as in Keras: in `"int"` mode the mask token (when set) is
index 0, then `num_oov_indices` out-of-vocabulary (OOV) indices, then the
vocabulary; in the other modes the mask token has no slot and masked
inputs contribute nothing. `adapt` orders tokens by decreasing count and
breaks ties by decreasing token.
"""

from __future__ import annotations

import collections
import functools
import numbers
import os
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _encoding

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
# The asset file Keras 3 writes for a lookup layer's vocabulary.
VOCABULARY_FILENAME = "vocabulary.txt"


@functools.cache
def engine_int64() -> str:
    """The dtype an `int64` array has on the active engine (`int32` on jax
    without x64)."""
    return ops.dtype(ops.zeros((), "int64"))


class IndexLookup(Layer):
    """Base of the lookup layers; subclasses convert tokens
    (`_tokens_from`) and pick the OOV bucket of unknown tokens
    (`_oov_buckets`)."""

    _owner = "IndexLookup"

    def __init__(self, max_tokens: int | None, num_oov_indices: int,
                 mask_token: Any, oov_token: Any, vocabulary: Any = None,
                 idf_weights: Any = None, invert: bool = False,
                 output_mode: str = "int", pad_to_max_tokens: bool = False,
                 sparse: bool = False, **kwargs: Any) -> None:
        owner = self._owner
        _encoding.check_output_mode(owner, output_mode, OUTPUT_MODES)
        if max_tokens is not None and (
                not isinstance(max_tokens, numbers.Integral)
                or isinstance(max_tokens, bool) or max_tokens <= 1):
            raise ValueError(
                f"{owner}: `max_tokens` must be an integer greater than 1 "
                f"or None. Received: max_tokens={max_tokens!r}."
            )
        if not isinstance(num_oov_indices, numbers.Integral) or isinstance(
                num_oov_indices, bool) or num_oov_indices < 0:
            raise ValueError(
                f"{owner}: `num_oov_indices` must be a non-negative integer. "
                f"Received: num_oov_indices={num_oov_indices!r}."
            )
        if invert and output_mode != "int":
            raise ValueError(
                f"{owner}: `invert=True` needs output_mode='int'. "
                f"Received: output_mode={output_mode!r}."
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                f"{owner}: `pad_to_max_tokens=True` needs `max_tokens`. "
                "Received: max_tokens=None."
            )
        if sparse:
            raise NotImplementedError(
                f"{owner}: sparse outputs are not supported (cornu has no "
                "sparse tensors); pass sparse=False."
            )
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                f"{owner}: `idf_weights` applies only with "
                f"output_mode='tf_idf'. Received: output_mode={output_mode!r}."
            )
        if "dtype" not in kwargs or kwargs["dtype"] is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        # Keras's configs record the vocabulary size; the vocabulary (in
        # the config or the archive's assets) defines it here.
        kwargs.pop("vocabulary_size", None)
        # Also in Keras's configs: how OOV integers pick their bucket.
        # Strings are always hashed; integers take `token % n` (floormod).
        oov_method = kwargs.pop("oov_method", "floormod")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(
                f"{owner}: `oov_method` must be 'floormod' or 'farmhash'. "
                f"Received: oov_method={oov_method!r}."
            )
        self._check_oov_method(oov_method, num_oov_indices)
        super().__init__(**kwargs)
        self.autocast = False
        # As Keras: a vocabulary passed as tokens lives in the config; any
        # other (adapted, set later, read from a file) is saved as an asset.
        self._vocabulary_in_config = vocabulary is not None and not (
            isinstance(vocabulary, str))
        self.max_tokens = max_tokens
        self.num_oov_indices = int(num_oov_indices)
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.invert = bool(invert)
        self.output_mode = output_mode
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.sparse = False
        self._tokens: list | None = None
        self._token_idf: np.ndarray | None = None
        self._oov_idf: np.ndarray | None = None
        self._loaded_idf: np.ndarray | None = None
        self.built = True
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        elif output_mode == "tf_idf" and idf_weights is not None:
            raise ValueError(
                f"{owner}: `idf_weights` needs a `vocabulary`. Received: "
                "vocabulary=None."
            )

    # ------------------------------------------------------------------
    # subclass hooks
    # ------------------------------------------------------------------
    def _tokens_from(self, data: Any) -> np.ndarray:
        raise NotImplementedError

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _check_oov_method(self, oov_method: str, num_oov_indices) -> None:
        """Refuses an `oov_method` the subclass cannot follow."""

    # ------------------------------------------------------------------
    # vocabulary
    # ------------------------------------------------------------------
    @property
    def _mask_offset(self) -> int:
        return int(self.mask_token is not None and self.output_mode == "int")

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None
                       ) -> None:
        """Sets the vocabulary (and, in `"tf_idf"` mode, its idf weights).

        Args:
            vocabulary: a list or 1-D array of tokens, or the path of a text
                file with one token per line. It may start with the special
                tokens as `get_vocabulary()` lists them (mask token, then
                the OOV tokens); they are recognized and skipped.
            idf_weights: one weight per token (`"tf_idf"` only); when the
                vocabulary starts with the OOV tokens, one per OOV index
                too, otherwise OOV indices get the mean weight.
        """
        owner = f"{self._owner} {self.name!r}"
        if isinstance(vocabulary, str):
            if not os.path.exists(vocabulary):
                raise ValueError(
                    f"{owner}: the vocabulary file {vocabulary!r} does not "
                    "exist. Pass a list of tokens or an existing file path."
                )
            with open(vocabulary, encoding="utf-8") as f:
                vocabulary = [line.rstrip("\n") for line in f]
        tokens = list(self._tokens_from(vocabulary).ravel().tolist())
        if self.mask_token is not None and tokens[:1] == [self.mask_token]:
            tokens = tokens[1:]
        n_oov = self.num_oov_indices
        oov_given = n_oov > 0 and tokens[:n_oov] == [self.oov_token] * n_oov
        if oov_given:
            tokens = tokens[n_oov:]
        specials = [t for t in (self.mask_token, self.oov_token)
                    if t is not None and t in tokens]
        if specials:
            raise ValueError(
                f"{owner}: the vocabulary holds the special token "
                f"{specials[0]!r} in a position other than the start. "
                "Remove it or put the special tokens first, in the order "
                "`get_vocabulary()` gives."
            )
        if len(set(tokens)) != len(tokens):
            repeated = [t for t, c in collections.Counter(tokens).items()
                        if c > 1]
            raise ValueError(
                f"{owner}: the vocabulary must not repeat tokens. "
                f"Received: repeated tokens {repeated[:5]}."
            )
        size = len(tokens) + n_oov + self._mask_offset
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                f"{owner}: the vocabulary and its special tokens hold {size} "
                f"entries, more than max_tokens={self.max_tokens}."
            )
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(
                    f"{owner}: output_mode='tf_idf' needs `idf_weights` "
                    "with the vocabulary. Received: idf_weights=None."
                )
            idf = np.asarray(ops.convert_to_numpy(idf_weights)
                             if ops.is_tensor(idf_weights) else idf_weights,
                             dtype="float64").ravel()
            expected = len(tokens) + (n_oov if oov_given else 0)
            if idf.size != expected:
                raise ValueError(
                    f"{owner}: `idf_weights` must hold one weight per "
                    f"vocabulary entry ({expected}). Received: "
                    f"{idf.size} weights."
                )
            if oov_given:
                self._oov_idf, self._token_idf = idf[:n_oov], idf[n_oov:]
            else:
                self._token_idf = idf
                self._oov_idf = np.full(n_oov, idf.mean() if idf.size else 0)
        elif idf_weights is not None:
            raise ValueError(
                f"{owner}: `idf_weights` applies only with "
                f"output_mode='tf_idf'. Received: "
                f"output_mode={self.output_mode!r}."
            )
        self._tokens = tokens
        self._index = {t: i for i, t in enumerate(tokens)}

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary, by index: with `include_special_tokens`, the
        mask token (in `"int"` mode) and the OOV tokens first."""
        tokens = list(self._tokens or [])
        if not include_special_tokens:
            return tokens
        specials = [self.oov_token] * self.num_oov_indices
        if self._mask_offset:
            specials = [self.mask_token, *specials]
        return specials + tokens

    def vocabulary_size(self) -> int:
        """The number of indices the layer produces, special tokens
        included."""
        return len(self.get_vocabulary())

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Builds the vocabulary from `data` (an array, nested lists, or
        an iterable of batches): the most frequent tokens first, ties by
        decreasing token, at most `max_tokens` entries with the special
        tokens. In `"tf_idf"` mode each sample (row) is a document and a
        token's idf is `log(1 + n_documents / (1 + document_count))`."""
        counts: collections.Counter = collections.Counter()
        doc_counts: collections.Counter = collections.Counter()
        n_docs = 0
        for i, batch in enumerate(_batches(data)):
            if steps is not None and i >= steps:
                break
            tokens = self._tokens_from(batch)
            for doc in (tokens.reshape(len(tokens), -1) if tokens.ndim
                        else tokens.reshape(1, 1)):
                doc = [t for t in doc.tolist() if t != self.mask_token]
                counts.update(doc)
                doc_counts.update(set(doc))
                n_docs += 1
        counts.pop(self.oov_token, None)
        ordered = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]),
                         reverse=True)
        tokens = [t for t, _ in ordered]
        if self.max_tokens is not None:
            tokens = tokens[:max(0, self.max_tokens - self.num_oov_indices
                                 - self._mask_offset)]
        idf = None
        if self.output_mode == "tf_idf":
            idf = np.log1p(n_docs / (1.0 + np.array(
                [doc_counts[t] for t in tokens], dtype="float64")))
        self._tokens = None
        self.set_vocabulary(tokens, idf)

    # ------------------------------------------------------------------
    # saving
    # ------------------------------------------------------------------
    def save_assets(self, dir_path: str) -> None:
        """Writes the vocabulary to `dir_path/vocabulary.txt` (one token
        per line, special tokens first), as Keras 3 does in a `.keras`
        archive's `assets/` folder. Nothing is written when the vocabulary
        was passed to the constructor (the config holds it) or when there
        is none yet.

        Args:
            dir_path: an existing folder for this layer's assets.
        """
        if self._vocabulary_in_config or self._tokens is None:
            return
        text = "\n".join(str(t) for t in self.get_vocabulary())
        with open(os.path.join(dir_path, VOCABULARY_FILENAME), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write(text)

    def load_assets(self, dir_path: str) -> None:
        """Sets the vocabulary from `dir_path/vocabulary.txt` (see
        `save_assets`); the idf weights of `"tf_idf"` mode come from the
        weights file, loaded before the assets. Does nothing when the
        vocabulary was passed to the constructor or the file is absent.

        Args:
            dir_path: the folder of this layer's assets.
        """
        path = os.path.join(dir_path, VOCABULARY_FILENAME)
        if self._vocabulary_in_config or not os.path.isfile(path):
            return
        with open(path, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        if all(line.endswith("\r") for line in lines[:-1]) and len(lines) > 1:
            lines = [line.removesuffix("\r") for line in lines]  # CRLF file
        while lines and lines[-1] == "":
            lines.pop()
        idf = None
        if self.output_mode == "tf_idf":
            idf = self._loaded_idf
            if idf is None:
                raise ValueError(
                    f"{self._owner} {self.name!r}: output_mode='tf_idf' "
                    "needs the idf weights from the weights file before "
                    "the vocabulary asset. Received: no `idf_weights` "
                    "entry."
                )
            idf = idf[:len(lines)]  # Keras pads it to `max_tokens`
        self.set_vocabulary(lines, idf)

    def _save_named_arrays(self) -> dict:
        """Arrays a weights file stores by name under this layer's `vars`
        group: in `"tf_idf"` mode Keras keeps the idf weight of every
        output slot as `idf_weights`."""
        if self.output_mode != "tf_idf" or self._tokens is None:
            return {}
        return {"idf_weights": self._idf_vector()}

    def _load_named_arrays(self, arrays: dict) -> None:
        """Keeps a weights file's `idf_weights` for `load_assets` (Keras
        loads the weights before the vocabulary asset)."""
        idf = arrays.get("idf_weights")
        self._loaded_idf = (None if idf is None
                            else np.asarray(idf, "float64").ravel())

    # ------------------------------------------------------------------
    # calling
    # ------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, SymbolicTensor):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs, *args, **kwargs)

    def _require_vocabulary(self) -> None:
        if self._tokens is None:
            raise RuntimeError(
                f"{self._owner} {self.name!r} has no vocabulary yet. Pass "
                "`vocabulary=` or call `adapt(data)` first."
            )

    def _depth(self) -> int:
        if self.pad_to_max_tokens:
            return self.max_tokens
        return self.vocabulary_size()

    def call(self, inputs):
        self._require_vocabulary()
        if self.invert:
            return self._invert(inputs)
        tokens = self._tokens_from(inputs)
        indices = self.lookup(tokens)
        if self.output_mode == "int":
            return ops.convert_to_tensor(indices, "int64")
        idf = None
        if self.output_mode == "tf_idf":
            idf = ops.convert_to_tensor(self._idf_vector())
        return _encoding.encode(
            ops.convert_to_tensor(indices.astype("int32")), self._depth(),
            self.output_mode, self.compute_dtype, idf_weights=idf)

    def _idf_vector(self) -> np.ndarray:
        """The idf weight of every output slot (OOV first, padding 0)."""
        idf = np.zeros(self._depth(), "float32")
        idf[:self.num_oov_indices] = self._oov_idf
        idf[self.num_oov_indices:self.vocabulary_size()] = self._token_idf
        return idf

    def lookup(self, tokens: np.ndarray) -> np.ndarray:
        """The int64 index of each token (`-1` for the mask token outside
        `"int"` mode)."""
        flat = tokens.ravel()
        uniques, inverse = np.unique(flat, return_inverse=True)
        table = np.empty(len(uniques), dtype="int64")
        base = self._mask_offset + self.num_oov_indices
        oov = []
        for i, t in enumerate(uniques.tolist()):
            if self.mask_token is not None and t == self.mask_token:
                table[i] = 0 if self._mask_offset else -1
                continue
            found = self._index.get(t)
            if found is None:
                oov.append(i)
            else:
                table[i] = base + found
        if oov:
            if self.num_oov_indices == 0:
                raise ValueError(
                    f"{self._owner} {self.name!r}: with num_oov_indices=0, "
                    "every input must be in the vocabulary. Received: "
                    f"out-of-vocabulary token(s) "
                    f"{uniques[oov][:5].tolist()}."
                )
            table[oov] = self._mask_offset + self._oov_buckets(uniques[oov])
        return table[inverse].reshape(tokens.shape)

    def _invert(self, inputs):
        indices = np.asarray(ops.convert_to_numpy(inputs)
                             if ops.is_tensor(inputs) else inputs)
        vocab = self.get_vocabulary()
        table = np.empty(len(vocab) + 1, dtype=object)
        table[:len(vocab)] = vocab
        table[len(vocab)] = self.oov_token
        safe = np.where((indices >= 0) & (indices < len(vocab)), indices,
                        len(vocab))
        return self._inverted_output(table[safe])

    def _inverted_output(self, tokens: np.ndarray):
        return tokens

    def compute_output_spec(self, inputs, **kwargs):
        if self.output_mode == "int":
            return SymbolicTensor(tuple(inputs.shape), engine_int64())
        return SymbolicTensor(
            _encoding.output_shape(inputs.shape, self._depth(),
                                   self.output_mode), self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        vocabulary = idf = None
        if self._tokens is not None:
            vocabulary = self.get_vocabulary()
            if self.output_mode == "tf_idf":
                idf = [float(w) for w in (*self._oov_idf, *self._token_idf)]
        config.update({
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "mask_token": self.mask_token,
            "oov_token": self.oov_token,
            "vocabulary": vocabulary,
            "idf_weights": idf,
            "invert": self.invert,
            "output_mode": self.output_mode,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "sparse": self.sparse,
        })
        return config


def _batches(data: Any):
    """An array or nested lists is one batch; other iterables are
    batches."""
    if isinstance(data, (list, tuple, np.ndarray, str)) or ops.is_tensor(
            data):
        yield data
        return
    for batch in data:
        yield batch[0] if isinstance(batch, tuple) else batch
