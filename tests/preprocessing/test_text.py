"""Keras 2 text preprocessing: hand-computed expectations from tf.keras 2's
documented behaviour, and the same results as Keras 3's legacy copy."""

from __future__ import annotations

import hashlib
import importlib
import json
import math

import numpy as np
import pytest

from cornu.preprocessing.text import (
    Tokenizer,
    hashing_trick,
    one_hot,
    text_to_word_sequence,
    tokenizer_from_json,
)
from tests._oracle import import_keras

TEXTS = ["The cat sat on the mat.", "The dog ate my homework!",
         "my cat, my dog"]


def _legacy():
    import_keras()
    return importlib.import_module("keras.src.legacy.preprocessing.text")


def test_text_to_word_sequence():
    assert text_to_word_sequence("Hello,  World!\tIt's me.") == [
        "hello", "world", "it's", "me"]
    assert text_to_word_sequence("A-B c", filters="", lower=False) == [
        "A-B", "c"]
    assert text_to_word_sequence("a;b;;c", split=";") == ["a", "b", "c"]


def test_hashing_trick_md5_by_hand_and_one_hot_range():
    words = ["the", "cat", "sat"]
    expected = [int(hashlib.md5(w.encode()).hexdigest(), 16) % 4 + 1  # noqa: S324
                for w in words]
    assert hashing_trick("The cat SAT", 5, hash_function="md5") == expected
    assert hashing_trick("a b", 3, hash_function=len) == [2, 2]
    codes = one_hot("x y x z", 7)
    assert codes[0] == codes[2] and all(1 <= c < 7 for c in codes)
    with pytest.raises(ValueError, match="`n`"):
        hashing_trick("a", 1)
    with pytest.raises(ValueError, match="hash_function"):
        hashing_trick("a", 5, hash_function="sha1")


def test_word_index_ordered_by_frequency_ties_first_seen():
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts(TEXTS)
    # counts: the 3, my 3, cat 2, dog 2, then single words in first-seen order
    assert list(tokenizer.word_index.items()) == [
        ("the", 1), ("my", 2), ("cat", 3), ("dog", 4), ("sat", 5), ("on", 6),
        ("mat", 7), ("ate", 8), ("homework", 9)]
    assert tokenizer.index_word[2] == "my"
    assert tokenizer.word_counts["my"] == 3
    assert list(tokenizer.word_counts)[:3] == ["the", "cat", "sat"]
    assert tokenizer.word_docs["my"] == 2 and tokenizer.word_docs["the"] == 2
    assert tokenizer.index_docs[2] == 2 and tokenizer.document_count == 3


def test_sequences_num_words_and_oov():
    tokenizer = Tokenizer(num_words=4)
    tokenizer.fit_on_texts(TEXTS)
    assert tokenizer.texts_to_sequences(["the cat ate the bird"]) == [[1, 3, 1]]
    with_oov = Tokenizer(num_words=4, oov_token="<oov>")
    with_oov.fit_on_texts(TEXTS)
    assert with_oov.word_index["<oov>"] == 1 and with_oov.word_index["the"] == 2
    # cat is index 4 >= num_words, bird is unknown: both become <oov>
    assert with_oov.texts_to_sequences(["the cat my bird"]) == [[2, 1, 3, 1]]
    assert with_oov.sequences_to_texts([[2, 4, 3, 99]]) == [
        "the <oov> my <oov>"]
    assert tokenizer.sequences_to_texts([[1, 3, 2, 99]]) == ["the cat my"]
    generated = tokenizer.texts_to_sequences_generator(iter(["my dog"]))
    assert next(generated) == [2]


def test_char_level_and_token_lists():
    tokenizer = Tokenizer(char_level=True)
    tokenizer.fit_on_texts(["abba", "Ac"])
    assert tokenizer.word_index == {"a": 1, "b": 2, "c": 3}
    assert tokenizer.texts_to_sequences(["cab"]) == [[3, 1, 2]]
    lists = Tokenizer()
    lists.fit_on_texts([["Hello", "world"], ["hello"]])
    assert lists.word_index == {"hello": 1, "world": 2}


def test_matrix_modes_by_hand():
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts(["a a b", "b c"])  # a:1 b:2 c:3 (a and b tie)
    seqs = [[1, 1, 2], [3]]
    assert tokenizer.sequences_to_matrix(seqs, "binary").tolist() == [
        [0, 1, 1, 0], [0, 0, 0, 1]]
    assert tokenizer.sequences_to_matrix(seqs, "count").tolist() == [
        [0, 2, 1, 0], [0, 0, 0, 1]]
    np.testing.assert_allclose(tokenizer.sequences_to_matrix(seqs, "freq"),
                               [[0, 2 / 3, 1 / 3, 0], [0, 0, 0, 1]])
    tfidf = tokenizer.texts_to_matrix(["a a b", "c"], mode="tfidf")
    idf_a = math.log(1 + 2 / (1 + 1))
    idf_b = math.log(1 + 2 / (1 + 2))
    np.testing.assert_allclose(tfidf[0], [0, (1 + math.log(2)) * idf_a,
                                          idf_b, 0])
    small = Tokenizer(num_words=2)
    small.fit_on_texts(["a a b", "b c"])
    assert small.sequences_to_matrix(seqs, "count").tolist() == [
        [0, 2], [0, 0]]


def test_matrix_errors():
    with pytest.raises(ValueError, match="num_words"):
        Tokenizer().sequences_to_matrix([[1]])
    with pytest.raises(RuntimeError, match="tfidf"):
        Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")
    tokenizer = Tokenizer(num_words=3)
    with pytest.raises(ValueError, match="mode"):
        tokenizer.sequences_to_matrix([[1]], mode="onehot")
    tokenizer.fit_on_sequences([[1, 1, 2], [2]])
    assert tokenizer.document_count == 2 and tokenizer.index_docs[2] == 2
    assert tokenizer.sequences_to_matrix([[2]], "tfidf")[0, 2] == \
        pytest.approx(math.log(1 + 2 / 3))


def test_constructor_and_fit_errors():
    with pytest.raises(ValueError, match="num_words"):
        Tokenizer(num_words=0)
    with pytest.raises(TypeError, match="bogus"):
        Tokenizer(bogus=1)
    assert Tokenizer(nb_words=5).num_words == 5
    with pytest.raises(TypeError, match="texts"):
        Tokenizer().fit_on_texts("one string")


def test_json_round_trip():
    tokenizer = Tokenizer(num_words=6, oov_token="?")
    tokenizer.fit_on_texts(TEXTS)
    text = tokenizer.to_json()
    assert json.loads(text)["class_name"] == "Tokenizer"
    restored = tokenizer_from_json(text)
    assert restored.word_index == tokenizer.word_index
    assert restored.index_word == tokenizer.index_word
    assert dict(restored.index_docs) == dict(tokenizer.index_docs)
    assert restored.num_words == 6 and restored.oov_token == "?"
    assert restored.texts_to_sequences(TEXTS) == \
        tokenizer.texts_to_sequences(TEXTS)
    np.testing.assert_array_equal(restored.texts_to_matrix(TEXTS, "tfidf"),
                                  tokenizer.texts_to_matrix(TEXTS, "tfidf"))
    with pytest.raises(ValueError, match="to_json"):
        tokenizer_from_json('{"class_name": "Tokenizer"}')


@pytest.mark.parametrize("kwargs", [
    {}, {"num_words": 5}, {"oov_token": "<unk>", "num_words": 4},
    {"char_level": True}, {"lower": False, "filters": "!"},
])
def test_matches_keras_legacy_tokenizer(kwargs):
    legacy = _legacy()
    ours, theirs = Tokenizer(**kwargs), legacy.Tokenizer(**kwargs)
    ours.fit_on_texts(TEXTS)
    theirs.fit_on_texts(TEXTS)
    assert ours.word_index == theirs.word_index
    assert list(ours.word_counts.items()) == list(theirs.word_counts.items())
    probe = TEXTS + ["an unseen cat"]
    assert ours.texts_to_sequences(probe) == theirs.texts_to_sequences(probe)
    seqs = ours.texts_to_sequences(probe)
    assert ours.sequences_to_texts(seqs) == theirs.sequences_to_texts(seqs)
    for mode in ("binary", "count", "tfidf", "freq"):
        np.testing.assert_allclose(ours.texts_to_matrix(probe, mode),
                                   theirs.texts_to_matrix(probe, mode))
    restored = legacy.tokenizer_from_json(ours.to_json())
    assert restored.word_index == ours.word_index
    assert tokenizer_from_json(theirs.to_json()).word_index == \
        theirs.word_index


def test_hashing_matches_keras_legacy():
    legacy = _legacy()
    text = "The quick brown fox, the lazy dog."
    assert hashing_trick(text, 17, "md5") == legacy.hashing_trick(
        text, 17, "md5")
    assert one_hot(text, 13) == legacy.one_hot(text, 13)
    assert text_to_word_sequence(text) == legacy.text_to_word_sequence(text)
