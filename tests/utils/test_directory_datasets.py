"""`text_dataset_from_directory` and `image_dataset_from_directory`:
indexing, labels, shuffling and splits as Keras does them."""

from __future__ import annotations

import numpy as np
import pytest

from cornu.utils import (
    image_dataset_from_directory,
    text_dataset_from_directory,
)


@pytest.fixture
def text_dir(tmp_path):
    for label, texts in (("neg", ["bad", "awful", "meh"]),
                         ("pos", ["good", "great"])):
        (tmp_path / label).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text)
    (tmp_path / "pos" / "nested").mkdir()
    (tmp_path / "pos" / "nested" / "z.txt").write_text("superb")
    (tmp_path / "pos" / "notes.md").write_text("not a .txt file")
    return tmp_path


def test_inferred_labels_unshuffled(text_dir, capsys):
    ds = text_dataset_from_directory(text_dir, shuffle=False, batch_size=4)
    assert "Found 6 files belonging to 2 classes." in capsys.readouterr().out
    assert ds.class_names == ["neg", "pos"] and len(ds) == 2
    x, y = ds[0]
    assert x.dtype == object and x.tolist() == ["bad", "awful", "meh", "good"]
    assert y.dtype == np.int32 and y.tolist() == [0, 0, 0, 1]
    x, y = ds[1]
    assert x.tolist() == ["great", "superb"] and y.tolist() == [1, 1]


def test_label_modes_max_length_and_class_names(text_dir):
    ds = text_dataset_from_directory(text_dir, shuffle=False, batch_size=None,
                                     label_mode="categorical", max_length=3)
    x, y = ds[0]
    assert x == "bad" and y.tolist() == [1.0, 0.0]
    assert ds[1][0] == "awf"
    binary = text_dataset_from_directory(text_dir, shuffle=False,
                                         label_mode="binary", batch_size=6)
    assert binary[0][1].shape == (6, 1) and binary[0][1].dtype == np.float32
    only = text_dataset_from_directory(text_dir, shuffle=False,
                                       class_names=["pos"], batch_size=8)
    assert only[0][1].tolist() == [0, 0, 0]
    unlabeled = text_dataset_from_directory(text_dir, labels=None,
                                            shuffle=False)
    assert unlabeled[0].shape == (6,)


def test_seeded_shuffle_and_validation_split(text_dir):
    train, val = text_dataset_from_directory(
        text_dir, batch_size=10, seed=1, validation_split=0.34,
        subset="both")
    paths = sorted(p for p in (text_dir.glob("**/*.txt")))
    order = np.arange(6)
    np.random.RandomState(1).shuffle(order)
    # sorted walk order: neg/0, neg/1, neg/2, pos/0, pos/1, pos/nested/z
    expected = [str(paths[i]) for i in order]
    assert train.file_paths + val.file_paths == expected
    assert len(val.file_paths) == 2  # int(0.34 * 6)
    again = text_dataset_from_directory(text_dir, batch_size=10, seed=1,
                                        validation_split=0.34,
                                        subset="validation")
    assert again.file_paths == val.file_paths


@pytest.mark.parametrize("kwargs, match", [
    ({"validation_split": 0.2}, "subset"),
    ({"validation_split": 0.2, "subset": "training"}, "seed"),
    ({"validation_split": 1.2, "subset": "training", "seed": 1},
     "validation_split"),
    ({"label_mode": "sparse"}, "label_mode"),
    ({"class_names": ["missing"]}, "class_names"),
    ({"labels": [0, 1]}, "labels"),
    ({"batch_size": 0}, "batch_size"),
])
def test_errors(text_dir, kwargs, match):
    with pytest.raises(ValueError, match=match):
        text_dataset_from_directory(text_dir, **kwargs)


def test_binary_needs_two_classes(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(name)
    with pytest.raises(ValueError, match="2 classes"):
        text_dataset_from_directory(tmp_path, label_mode="binary")


def test_image_dataset_without_pillow_says_how_to_install(tmp_path):
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"cornu\[image\]"):
            image_dataset_from_directory(tmp_path)
    else:
        pytest.skip("Pillow is installed")


def test_image_dataset_with_pillow(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    for label, value in (("cats", 10), ("dogs", 200)):
        (tmp_path / label).mkdir()
        for i in range(2):
            pixels = np.full((6, 8, 3), value + i, dtype="uint8")
            Image.fromarray(pixels).save(tmp_path / label / f"{i}.png")
    ds = image_dataset_from_directory(tmp_path, image_size=(3, 4),
                                      shuffle=False, batch_size=4,
                                      interpolation="nearest")
    x, y = ds[0]
    assert x.shape == (4, 3, 4, 3) and x.dtype == np.float32
    assert x[:, 0, 0, 0].tolist() == [10, 11, 200, 201]
    assert y.tolist() == [0, 0, 1, 1]
    gray = image_dataset_from_directory(tmp_path, image_size=(3, 4),
                                        color_mode="grayscale",
                                        shuffle=False)
    assert gray[0][0].shape == (4, 3, 4, 1)
