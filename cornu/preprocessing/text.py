"""Keras 2 text preprocessing: `Tokenizer`, `text_to_word_sequence`,
`one_hot` and `hashing_trick`, behaving as tf.keras 2 documents them.

Keras 3 dropped these (its replacement is the `TextVectorization` layer);
cornu keeps them public and maintained, so Keras 2 programs and saved
tokenizers (`to_json`) keep working.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator

import numpy as np

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_MODES = ("binary", "count", "tfidf", "freq")


def text_to_word_sequence(input_text: str, filters: str = DEFAULT_FILTERS,
                          lower: bool = True, split: str = " ") -> list[str]:
    """Splits a text into words.

    Every character of `filters` is replaced by `split`, the text is
    lower-cased when `lower`, then split on `split`; empty words are
    dropped.

    Args:
        input_text: the text.
        filters: the characters to remove (punctuation, tabs and line
            breaks by default; the apostrophe is kept).
        lower: whether to lower-case the text.
        split: the word separator.

    Returns:
        The list of words.

    Example:
        >>> from cornu.preprocessing.text import text_to_word_sequence
        >>> text_to_word_sequence("The cat, the HAT!")
        ['the', 'cat', 'the', 'hat']
    """
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans(
        dict.fromkeys(filters, split)))
    return [word for word in input_text.split(split) if word]


def _md5(word: str) -> int:
    return int(hashlib.md5(word.encode()).hexdigest(), 16)  # noqa: S324


def hashing_trick(text: str, n: int,
                  hash_function: Callable | str | None = None,
                  filters: str = DEFAULT_FILTERS, lower: bool = True,
                  split: str = " ",
                  analyzer: Callable | None = None) -> list[int]:
    """Turns a text into a list of word indices in `[1, n)` by hashing.

    Each word `w` becomes `hash_function(w) % (n - 1) + 1` (0 is never
    produced). Two words may collide on one index.

    Args:
        text: the text.
        n: the size of the hashing space (indices are `1 .. n - 1`).
        hash_function: `None` for Python's `hash` (not stable across runs
            unless `PYTHONHASHSEED` is set), `"md5"` for a stable hash, or
            any function from a string to an integer.
        filters: see `text_to_word_sequence`.
        lower: see `text_to_word_sequence`.
        split: see `text_to_word_sequence`.
        analyzer: a function from the text to its words, used instead of
            `text_to_word_sequence`.

    Returns:
        The list of indices.

    Example:
        >>> from cornu.preprocessing.text import hashing_trick
        >>> hashing_trick("the cat the hat", 10, hash_function="md5")
        [6, 3, 6, 6]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(
            "hashing_trick: `n` (the size of the hashing space) must be an "
            f"integer of at least 2. Received: n={n!r}."
        )
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        hash_function = _md5
    elif not callable(hash_function):
        raise ValueError(
            "hashing_trick: `hash_function` must be None, 'md5' or a "
            f"function. Received: hash_function={hash_function!r}."
        )
    words = analyzer(text) if analyzer is not None else \
        text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    return [hash_function(word) % (n - 1) + 1 for word in words]


def one_hot(input_text: str, n: int, filters: str = DEFAULT_FILTERS,
            lower: bool = True, split: str = " ",
            analyzer: Callable | None = None) -> list[int]:
    """`hashing_trick` with Python's `hash`: a list of word indices in
    `[1, n)` (despite the name, not a one-hot matrix).

    Args:
        input_text: the text.
        n: the size of the hashing space.
        filters: see `text_to_word_sequence`.
        lower: see `text_to_word_sequence`.
        split: see `text_to_word_sequence`.
        analyzer: see `hashing_trick`.

    Example:
        >>> from cornu.preprocessing.text import one_hot
        >>> codes = one_hot("the cat the hat", 50)
        >>> len(codes), codes[0] == codes[2], all(1 <= c < 50 for c in codes)
        (4, True, True)
    """
    return hashing_trick(input_text, n, hash_function=hash, filters=filters,
                         lower=lower, split=split, analyzer=analyzer)


class Tokenizer:
    """Turns texts into sequences of word indices or into count matrices.

    `fit_on_texts` counts words; `word_index` then numbers them from 1 by
    decreasing count (ties keep the order of first appearance), with
    `oov_token`, when given, at index 1. Index 0 is never a word (it is
    left for padding). `num_words` limits the words used by the
    `texts_to_*` and `sequences_to_*` methods to indices below it, but
    `word_index` always holds every word seen.

    Args:
        num_words: use only the words with an index below `num_words`;
            `None` uses all.
        filters: the characters removed from the texts.
        lower: whether to lower-case the texts.
        split: the word separator.
        char_level: whether every character is a token.
        oov_token: a token put in `word_index` at index 1 and used for the
            words missing from the index (and for those beyond
            `num_words`); `None` drops them.
        analyzer: a function from a text to its tokens, used instead of
            `text_to_word_sequence`.
        document_count: the number of documents seen so far (used when
            restoring a tokenizer).

    Attributes:
        word_counts: an ordered dict from word to its count.
        word_docs: a dict from word to the number of documents holding it.
        index_docs: a dict from index to the number of documents holding it.
        word_index: a dict from word to index.
        index_word: a dict from index to word.
        document_count: the number of texts (or sequences) fitted on.

    Example:
        >>> from cornu.preprocessing.text import Tokenizer
        >>> tokenizer = Tokenizer(oov_token="<unk>")
        >>> tokenizer.fit_on_texts(["the cat sat", "the dog sat down"])
        >>> tokenizer.word_index
        {'<unk>': 1, 'the': 2, 'sat': 3, 'cat': 4, 'dog': 5, 'down': 6}
        >>> tokenizer.texts_to_sequences(["the bird sat"])
        [[2, 1, 3]]
    """

    def __init__(self, num_words: int | None = None,
                 filters: str = DEFAULT_FILTERS, lower: bool = True,
                 split: str = " ", char_level: bool = False,
                 oov_token: str | None = None,
                 analyzer: Callable | None = None, document_count: int = 0,
                 **kwargs):
        if "nb_words" in kwargs:  # the Keras 1 name
            num_words = kwargs.pop("nb_words")
        if kwargs:
            raise TypeError(
                f"Tokenizer: unexpected keyword arguments {sorted(kwargs)}. "
                f"Received: {kwargs!r}."
            )
        if num_words is not None and (
                isinstance(num_words, bool)
                or not isinstance(num_words, (int, np.integer))
                or num_words < 1):
            raise ValueError(
                "Tokenizer: `num_words` must be a positive integer or None. "
                f"Received: num_words={num_words!r}."
            )
        self.num_words = num_words
        self.filters = filters
        self.lower = lower
        self.split = split
        self.char_level = char_level
        self.oov_token = oov_token
        self.analyzer = analyzer
        self.document_count = document_count
        self.word_counts: OrderedDict[str, int] = OrderedDict()
        self.word_docs: defaultdict[str, int] = defaultdict(int)
        self.index_docs: defaultdict[int, int] = defaultdict(int)
        self.word_index: dict[str, int] = {}
        self.index_word: dict[int, str] = {}

    def _tokens(self, text) -> list:
        """The tokens of one text (a string, or a list of tokens)."""
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) \
                    else text.lower()
            return text
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, filters=self.filters,
                                     lower=self.lower, split=self.split)

    def fit_on_texts(self, texts: Iterable) -> None:
        """Updates the word counts and the word index from `texts`.

        Args:
            texts: strings, or lists of tokens (kept as they are, but
                lower-cased when `lower`); a generator works too.
        """
        if isinstance(texts, str):
            raise TypeError(
                "Tokenizer.fit_on_texts: `texts` must be a list of texts, "
                "not one string (which would be read as one text per "
                f"character). Received: texts={texts[:40]!r}."
            )
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for token in tokens:
                self.word_counts[token] = self.word_counts.get(token, 0) + 1
            for token in set(tokens):
                self.word_docs[token] += 1
        ranked = sorted(self.word_counts.items(), key=lambda kv: kv[1],
                        reverse=True)  # stable: ties in first-seen order
        vocabulary = [] if self.oov_token is None else [self.oov_token]
        vocabulary.extend(word for word, _ in ranked)
        self.word_index = {word: i + 1 for i, word in enumerate(vocabulary)}
        self.index_word = {i: word for word, i in self.word_index.items()}
        for word, count in list(self.word_docs.items()):
            self.index_docs[self.word_index[word]] = count

    def fit_on_sequences(self, sequences: Iterable[Iterable[int]]) -> None:
        """Updates the document counts per index from sequences of indices
        (needed by `sequences_to_matrix(mode="tfidf")` when the tokenizer
        was not fitted on texts).

        Args:
            sequences: lists of word indices.
        """
        sequences = list(sequences)
        self.document_count += len(sequences)
        for sequence in sequences:
            for index in set(sequence):
                self.index_docs[index] += 1

    def texts_to_sequences(self, texts: Iterable) -> list[list[int]]:
        """Each text as a list of word indices (see the class docstring
        for `num_words` and `oov_token`).

        Args:
            texts: strings, or lists of tokens.
        """
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts: Iterable
                                     ) -> Iterator[list[int]]:
        """Yields `texts_to_sequences` one text at a time."""
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            sequence = []
            for token in self._tokens(text):
                index = self.word_index.get(token)
                if index is not None and not (
                        self.num_words and index >= self.num_words):
                    sequence.append(index)
                elif oov_index is not None:
                    sequence.append(oov_index)
            yield sequence

    def sequences_to_texts(self, sequences: Iterable[Iterable[int]]
                           ) -> list[str]:
        """Each sequence of indices back to a text (words joined by
        spaces); unknown indices become `oov_token` or are dropped.

        Args:
            sequences: lists of word indices.
        """
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences: Iterable[Iterable[int]]
                                     ) -> Iterator[str]:
        """Yields `sequences_to_texts` one sequence at a time."""
        oov_index = self.word_index.get(self.oov_token)
        for sequence in sequences:
            words = []
            for index in sequence:
                word = self.index_word.get(index)
                if word is not None and not (
                        self.num_words and index >= self.num_words):
                    words.append(word)
                elif oov_index is not None:
                    words.append(self.index_word[oov_index])
            yield " ".join(words)

    def texts_to_matrix(self, texts: Iterable, mode: str = "binary"
                        ) -> np.ndarray:
        """`sequences_to_matrix(texts_to_sequences(texts), mode)`."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode)

    def sequences_to_matrix(self, sequences: Iterable[Iterable[int]],
                            mode: str = "binary") -> np.ndarray:
        """A `(len(sequences), num_words)` matrix of per-index scores.

        With `c` the count of index `j` in a sequence: `"binary"` gives 1,
        `"count"` gives `c`, `"freq"` gives `c / len(sequence)`, and
        `"tfidf"` gives `(1 + log(c)) * log(1 + document_count /
        (1 + index_docs[j]))`. Indices of `num_words` or more are ignored;
        without `num_words` the width is `len(word_index) + 1`.

        Args:
            sequences: lists of word indices.
            mode: `"binary"`, `"count"`, `"tfidf"` or `"freq"`.
        """
        if mode not in _MODES:
            raise ValueError(
                f"Tokenizer: `mode` must be one of {_MODES}. "
                f"Received: mode={mode!r}."
            )
        if self.num_words:
            width = self.num_words
        elif self.word_index:
            width = len(self.word_index) + 1
        else:
            raise ValueError(
                "Tokenizer: the matrix width is unknown: pass `num_words` "
                "or fit the tokenizer on some texts first. "
                "Received: num_words=None and an empty word_index."
            )
        if mode == "tfidf" and not self.document_count:
            raise RuntimeError(
                "Tokenizer: mode='tfidf' needs document counts: call "
                "`fit_on_texts` or `fit_on_sequences` first."
            )
        sequences = list(sequences)
        matrix = np.zeros((len(sequences), width))
        for row, sequence in enumerate(sequences):
            sequence = list(sequence)
            counts: dict[int, int] = {}
            for index in sequence:
                if index < width:
                    counts[index] = counts.get(index, 0) + 1
            for index, count in counts.items():
                if mode == "binary":
                    matrix[row, index] = 1
                elif mode == "count":
                    matrix[row, index] = count
                elif mode == "freq":
                    matrix[row, index] = count / len(sequence)
                else:
                    idf = np.log(1 + self.document_count
                                 / (1 + self.index_docs.get(index, 0)))
                    matrix[row, index] = (1 + np.log(count)) * idf
        return matrix

    def get_config(self) -> dict:
        """The tokenizer's settings and learned tables; the tables are JSON
        strings, as in tf.keras 2 (`analyzer` is not saved)."""
        return {
            "num_words": self.num_words,
            "filters": self.filters,
            "lower": self.lower,
            "split": self.split,
            "char_level": self.char_level,
            "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts),
            "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs),
            "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index),
        }

    def to_json(self, **kwargs) -> str:
        """The tokenizer as a JSON string, for `tokenizer_from_json`.

        Args:
            **kwargs: passed to `json.dumps`.
        """
        return json.dumps({"class_name": type(self).__name__,
                           "config": self.get_config()}, **kwargs)


def tokenizer_from_json(json_string: str) -> Tokenizer:
    """Rebuilds a `Tokenizer` from `Tokenizer.to_json()` output (cornu's or
    tf.keras 2's).

    Example:
        >>> from cornu.preprocessing.text import Tokenizer, tokenizer_from_json
        >>> tokenizer = Tokenizer(num_words=10)
        >>> tokenizer.fit_on_texts(["a b b", "c"])
        >>> restored = tokenizer_from_json(tokenizer.to_json())
        >>> restored.word_index, restored.texts_to_sequences(["b c d"])
        ({'b': 1, 'a': 2, 'c': 3}, [[1, 3]])
    """
    try:
        config = dict(json.loads(json_string)["config"])
        tables = {name: json.loads(config.pop(name)) for name in (
            "word_counts", "word_docs", "index_docs", "index_word",
            "word_index")}
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(
            "tokenizer_from_json: expected the JSON written by "
            "`Tokenizer.to_json()`, with a 'config' holding the word "
            f"tables. Received: {str(json_string)[:60]!r}..."
        ) from error
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = OrderedDict(tables["word_counts"])
    tokenizer.word_docs = defaultdict(int, tables["word_docs"])
    tokenizer.index_docs = defaultdict(
        int, {int(k): v for k, v in tables["index_docs"].items()})
    tokenizer.index_word = {int(k): v for k, v in tables["index_word"].items()}
    tokenizer.word_index = tables["word_index"]
    return tokenizer
