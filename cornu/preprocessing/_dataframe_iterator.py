"""The iterator behind `ImageDataGenerator.flow_from_dataframe`: image
files named in a pandas DataFrame column, with their labels (and
optionally sample weights) in other columns, as in tf.keras 2.

pandas is imported only to check the argument; cornu does not need it
otherwise.
"""

from __future__ import annotations

import os
import warnings

import numpy as np

from cornu.preprocessing._image_iterators import IMAGE_FORMATS, FileIterator

OWNER = "ImageDataGenerator.flow_from_dataframe"
DATAFRAME_CLASS_MODES = ("binary", "categorical", "input", "multi_output",
                         "raw", "sparse", None)
_NO_CLASSES = ("input", "multi_output", "raw", None)


def _require_pandas():
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            f"{OWNER} needs pandas, which is not installed. Install it with "
            "`pip install pandas`."
        ) from error
    return pandas


def _is_valid_image_file(path: str) -> bool:
    return path.lower().endswith(IMAGE_FORMATS) and os.path.isfile(path)


class DataFrameIterator(FileIterator):
    """Augmented batches of the image files listed in a DataFrame (what
    `ImageDataGenerator.flow_from_dataframe` returns; needs pandas and
    Pillow).

    `x_col` holds paths relative to `directory` (or absolute paths when
    `directory` is `None`). The targets follow `class_mode`:
    `"categorical"` one-hot rows (a label may be a list of classes, giving
    several ones), `"binary"` and `"sparse"` class indices, `"raw"` the
    `y_col` values as they are (one column or a list of columns),
    `"multi_output"` one array per column in the list `y_col`, `"input"`
    the images again, `None` no targets. Class indices follow `classes`'
    order, or the sorted class names when `classes` is `None`. With
    `validate_filenames`, rows whose file is missing or not an image are
    dropped with a warning.
    """

    class_modes = DATAFRAME_CLASS_MODES

    def __init__(self, dataframe, directory=None, image_data_generator=None,
                 x_col="filename", y_col="class", weight_col=None,
                 target_size=(256, 256), color_mode="rgb", classes=None,
                 class_mode="categorical", batch_size=32, shuffle=True,
                 seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", subset=None,
                 interpolation="nearest", keep_aspect_ratio=False,
                 dtype=None, validate_filenames=True):
        pandas = _require_pandas()
        if not isinstance(dataframe, pandas.DataFrame):
            raise TypeError(
                f"{OWNER}: `dataframe` must be a pandas DataFrame. "
                f"Received: dataframe of type {type(dataframe).__name__}."
            )
        self._set_file_options(
            OWNER, image_data_generator, target_size, color_mode, class_mode,
            data_format, save_to_dir, save_prefix, save_format, subset,
            interpolation, keep_aspect_ratio, dtype)
        self.directory = "" if directory is None else str(directory)
        frame = dataframe.copy()
        self._check_columns(frame, x_col, y_col, weight_col, classes)
        if validate_filenames:
            frame = self._keep_valid_files(frame, x_col)
        if class_mode not in _NO_CLASSES:
            frame, classes = _keep_known_classes(frame, y_col, classes)
            self.class_indices = {name: i for i, name in enumerate(classes)}
        else:
            self.class_indices = {}
        split = getattr(image_data_generator, "_validation_split", 0.0)
        if subset is not None and split:
            cut = int(split * len(frame))
            frame = frame.iloc[:cut] if subset == "validation" \
                else frame.iloc[cut:]
        self.filenames = [str(f) for f in frame[x_col]]
        self.classes = None
        if class_mode not in _NO_CLASSES:
            self.classes = [
                [self.class_indices[c] for c in label]
                if isinstance(label, (list, tuple))
                else self.class_indices[label] for label in frame[y_col]]
        self._targets = None
        if class_mode == "multi_output":
            self._targets = [np.array(frame[col].tolist()) for col in y_col]
        elif class_mode == "raw":
            self._targets = frame[y_col].to_numpy()
        self._sample_weight = None if weight_col is None \
            else frame[weight_col].to_numpy()
        checked = "validated" if validate_filenames else "non-validated"
        belonging = "" if class_mode in _NO_CLASSES else \
            f" belonging to {len(self.class_indices)} classes"
        print(f"Found {len(self.filenames)} {checked} image filenames"
              f"{belonging}.")
        super().__init__(len(self.filenames), batch_size, shuffle, seed)

    def _check_columns(self, frame, x_col, y_col, weight_col,
                       classes) -> None:
        columns = [x_col] + (list(y_col) if isinstance(y_col, (list, tuple))
                             else [y_col]) * (self.class_mode is not None
                                              and self.class_mode != "input")
        columns += [] if weight_col is None else [weight_col]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(
                f"{OWNER}: the DataFrame has no column(s) {missing}. "
                f"Received: columns={list(frame.columns)}."
            )
        mode = self.class_mode
        if mode == "multi_output" and not isinstance(y_col, list):
            raise TypeError(
                f"{OWNER}: `class_mode='multi_output'` needs `y_col` to be a "
                f"list of column names. Received: y_col={y_col!r}."
            )
        if not all(isinstance(f, str) for f in frame[x_col]):
            raise TypeError(
                f"{OWNER}: every value in column x_col={x_col!r} must be a "
                "string (a file path)."
            )
        if mode in ("binary", "sparse") and not all(
                isinstance(v, str) for v in frame[y_col]):
            raise TypeError(
                f"{OWNER}: with class_mode={mode!r}, every value in column "
                f"y_col={y_col!r} must be a string (a class name)."
            )
        if mode == "binary":
            found = len(classes) if classes else frame[y_col].nunique()
            if found != 2:
                raise ValueError(
                    f"{OWNER}: `class_mode='binary'` needs exactly 2 "
                    f"classes. Received: {found} classes."
                )
        if mode == "categorical" and not all(
                isinstance(v, (str, list, tuple)) for v in frame[y_col]):
            raise TypeError(
                f"{OWNER}: with class_mode='categorical', every value in "
                f"column y_col={y_col!r} must be a string or a list/tuple "
                "of strings."
            )
        if classes and mode in _NO_CLASSES:
            warnings.warn(
                f"{OWNER}: `classes` is ignored with class_mode={mode!r}.",
                stacklevel=4)
        if weight_col is not None and frame[weight_col].dtype.kind not in \
                "biuf":
            raise TypeError(
                f"{OWNER}: column weight_col={weight_col!r} must hold "
                f"numbers. Received: dtype {frame[weight_col].dtype}."
            )

    def _keep_valid_files(self, frame, x_col):
        valid = np.array([
            _is_valid_image_file(os.path.join(self.directory, f))
            for f in frame[x_col]], dtype=bool)
        if not valid.all():
            warnings.warn(
                f"{OWNER}: found {int((~valid).sum())} invalid image "
                f"filename(s) in x_col={x_col!r} (missing files or not "
                f"one of {IMAGE_FORMATS}); they are ignored.",
                stacklevel=4)
        return frame[valid]

    @property
    def labels(self):
        if self.class_mode in ("multi_output", "raw"):
            return self._targets
        return self.classes

    @property
    def sample_weight(self):
        return self._sample_weight

    def _batch(self, rows):
        batch_x = self._load_batch(rows)
        mode = self.class_mode
        if mode is None:
            return batch_x
        if mode == "input":
            batch_y = batch_x.copy()
        elif mode in ("binary", "sparse"):
            batch_y = np.array([self.classes[r] for r in rows],
                               dtype=self.dtype)
        elif mode == "categorical":
            batch_y = np.zeros((len(rows), len(self.class_indices)),
                               dtype=self.dtype)
            for i, row in enumerate(rows):
                batch_y[i, self.classes[row]] = 1
        elif mode == "multi_output":
            batch_y = [target[rows] for target in self._targets]
        else:
            batch_y = self._targets[rows]
        if self._sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self._sample_weight[rows]


def _keep_known_classes(frame, y_col, classes):
    """The rows whose labels name known classes (labels outside `classes`
    are removed from label lists), and the class names: `classes` in its
    order, or every class found, sorted."""
    if classes:
        known = list(dict.fromkeys(classes))

        def keep(label):
            if isinstance(label, (list, tuple)):
                return [c for c in label if c in known] or None
            return label if label in known else None

        frame = frame.copy()
        frame[y_col] = frame[y_col].apply(keep)
        return frame.dropna(subset=[y_col]), known
    found = set()
    for label in frame[y_col]:
        found.update(label if isinstance(label, (list, tuple)) else [label])
    return frame, sorted(found)
