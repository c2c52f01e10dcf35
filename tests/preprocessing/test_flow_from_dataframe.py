"""`ImageDataGenerator.flow_from_dataframe`: tiny PNGs listed in a
DataFrame, batches and targets per `class_mode` checked by hand and
against Keras 3's legacy copy of tf.keras 2, filtering, subsets, weights,
errors and `fit`."""

from __future__ import annotations

import importlib
import sys
import warnings

import numpy as np
import pytest

from cornu.preprocessing.image import DataFrameIterator, ImageDataGenerator
from tests._oracle import import_keras

pd = pytest.importorskip("pandas")
Image = pytest.importorskip("PIL.Image")

NAMES = ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png"]
LABELS = ["dog", "cat", "dog", "bird", "cat", "dog"]


@pytest.fixture
def folder(tmp_path, capsys):
    """Six 3x4 RGB PNGs; image `i` is filled with the value `10 * i + 5`."""
    for i, name in enumerate(NAMES):
        pixels = np.full((3, 4, 3), 10 * i + 5, dtype="uint8")
        Image.fromarray(pixels).save(tmp_path / name)
    return tmp_path


def _frame(**extra):
    columns = {"filename": NAMES, "class": LABELS}
    columns.update(extra)
    return pd.DataFrame(columns)


def _values(batch_x):
    """The fill value of each image in a batch (which file it was)."""
    return batch_x[:, 0, 0, 0].astype(int).tolist()


def _flow(folder, frame=None, gen=None, **kwargs):
    kwargs.setdefault("target_size", (3, 4))
    kwargs.setdefault("shuffle", False)
    return (gen or ImageDataGenerator()).flow_from_dataframe(
        _frame() if frame is None else frame, str(folder), **kwargs)


def test_categorical_batches_and_sorted_class_indices(folder, capsys):
    it = _flow(folder, batch_size=4)
    assert isinstance(it, DataFrameIterator) and len(it) == 2
    assert it.class_indices == {"bird": 0, "cat": 1, "dog": 2}
    assert it.classes == [2, 1, 2, 0, 1, 2]
    assert "Found 6 validated image filenames belonging to 3 classes" in \
        capsys.readouterr().out
    x, y = it[0]
    assert x.shape == (4, 3, 4, 3) and x.dtype == np.float32
    assert _values(x) == [5, 15, 25, 35]
    np.testing.assert_array_equal(y, np.eye(3)[[2, 1, 2, 0]])
    x, y = it[1]
    assert _values(x) == [45, 55] and y.argmax(1).tolist() == [1, 2]
    assert it.filepaths[0] == str(folder / "a.png")


def test_sparse_binary_raw_multi_output_input_and_none(folder):
    x, y = _flow(folder, class_mode="sparse", batch_size=6)[0]
    assert y.dtype == np.float32 and y.tolist() == [2, 1, 2, 0, 1, 2]
    frame = _frame(score=np.arange(6) / 10, other=np.arange(6) * 2)
    frame["class"] = ["yes", "no", "yes", "no", "no", "yes"]
    _, y = _flow(folder, frame, class_mode="binary", batch_size=6)[0]
    assert y.tolist() == [1, 0, 1, 0, 0, 1]
    _, y = _flow(folder, frame, y_col="score", class_mode="raw",
                 batch_size=3)[1]
    np.testing.assert_allclose(y, [0.3, 0.4, 0.5])
    _, y = _flow(folder, frame, y_col=["score", "other"], class_mode="raw",
                 batch_size=2)[0]
    np.testing.assert_allclose(y, [[0.0, 0.0], [0.1, 2.0]])
    it = _flow(folder, frame, y_col=["score", "other"],
               class_mode="multi_output", batch_size=2)
    _, (score, other) = it[1]
    np.testing.assert_allclose(score, [0.2, 0.3])
    assert other.tolist() == [4, 6] and it.class_indices == {}
    x, y = _flow(folder, class_mode="input", batch_size=2)[0]
    np.testing.assert_array_equal(x, y)
    batch = _flow(folder, class_mode=None, batch_size=2)[2]
    assert isinstance(batch, np.ndarray) and _values(batch) == [45, 55]


def test_multi_label_categorical_and_classes_filter(folder):
    frame = _frame()
    frame["class"] = [["dog", "cat"], "cat", ("bird",), "dog",
                      ["cat", "bird"], "dog"]
    _, y = _flow(folder, frame, batch_size=6)[0]
    np.testing.assert_array_equal(y, [[0, 1, 1], [0, 1, 0], [1, 0, 0],
                                      [0, 0, 1], [1, 1, 0], [0, 0, 1]])
    # Classes outside `classes` leave the label lists; empty rows go;
    # indices follow the order of `classes`.
    it = _flow(folder, frame, classes=["dog", "cat"], batch_size=6)
    assert it.class_indices == {"dog": 0, "cat": 1}
    x, y = it[0]
    assert _values(x) == [5, 15, 35, 45, 55]
    np.testing.assert_array_equal(y, [[1, 1], [0, 1], [1, 0], [0, 1],
                                      [1, 0]])


def test_weights_subset_and_absolute_paths(folder):
    weights = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    x, y, w = _flow(folder, _frame(w=weights), weight_col="w",
                    batch_size=4, class_mode="sparse")[1]
    assert _values(x) == [45, 55] and w.tolist() == [5.0, 6.0]
    gen = ImageDataGenerator(validation_split=0.34)
    validation = _flow(folder, gen=gen, subset="validation", batch_size=6)
    training = _flow(folder, gen=gen, subset="training", batch_size=6)
    assert validation.filenames == NAMES[:2]
    assert training.filenames == NAMES[2:]
    assert training.classes == [2, 0, 1, 2]
    absolute = pd.DataFrame({"filename": [str(folder / n) for n in NAMES],
                             "class": LABELS})
    it = ImageDataGenerator().flow_from_dataframe(
        absolute, target_size=(3, 4), shuffle=False, batch_size=6)
    assert _values(it[0][0]) == [5, 15, 25, 35, 45, 55]


def test_invalid_files_are_dropped_with_a_warning(folder):
    (folder / "notes.txt").write_text("not an image")
    frame = pd.DataFrame({"filename": NAMES[:2] + ["missing.png",
                                                   "notes.txt"],
                          "class": ["x", "y", "x", "y"]})
    with pytest.warns(UserWarning, match="2 invalid image filename"):
        it = _flow(folder, frame, batch_size=4)
    assert it.filenames == NAMES[:2] and it.classes == [0, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        it = _flow(folder, frame, validate_filenames=False)
    assert len(it.filenames) == 4


def test_seeded_shuffle_and_augmentation_repeat(folder):
    gen = ImageDataGenerator(horizontal_flip=True, rotation_range=10)
    first = _flow(folder, gen=gen, shuffle=True, seed=3, batch_size=3)
    second = _flow(folder, gen=gen, shuffle=True, seed=3, batch_size=3)
    for _ in range(3):
        (x1, y1), (x2, y2) = next(first), next(second)
        np.testing.assert_array_equal(x1, x2)
        np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("class_mode", ["categorical", "sparse", "binary",
                                        "raw", "multi_output", None,
                                        "multi_label"])
def test_matches_keras_legacy(folder, class_mode):
    import_keras()
    legacy = importlib.import_module("keras.src.legacy.preprocessing.image")
    frame = _frame(w=np.arange(6) + 0.5, n=np.arange(6) * 3.0)
    y_col = {"raw": "n", "multi_output": ["n", "w"]}.get(class_mode, "class")
    if class_mode == "binary":
        frame["class"] = ["p", "q", "q", "p", "q", "p"]
    classes = None
    if class_mode == "multi_label":
        class_mode, classes = "categorical", ["dog", "bird"]
        frame["class"] = [["dog", "cat"], "cat", ("bird",), "dog",
                          ["cat", "bird"], ["bird", "dog"]]
    kwargs = dict(directory=str(folder), y_col=y_col, weight_col="w",
                  classes=classes, class_mode=class_mode, target_size=(2, 3),
                  shuffle=False, batch_size=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ImageDataGenerator(validation_split=0.5).flow_from_dataframe(
            frame, subset="training", **kwargs)
        theirs = legacy.ImageDataGenerator(
            validation_split=0.5).flow_from_dataframe(
            frame, subset="training", **kwargs)
    assert ours.filenames == theirs.filenames
    # Keras leaves `class_indices` unset where there are no classes.
    assert ours.class_indices == getattr(theirs, "class_indices", {})
    for ours_part, theirs_part in zip(ours[0], theirs[0]):
        if isinstance(ours_part, list):
            for a, b in zip(ours_part, theirs_part):
                np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_array_equal(ours_part, theirs_part)


def test_errors(folder, monkeypatch):
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match="class_mode"):
        _flow(folder, class_mode="onehot")
    with pytest.raises(TypeError, match="multi_output"):
        _flow(folder, class_mode="multi_output", y_col="class")
    with pytest.raises(ValueError, match="exactly 2 classes"):
        _flow(folder, class_mode="binary")
    with pytest.raises(TypeError, match="weight_col"):
        _flow(folder, _frame(w=list("abcdef")), weight_col="w")
    with pytest.raises(TypeError, match="x_col"):
        _flow(folder, pd.DataFrame({"filename": range(6), "class": LABELS}))
    with pytest.raises(ValueError, match="no column"):
        _flow(folder, y_col="label")
    with pytest.raises(TypeError, match="dataframe"):
        gen.flow_from_dataframe({"filename": NAMES})
    with pytest.warns(UserWarning, match="`classes` is ignored"):
        _flow(folder, class_mode="input", classes=["dog"])

    frame = _frame()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        gen.flow_from_dataframe(frame, str(folder))


@pytest.mark.trainable
def test_fit_accepts_a_dataframe_flow(folder):
    import cornu as keras

    gen = ImageDataGenerator(rescale=1 / 255)
    model = keras.Sequential([keras.Input((3, 4, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    flow = _flow(folder, gen=gen, shuffle=True, seed=0, batch_size=4,
                 weight_col="w", frame=_frame(w=np.ones(6)))
    history = model.fit(flow, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(history.history["loss"]).all()
