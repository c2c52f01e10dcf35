"""`.weights.h5`: a model's variables in Keras 3's HDF5 layout.

Each layer or optimizer has a group `<path>/vars` (see `object_tree` for
the paths) holding one dataset per variable, named `0`, `1`, ... in the
object's variable order, and an attribute `name` with the object's name.
Arrays are plain NumPy arrays, so a file moves between engines and
between cornu and Keras 3.

Loading checks the whole file against the model before it assigns any
variable, so a file that does not fit leaves the model as it was.
"""

from __future__ import annotations

import warnings

import numpy as np

from cornu.saving import file_utils, object_tree
from cornu.saving.errors import InvalidFileError, WeightMismatchError

_READ_ERRORS = (OSError, KeyError, RuntimeError, TypeError, ValueError,
                AttributeError, IndexError)


def save_weights(model, filepath, overwrite=True) -> None:
    """Writes `model`'s variables (and its optimizer's) to a
    `.weights.h5` file in Keras 3's layout, atomically."""

    filepath = file_utils.path_to_str(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            "The filename must end in `.weights.h5`. Received: "
            f"filepath={filepath}"
        )
    if not file_utils.may_write(filepath, overwrite):
        return
    with file_utils.atomic_write(filepath) as tmp:
        with file_utils.create_h5(tmp) as f:
            write_weights(model, f)


def load_weights(model, filepath, skip_mismatch=False) -> None:
    """Sets `model`'s variables from a Keras 3 `.weights.h5` file."""
    filepath = file_utils.path_to_str(filepath)
    with file_utils.open_h5(filepath) as f:
        read_weights(model, f, skip_mismatch=skip_mismatch,
                     source=f"file {filepath!r}")


def write_weights(model, h5file) -> None:
    """Writes every variable reachable from `model` into the open HDF5
    file (or group) `h5file`."""
    for path, obj in object_tree.walk(model):
        group = h5file.create_group(_vars_path(path))
        name = getattr(obj, "name", None)
        if isinstance(name, str):
            group.attrs["name"] = file_utils.text_attr(name)
        for i, variable in enumerate(object_tree.own_variables(obj)):
            group.create_dataset(str(i), data=np.asarray(variable.numpy()))
        named = getattr(obj, "_save_named_arrays", None)
        for key, array in (named() if named is not None else {}).items():
            group.create_dataset(key, data=np.asarray(array))


def read_weights(model, h5file, skip_mismatch=False, source="the file"):
    """Sets the variables of `model` (and of its optimizer) from an open
    HDF5 file in Keras 3's layout.

    Every entry is read and checked before any variable changes. A
    missing entry, a different number of variables or a different shape
    is a `WeightMismatchError` naming the object, the variable and both
    shapes; with `skip_mismatch=True` it is a warning and that object is
    left as it is. A file with an unexpected structure is an
    `InvalidFileError`.
    """
    _build_optimizer_if_needed(model, h5file)
    assignments = []
    named_loads = []
    for path, obj in object_tree.walk(model):
        try:
            arrays = _read_group(h5file, _vars_path(path), obj, source)
            assignments.extend(_match(obj, path, arrays, source))
            if hasattr(obj, "_load_named_arrays"):
                named_loads.append((obj, _read_named(
                    h5file, _vars_path(path), obj, source)))
        except WeightMismatchError as err:
            if _is_optimizer(obj):
                # Keras warns and keeps the optimizer's fresh state.
                warnings.warn(str(err), stacklevel=3)
                continue
            if not skip_mismatch:
                raise
            warnings.warn(f"Skipping loading weights: {err}", stacklevel=3)
    for variable, array in assignments:
        variable.assign(array)
    for obj, arrays in named_loads:
        obj._load_named_arrays(arrays)


def _vars_path(path: str) -> str:
    return f"{path}/vars" if path else "vars"


def _is_optimizer(obj) -> bool:
    from cornu.optimizers.optimizer import Optimizer

    return isinstance(obj, Optimizer)


def _build_optimizer_if_needed(model, h5file) -> None:
    """Builds an unbuilt optimizer with the model's trainable variables
    when the file holds optimizer state, so the state can be restored (as
    Keras does)."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not _is_optimizer(optimizer) or optimizer.built:
        return
    try:
        group = h5file.get("optimizer/vars")
        has_state = group is not None and len(group) > len(
            optimizer.variables)
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read the optimizer state in {source_of(h5file)}: {err}"
        ) from err
    if has_state:
        optimizer.build(model.trainable_variables)


def source_of(h5file) -> str:
    name = getattr(getattr(h5file, "file", None), "filename", None)
    return f"file {name!r}" if name else "the file"


def _read_group(h5file, key, obj, source) -> list | None:
    """The arrays stored under `key` (in order), None when the file has no
    such group."""
    import h5py

    try:
        group = h5file.get(key)
        if group is None:
            return None
        if not isinstance(group, h5py.Group):
            raise InvalidFileError(
                f"Unexpected structure in {source}: {key!r} should be a "
                f"group of datasets, found {type(group).__name__}."
            )
        names = list(group.keys())
        if hasattr(obj, "_load_named_arrays"):
            # Entries stored by name (`idf_weights`), see `_read_named`.
            names = [n for n in names if n.isdigit()]
        expected = [str(i) for i in range(len(names))]
        if sorted(names, key=_index_key) != expected:
            raise InvalidFileError(
                f"Unexpected structure in {source}: the datasets under "
                f"{key!r} should be named 0..{len(names) - 1}. Received: "
                f"{sorted(names)}."
            )
        datasets = [group[n] for n in expected]
        for n, ds in zip(expected, datasets):
            if not isinstance(ds, h5py.Dataset) or ds.dtype.kind not in (
                    "b", "i", "u", "f", "c"):
                raise InvalidFileError(
                    f"Unexpected structure in {source}: {key}/{n} should be "
                    "a numeric dataset. Received: "
                    f"{_describe_entry(ds)}."
                )
        return datasets
    except (InvalidFileError, WeightMismatchError):
        raise
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read {key!r} in {source} (for {_label(obj)}): {err}"
        ) from err


def _read_named(h5file, key, obj, source) -> dict:
    """`{name: array}` for the numeric datasets stored by name (not by
    index) under `key`, for objects that keep such entries (Keras's
    `save_own_variables` layouts, e.g. a lookup layer's `idf_weights`)."""
    import h5py

    try:
        group = h5file.get(key)
        if not isinstance(group, h5py.Group):
            return {}
        out = {}
        for name in group.keys():
            entry = group[name]
            if name.isdigit():
                continue
            if not isinstance(entry, h5py.Dataset) or entry.dtype.kind not in (
                    "b", "i", "u", "f"):
                raise InvalidFileError(
                    f"Unexpected structure in {source}: {key}/{name} should "
                    f"be a numeric dataset. Received: "
                    f"{_describe_entry(entry)}."
                )
            out[name] = np.asarray(entry[()])
        return out
    except InvalidFileError:
        raise
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read {key!r} in {source} (for {_label(obj)}): {err}"
        ) from err


def _index_key(name: str):
    return (0, int(name)) if name.isdigit() else (1, name)


def _describe_entry(entry) -> str:
    dtype = getattr(entry, "dtype", None)
    if dtype is not None:
        return f"a dataset of dtype {dtype}"
    return f"a {type(entry).__name__}"


def _label(obj) -> str:
    kind = "Optimizer" if _is_optimizer(obj) else "Layer"
    return f"{kind} {getattr(obj, 'name', type(obj).__name__)!r}"


def _match(obj, path, datasets, source) -> list:
    """`[(variable, array), ...]` for `obj`, or a WeightMismatchError."""
    variables = object_tree.own_variables(obj)
    where = f"{_vars_path(path)!r} in {source}"
    if datasets is None:
        if not variables or _is_optimizer(obj):
            return []
        raise WeightMismatchError(
            f"{_label(obj)} has {len(variables)} variables, but {source} "
            f"has no entry {_vars_path(path)!r} for it."
        )
    if len(datasets) != len(variables):
        hint = ""
        if not variables and not getattr(obj, "built", True):
            hint = (" The layer was never built, so it has no variables "
                    "yet: build the model (call it on data or call "
                    "`build`) before loading weights.")
        raise WeightMismatchError(
            f"{_label(obj)} expected {len(variables)} variables, but "
            f"{where} has {len(datasets)}. Expected: "
            f"{[v.name for v in variables]}.{hint}"
        )
    out = []
    for i, (variable, ds) in enumerate(zip(variables, datasets)):
        if tuple(ds.shape) != tuple(variable.shape):
            raise WeightMismatchError(
                f"{_label(obj)}: variable {i} ({variable.name!r}) has shape "
                f"{tuple(variable.shape)} in the model but "
                f"{tuple(ds.shape)} in {where}."
            )
        try:
            array = ds[()]
        except _READ_ERRORS as err:
            raise InvalidFileError(
                f"Cannot read {_vars_path(path)}/{i} in {source}: {err}"
            ) from err
        out.append((variable, np.asarray(array)))
    return out


__all__ = ["load_weights", "read_weights", "save_weights", "write_weights"]
