"""`CSVLogger` writes the same bytes as Keras 3's for the same logs."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import callbacks
from tests._oracle import import_keras

_EPOCHS = [
    {"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75, "val_accuracy": 0.5},
    {"loss": 0.25, "accuracy": 0.5, "val_loss": 0.5},  # a missing value
]


def _log(logger, epochs, start=0):
    logger.on_train_begin({})
    for epoch, logs in enumerate(epochs, start):
        logger.on_epoch_end(epoch, dict(logs))
    logger.on_train_end({})


@pytest.mark.parametrize("epochs, kwargs", [
    (_EPOCHS, {}),
    (_EPOCHS, dict(separator=";")),
    ([{"loss": 1.0, "mae": 2.0}], {}),  # no validation: val_ columns
    ([{"loss": 1.0, "vector": np.array([1.0, 2.0])}], {}),
])
def test_file_matches_keras(tmp_path, epochs, kwargs):
    keras = import_keras()
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    _log(callbacks.CSVLogger(str(ours), **kwargs), epochs)
    _log(keras.callbacks.CSVLogger(str(theirs), **kwargs), epochs)
    assert ours.read_bytes() == theirs.read_bytes()


def test_content_and_append(tmp_path):
    path = tmp_path / "log.csv"
    _log(callbacks.CSVLogger(path), _EPOCHS)
    assert path.read_bytes().decode() == (
        "epoch,accuracy,loss,val_accuracy,val_loss\r\n"
        "0,0.25,0.5,0.5,0.75\r\n"
        "1,0.5,0.25,NA,0.5\r\n")
    _log(callbacks.CSVLogger(path, append=True), _EPOCHS[:1], start=2)
    lines = path.read_text().splitlines()
    assert len(lines) == 4 and lines[-1] == "2,0.25,0.5,0.5,0.75"
    _log(callbacks.CSVLogger(path), _EPOCHS[:1])
    assert len(path.read_text().splitlines()) == 2  # overwritten


def test_append_to_an_empty_file_writes_the_header(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")
    _log(callbacks.CSVLogger(path, append=True), _EPOCHS[:1])
    assert path.read_text().startswith("epoch,accuracy")


def test_bad_separator():
    with pytest.raises(ValueError, match="Received: separator=', '"):
        callbacks.CSVLogger("log.csv", separator=", ")
