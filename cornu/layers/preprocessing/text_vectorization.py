"""`TextVectorization`: turns raw strings into token indices or bag-of-
words vectors (standardize, split, n-grams, vocabulary lookup)."""

from __future__ import annotations

import numbers
import re
import string
from typing import Any

import numpy as np

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.preprocessing._index_lookup import OUTPUT_MODES
from cornu.layers.preprocessing._index_lookup import _batches as _lookup_batches
from cornu.layers.preprocessing.string_lookup import StringLookup

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")


class TextVectorization(Layer):
    """Maps strings to sequences of token indices, or to multi-hot, count
    or TF-IDF vectors over a vocabulary.

    Each string is standardized (lowercased and/or stripped of ASCII
    punctuation, or a callable), split (on whitespace, into characters, or
    a callable), expanded with n-grams (joined by a space), then looked up
    in the vocabulary. In `"int"` mode index 0 is padding (the empty
    string) and index 1 the out-of-vocabulary token `"[UNK]"`; sequences
    are padded with 0 or truncated to `output_sequence_length` (to the
    longest in the batch when `None`).

    cornu has no string tensors: the layer works on the host on NumPy
    arrays or lists of strings and returns engine tensors; use it in the
    data pipeline (it cannot take a symbolic `Input`). `sparse` and
    `ragged` outputs are not supported.

    Args:
        max_tokens: the largest vocabulary size, special tokens included;
            `None` means no cap.
        standardize: `"lower_and_strip_punctuation"`, `"lower"`,
            `"strip_punctuation"`, `None`, or a callable `str -> str`.
        split: `"whitespace"`, `"character"`, `None` (each string is one
            token), or a callable `str -> list[str]`.
        ngrams: `None`, an int `n` (all n-grams from 1 to `n`) or a tuple
            of n-gram sizes.
        output_mode: `"int"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        output_sequence_length: the length of `"int"` outputs; `None`
            means the longest sequence in the batch.
        pad_to_max_tokens: whether vector outputs have `max_tokens`
            entries whatever the vocabulary size.
        vocabulary: a list of tokens or a text file path.
        idf_weights: the inverse document frequencies (`"tf_idf"` only).
        sparse: only `False` is supported.
        ragged: only `False` is supported.
        encoding: the text encoding of `bytes` inputs.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Example:
    >>> layer = cornu.layers.TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["The cat sat.", "The dog!"])
    >>> layer.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'dog', 'cat']
    >>> layer(["the cat ran"])
    array([[2, 5, 1, 0]])
    """

    def __init__(self, max_tokens: int | None = None,
                 standardize: Any = "lower_and_strip_punctuation",
                 split: Any = "whitespace", ngrams: Any = None,
                 output_mode: str = "int",
                 output_sequence_length: int | None = None,
                 pad_to_max_tokens: bool = False, vocabulary: Any = None,
                 idf_weights: Any = None, sparse: bool = False,
                 ragged: bool = False, encoding: str = "utf-8",
                 name: str | None = None, **kwargs: Any) -> None:
        owner = "TextVectorization"
        kwargs.pop("vocabulary_size", None)  # written by get_config
        if standardize not in (None, *_STANDARDIZE) and not callable(
                standardize):
            raise ValueError(
                f"{owner}: `standardize` must be one of "
                f"{(None, *_STANDARDIZE)} or a callable. Received: "
                f"standardize={standardize!r}."
            )
        if split not in (None, *_SPLIT) and not callable(split):
            raise ValueError(
                f"{owner}: `split` must be one of {(None, *_SPLIT)} or a "
                f"callable. Received: split={split!r}."
            )
        self._ngram_sizes = _ngram_sizes(ngrams)
        if output_mode not in OUTPUT_MODES or output_mode == "one_hot":
            raise ValueError(
                f"{owner}: `output_mode` must be one of 'int', 'multi_hot', "
                f"'count', 'tf_idf'. Received: output_mode={output_mode!r}."
            )
        if output_sequence_length is not None:
            if output_mode != "int":
                raise ValueError(
                    f"{owner}: `output_sequence_length` applies only with "
                    f"output_mode='int'. Received: "
                    f"output_mode={output_mode!r}."
                )
            if not isinstance(output_sequence_length, numbers.Integral) or (
                    isinstance(output_sequence_length, bool)
                    or output_sequence_length < 1):
                raise ValueError(
                    f"{owner}: `output_sequence_length` must be a positive "
                    "integer or None. Received: "
                    f"output_sequence_length={output_sequence_length!r}."
                )
        if sparse or ragged:
            raise NotImplementedError(
                f"{owner}: sparse and ragged outputs are not supported; "
                f"pass sparse=False, ragged=False. Received: "
                f"sparse={sparse!r}, ragged={ragged!r}."
            )
        if "dtype" not in kwargs or kwargs["dtype"] is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(name=name, **kwargs)
        self.autocast = False
        self.max_tokens = max_tokens
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.output_mode = output_mode
        self.output_sequence_length = output_sequence_length
        self.pad_to_max_tokens = pad_to_max_tokens
        self.sparse = False
        self.ragged = False
        self.encoding = encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens,
            mask_token="",  # padding; it has a slot in "int" mode only
            vocabulary=vocabulary, idf_weights=idf_weights,
            output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens,
            encoding=encoding, dtype=kwargs["dtype"],
            name=f"{self.name}_lookup")
        self.built = True

    # ------------------------------------------------------------------
    # text processing
    # ------------------------------------------------------------------
    def _strings(self, data: Any) -> list[str]:
        if ops.is_tensor(data) and not isinstance(data, np.ndarray):
            raise TypeError(
                f"TextVectorization {self.name!r} takes strings (a NumPy "
                "array or a list); engine tensors cannot hold strings. "
                f"Received: a tensor of dtype {ops.dtype(data)}."
            )
        array = np.asarray(data, dtype=object)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim == 0:
            array = array.reshape(1)
        if array.ndim != 1:
            raise ValueError(
                f"TextVectorization {self.name!r} expects a batch of strings "
                "of shape `(batch,)` or `(batch, 1)`. Received: shape "
                f"{array.shape}."
            )
        out = []
        for value in array.tolist():
            if isinstance(value, bytes):
                value = value.decode(self.encoding)
            if not isinstance(value, str):
                raise TypeError(
                    f"TextVectorization {self.name!r} takes strings. "
                    f"Received: {value!r} of type {type(value).__name__}."
                )
            out.append(value)
        return out

    def _standardize(self, text: str) -> str:
        mode = self.standardize
        if mode is None:
            return text
        if callable(mode):
            return mode(text)
        if mode in ("lower", "lower_and_strip_punctuation"):
            text = text.lower()
        if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
            text = _PUNCTUATION.sub("", text)
        return text

    def _tokenize(self, text: str) -> list[str]:
        text = self._standardize(text)
        if self.split is None:
            tokens = [text]
        elif callable(self.split):
            tokens = list(self.split(text))
        elif self.split == "whitespace":
            tokens = text.split()
        else:
            tokens = list(text)
        if not self._ngram_sizes:
            return tokens
        grams = []
        for n in self._ngram_sizes:
            grams.extend(" ".join(tokens[i:i + n])
                         for i in range(len(tokens) - n + 1))
        return grams

    # ------------------------------------------------------------------
    # vocabulary
    # ------------------------------------------------------------------
    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Learns the vocabulary (and idf weights in `"tf_idf"` mode) from
        `data`: strings, or an iterable of batches of strings. Each string
        is one document."""
        docs = []
        for i, batch in enumerate(_lookup_batches(data)):
            if steps is not None and i >= steps:
                break
            docs.extend(self._tokenize(t) for t in self._strings(batch))
        width = max((len(d) for d in docs), default=0)
        table = np.full((len(docs), max(width, 1)), "", dtype=object)
        for row, doc in enumerate(docs):
            table[row, :len(doc)] = doc
        self._lookup_layer.adapt(table)

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None
                       ) -> None:
        """Sets the vocabulary (see `StringLookup.set_vocabulary`)."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary by index, with `""` and `"[UNK]"` first in
        `"int"` mode (only `"[UNK]"` in the other modes)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        """The number of indices, special tokens included."""
        return self._lookup_layer.vocabulary_size()

    # As Keras, the layer saves its lookup's state in its own groups too
    # (and the lookup, a sublayer, in `_lookup_layer`).
    def save_assets(self, dir_path: str) -> None:
        """Writes the vocabulary asset (see `StringLookup.save_assets`)."""
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path: str) -> None:
        """Reads the vocabulary asset (see `StringLookup.load_assets`)."""
        self._lookup_layer.load_assets(dir_path)

    def _save_named_arrays(self) -> dict:
        return self._lookup_layer._save_named_arrays()

    def _load_named_arrays(self, arrays: dict) -> None:
        self._lookup_layer._load_named_arrays(arrays)

    # ------------------------------------------------------------------
    # calling
    # ------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        return self.call(inputs, *args, **kwargs)

    def call(self, inputs):
        self._lookup_layer._require_vocabulary()
        docs = [self._tokenize(t) for t in self._strings(inputs)]
        if self.output_mode != "int":
            width = max((len(d) for d in docs), default=0)
            table = np.full((len(docs), max(width, 1)), "", dtype=object)
            for row, doc in enumerate(docs):
                table[row, :len(doc)] = doc
            return self._lookup_layer(table)
        length = self.output_sequence_length
        if length is None:
            length = max((len(d) for d in docs), default=0)
        out = np.zeros((len(docs), length), dtype="int64")
        flat = np.array([t for d in docs for t in d[:length]] or [""],
                        dtype=object)
        indices = self._lookup_layer.lookup(flat)
        start = 0
        for row, doc in enumerate(docs):
            n = min(len(doc), length)
            out[row, :n] = indices[start:start + n]
            start += n
        return ops.convert_to_tensor(out, "int64")

    def compute_output_spec(self, inputs, **kwargs):
        raise TypeError(
            f"TextVectorization {self.name!r} cannot take a symbolic input: "
            "cornu has no string tensors. Call it on NumPy arrays or lists "
            "of strings in the data pipeline, before the model."
        )

    def get_config(self) -> dict:
        config = super().get_config()
        lookup = self._lookup_layer.get_config()
        for name in ("standardize", "split"):
            if callable(getattr(self, name)):
                raise NotImplementedError(
                    f"TextVectorization {self.name!r}: a callable `{name}` "
                    "cannot be saved in the config. Use a named mode, or "
                    "rebuild the layer in code."
                )
        config.update({
            "max_tokens": self.max_tokens,
            "standardize": self.standardize,
            "split": self.split,
            "ngrams": self.ngrams,
            "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "vocabulary": lookup["vocabulary"],
            "idf_weights": lookup["idf_weights"],
            "encoding": self.encoding,
            "vocabulary_size": (self.vocabulary_size()
                                if lookup["vocabulary"] is not None
                                else None),
        })
        return config


def _ngram_sizes(ngrams: Any) -> tuple[int, ...]:
    if ngrams is None:
        return ()
    if isinstance(ngrams, numbers.Integral) and not isinstance(
            ngrams, bool) and ngrams >= 1:
        return tuple(range(1, int(ngrams) + 1))
    if isinstance(ngrams, (list, tuple)) and ngrams and all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool)
            and n >= 1 for n in ngrams):
        return tuple(int(n) for n in ngrams)
    raise ValueError(
        "TextVectorization: `ngrams` must be None, a positive integer or a "
        f"tuple of positive integers. Received: ngrams={ngrams!r}."
    )
