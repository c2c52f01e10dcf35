"""`image_dataset_from_directory` and `text_dataset_from_directory`.

Both index a folder the way Keras does (one subfolder per class, sorted by
name; files sorted within each), shuffle with
`np.random.RandomState(seed)`, take a validation split from the end, and
return `PyDataset`s of `(x, y)` batches that `fit` accepts. Files are read
when a batch is read.
"""

from __future__ import annotations

import math
import os

import numpy as np

from cornu import config
from cornu.utils.py_dataset import PyDataset

_IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_LABEL_MODES = ("int", "categorical", "binary", None)
_SUBSETS = ("training", "validation", "both")


def _walk(folder: str, formats, follow_links: bool) -> list[str]:
    """The files under `folder` ending in one of `formats`, sorted as a
    sorted walk visits them."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=follow_links):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(formats):
                found.append(os.path.join(root, name))
    return found


def index_directory(owner, directory, labels, formats, class_names,
                    follow_links):
    """`(file_paths, labels, class_names)` for `directory`."""
    if not os.path.isdir(directory):
        raise ValueError(
            f"{owner}: `directory` must be an existing folder. "
            f"Received: directory={directory!r}."
        )
    if labels == "inferred":
        subdirs = sorted(d for d in os.listdir(directory)
                         if os.path.isdir(os.path.join(directory, d)))
        if class_names is not None:
            missing = sorted(set(class_names) - set(subdirs))
            if missing or len(set(class_names)) != len(class_names):
                raise ValueError(
                    f"{owner}: `class_names` must name distinct subfolders "
                    f"of {directory!r} (found {subdirs}). "
                    f"Received: class_names={class_names!r}."
                )
            subdirs = list(class_names)
        paths, indices = [], []
        for index, name in enumerate(subdirs):
            files = _walk(os.path.join(directory, name), formats,
                          follow_links)
            paths += files
            indices += [index] * len(files)
        return paths, np.asarray(indices, dtype="int32"), list(subdirs)
    paths = _walk(directory, formats, follow_links)
    if labels is None:
        return paths, None, None
    if len(labels) != len(paths):
        raise ValueError(
            f"{owner}: `labels` must hold one label per file, in the sorted "
            f"order of the files; {len(paths)} files were found. "
            f"Received: {len(labels)} labels."
        )
    return paths, np.asarray(labels, dtype="int32"), class_names


def _check_split(owner, validation_split, subset, shuffle, seed):
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(
            f"{owner}: `validation_split` must be in (0, 1). "
            f"Received: validation_split={validation_split!r}."
        )
    if (validation_split is None) != (subset is None):
        raise ValueError(
            f"{owner}: pass `validation_split` and `subset` together. "
            f"Received: validation_split={validation_split!r}, "
            f"subset={subset!r}."
        )
    if subset is not None and subset not in _SUBSETS:
        raise ValueError(
            f"{owner}: `subset` must be one of {_SUBSETS}. "
            f"Received: subset={subset!r}."
        )
    if validation_split is not None and shuffle and seed is None:
        raise ValueError(
            f"{owner}: a shuffled validation split needs a `seed`, so that "
            "the training and validation subsets do not overlap. "
            "Received: seed=None."
        )


def _encode_labels(owner, labels, label_mode, num_classes):
    if label_mode not in _LABEL_MODES:
        raise ValueError(
            f"{owner}: `label_mode` must be one of {_LABEL_MODES}. "
            f"Received: label_mode={label_mode!r}."
        )
    if labels is None or label_mode is None:
        return None
    if label_mode == "binary":
        if num_classes != 2:
            raise ValueError(
                f"{owner}: label_mode='binary' needs exactly 2 classes. "
                f"Received: {num_classes} classes."
            )
        return labels.astype("float32").reshape(-1, 1)
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels


class FileDataset(PyDataset):
    """Batches of files read by `load(path)`, with their labels (what the
    `*_dataset_from_directory` functions return). `class_names` and
    `file_paths` are kept as in Keras."""

    def __init__(self, file_paths, labels, load, batch_size, shuffle, seed,
                 class_names, collate=np.stack):
        super().__init__()
        self._collate = collate
        self.file_paths = list(file_paths)
        self.labels = labels
        self.class_names = class_names
        self.batch_size = batch_size
        self.shuffle = shuffle
        self._load = load
        self._order = np.arange(len(self.file_paths))
        self._rng = np.random.RandomState(seed)

    def __len__(self) -> int:
        if self.batch_size is None:
            return len(self.file_paths)
        return math.ceil(len(self.file_paths) / self.batch_size)

    def __getitem__(self, index: int):
        if not 0 <= index < len(self):
            raise IndexError(
                f"FileDataset: batch index {index} is out of range for "
                f"{len(self)} batches."
            )
        size = self.batch_size or 1
        rows = self._order[index * size:(index + 1) * size]
        x = self._collate([self._load(self.file_paths[r]) for r in rows])
        y = None if self.labels is None else self.labels[rows]
        if self.batch_size is None:
            x, y = x[0], None if y is None else y[0]
        return x if y is None else (x, y)

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._rng.shuffle(self._order)


def build_file_dataset(owner, directory, labels, label_mode, class_names,
                       formats, batch_size, shuffle, seed, validation_split,
                       subset, follow_links, load, collate=np.stack):
    """Indexes `directory`, shuffles, splits, and returns the
    `FileDataset`(s) that read files with `load` and batch them with
    `collate`."""
    if labels not in ("inferred", None) and not isinstance(
            labels, (list, tuple, np.ndarray)):
        raise ValueError(
            f"{owner}: `labels` must be 'inferred', None, or a list of "
            f"integer labels. Received: labels={labels!r}."
        )
    if class_names is not None and labels != "inferred":
        raise ValueError(
            f"{owner}: `class_names` works only with labels='inferred'. "
            f"Received: labels={labels!r}."
        )
    if batch_size is not None and (
            isinstance(batch_size, bool) or int(batch_size) != batch_size
            or batch_size < 1):
        raise ValueError(
            f"{owner}: `batch_size` must be a positive integer or None. "
            f"Received: batch_size={batch_size!r}."
        )
    _check_split(owner, validation_split, subset, shuffle, seed)
    if labels is None:
        label_mode = None
    paths, indices, class_names = index_directory(
        owner, directory, labels, formats, class_names, follow_links)
    if labels == "inferred":
        print(f"Found {len(paths)} files belonging to {len(class_names)} "
              "classes.")
    else:
        print(f"Found {len(paths)} files.")
    if not paths:
        raise ValueError(
            f"{owner}: no file ending in {formats} was found under "
            f"{directory!r}. Received: directory={directory!r}."
        )
    num_classes = len(class_names) if class_names else (
        int(indices.max()) + 1 if indices is not None else 0)
    y = _encode_labels(owner, indices, label_mode, num_classes)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1_000_000)
        order = np.arange(len(paths))
        np.random.RandomState(seed).shuffle(order)
        paths = [paths[i] for i in order]
        y = None if y is None else y[order]

    def make(rows, name):
        if name:
            print(f"Using {len(rows)} files for {name}.")
        return FileDataset([paths[i] for i in rows],
                           None if y is None else y[rows], load, batch_size,
                           shuffle, seed, class_names, collate)

    everything = np.arange(len(paths))
    if validation_split is None:
        return make(everything, None)
    n_val = int(validation_split * len(paths))
    train, val = everything[:len(paths) - n_val], everything[len(paths)
                                                            - n_val:]
    if subset == "training":
        return make(train, "training")
    if subset == "validation":
        return make(val, "validation")
    return make(train, "training"), make(val, "validation")


def text_dataset_from_directory(directory: str, labels="inferred",
                                label_mode="int", class_names=None,
                                batch_size: int | None = 32,
                                max_length: int | None = None,
                                shuffle: bool = True,
                                seed: int | None = None,
                                validation_split: float | None = None,
                                subset: str | None = None,
                                follow_links: bool = False,
                                verbose: bool = True):
    """A dataset of the `.txt` files in a folder, labelled by subfolder.

    With `labels="inferred"`, each subfolder of `directory` is a class
    (numbered in sorted name order, or in the order of `class_names`) and
    holds that class's files, at any depth.

    Args:
        directory: the folder.
        labels: `"inferred"`, `None` (no labels), or a list of integer
            labels, one per file in sorted path order.
        label_mode: `"int"`, `"categorical"` (one-hot `float32`),
            `"binary"` (`float32` of shape `(n, 1)`, for 2 classes) or
            `None`.
        class_names: the subfolders to use, in label order.
        batch_size: texts per batch; `None` yields single texts.
        max_length: keep at most this many characters of each text.
        shuffle: whether to shuffle the files (again every epoch).
        seed: the seed of the shuffles.
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"` (a pair).
        follow_links: whether to follow symbolic links to folders.
        verbose: kept for Keras compatibility (counts are printed).

    Returns:
        A `PyDataset` of `(texts, labels)` batches, `texts` a 1-D object
        array of `str`; it has `class_names` and `file_paths` attributes.

    Example:
        ```python
        train, val = text_dataset_from_directory(
            "reviews/", validation_split=0.2, subset="both", seed=1)
        ```
    """
    def load(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        return text[:max_length] if max_length is not None else text

    def load_object(path):
        value = np.empty((), dtype=object)
        value[()] = load(path)
        return value

    return build_file_dataset(
        "text_dataset_from_directory", directory, labels, label_mode,
        class_names, (".txt",), batch_size, shuffle, seed, validation_split,
        subset, follow_links, load_object)


def image_dataset_from_directory(directory: str, labels="inferred",
                                 label_mode="int", class_names=None,
                                 color_mode: str = "rgb",
                                 batch_size: int | None = 32,
                                 image_size=(256, 256),
                                 shuffle: bool = True,
                                 seed: int | None = None,
                                 validation_split: float | None = None,
                                 subset: str | None = None,
                                 interpolation: str = "bilinear",
                                 follow_links: bool = False,
                                 crop_to_aspect_ratio: bool = False,
                                 data_format: str | None = None,
                                 verbose: bool = True):
    """A dataset of the images in a folder, labelled by subfolder (needs
    Pillow: `pip install cornu[image]`).

    Files ending in `.bmp`, `.gif`, `.jpeg`, `.jpg` or `.png` are read,
    converted to `color_mode` and resized to `image_size` (Pillow's
    resampling, so values can differ slightly from TensorFlow's).

    Args:
        directory: the folder.
        labels: see `text_dataset_from_directory`.
        label_mode: see `text_dataset_from_directory`.
        class_names: see `text_dataset_from_directory`.
        color_mode: `"grayscale"`, `"rgb"` or `"rgba"` (1, 3 or 4
            channels).
        batch_size: images per batch; `None` yields single images.
        image_size: `(height, width)` of the output images.
        shuffle: whether to shuffle the files (again every epoch).
        seed: the seed of the shuffles.
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"` (a pair).
        interpolation: `"bilinear"`, `"nearest"`, `"bicubic"`,
            `"lanczos"`, `"box"` or `"hamming"`.
        follow_links: whether to follow symbolic links to folders.
        crop_to_aspect_ratio: crop the central part with the output's
            aspect ratio before resizing (instead of stretching).
        data_format: `"channels_last"` or `"channels_first"`; `None` uses
            `cornu.config.image_data_format()`.
        verbose: kept for Keras compatibility (counts are printed).

    Returns:
        A `PyDataset` of `(images, labels)` batches, images as `float32`
        in 0..255; it has `class_names` and `file_paths` attributes.

    Example:
        ```python
        train = image_dataset_from_directory(
            "flowers/", image_size=(64, 64), batch_size=16, seed=1)
        ```
    """
    from cornu.utils.image_utils import (
        img_to_array,
        load_img,
        require_pillow,
    )

    owner = "image_dataset_from_directory"
    require_pillow(owner)
    if color_mode not in ("grayscale", "rgb", "rgba"):
        raise ValueError(
            f"{owner}: `color_mode` must be 'grayscale', 'rgb' or 'rgba'. "
            f"Received: color_mode={color_mode!r}."
        )
    data_format = data_format or config.image_data_format()
    size = tuple(int(v) for v in image_size)

    def load(path):
        image = load_img(path, color_mode=color_mode, target_size=size,
                         interpolation=interpolation,
                         keep_aspect_ratio=crop_to_aspect_ratio)
        return img_to_array(image, data_format=data_format)

    return build_file_dataset(
        owner, directory, labels, label_mode, class_names, _IMAGE_FORMATS,
        batch_size, shuffle, seed, validation_split, subset, follow_links,
        load)
