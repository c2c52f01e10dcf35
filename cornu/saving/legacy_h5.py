"""The tf.keras 2 HDF5 format (`model.save("m.h5")`, `save_weights` to
`.h5`), read and written.

A full-model file has root attributes `model_config` (JSON
`{"class_name", "config"}`), `keras_version`, `backend` and, when the
model was compiled, `training_config` (JSON, with `optimizer_config`). Its
`model_weights` group (the whole file, for a weights-only file) lists
`layer_names` as an attribute and holds one group per layer with a
`weight_names` attribute; each name is the path of a dataset inside that
group (`dense/kernel:0` in tf.keras 2, `dense/kernel` in Keras 3). An
attribute too large for one HDF5 object header is split into `name0`,
`name1`, ... . `optimizer_weights` holds the optimizer's variables.

Weights are matched to the model's layers in order (or by name with
`by_name=True`), as tf.keras does. Old config spellings
(`batch_input_shape`, `Model` for a Functional, a Sequential config that
is a bare list of layers, tf.keras 2 nodes) are read.
"""

from __future__ import annotations

import contextlib
import json
import warnings

import numpy as np

from cornu.saving import file_utils, object_tree
from cornu.saving.errors import InvalidFileError, WeightMismatchError

_HEADER_LIMIT = 64512
_READ_ERRORS = (OSError, KeyError, RuntimeError, TypeError, ValueError,
                AttributeError, IndexError, UnicodeDecodeError)


# ----------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------
def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Writes `model` as a tf.keras HDF5 file (architecture, weights and,
    when compiled, training config and optimizer state)."""

    from cornu import backend
    from cornu.saving import saving_lib
    from cornu.saving.serialization import serialize_keras_object

    filepath = file_utils.path_to_str(filepath)
    if not file_utils.may_write(filepath, overwrite):
        return
    serialized = serialize_keras_object(model)
    model_config = {"class_name": serialized["class_name"],
                    "config": serialized["config"]}
    training_config = _training_config(model) if include_optimizer else None
    with file_utils.atomic_write(filepath) as tmp:
        with file_utils.create_h5(tmp) as f:
            f.attrs["backend"] = file_utils.text_attr(backend.backend())
            f.attrs["keras_version"] = file_utils.text_attr(
                saving_lib.KERAS_FORMAT_VERSION)
            f.attrs["model_config"] = file_utils.text_attr(json.dumps(
                model_config, default=saving_lib._json_default))
            write_layer_weights(f.create_group("model_weights"), model)
            if training_config is not None:
                f.attrs["training_config"] = file_utils.text_attr(
                    json.dumps(training_config,
                               default=saving_lib._json_default))
                _write_optimizer(f.create_group("optimizer_weights"),
                                 model.optimizer)


def save_weights(model, filepath, overwrite=True) -> None:
    """Writes `model`'s weights as a tf.keras `.h5` weights file."""

    filepath = file_utils.path_to_str(filepath)
    if not file_utils.may_write(filepath, overwrite):
        return
    with file_utils.atomic_write(filepath) as tmp:
        with file_utils.create_h5(tmp) as f:
            write_layer_weights(f, model)


def write_layer_weights(group, model) -> None:
    from cornu import backend
    from cornu.saving import saving_lib

    layers = list(model.layers)
    _set_names_attr(group, "layer_names", [layer.name for layer in layers])
    group.attrs["backend"] = file_utils.text_attr(backend.backend())
    group.attrs["keras_version"] = file_utils.text_attr(
        saving_lib.KERAS_FORMAT_VERSION)
    for layer in layers:
        _write_variables(group.create_group(layer.name), layer.name,
                         layer.weights)
    _write_variables(group.create_group("top_level_model_weights"),
                     model.name, object_tree.own_variables(model))


def _write_variables(group, prefix, variables) -> None:
    names, used = [], set()
    for variable in variables:
        path = getattr(variable, "path", None) or variable.name
        name = path if path.startswith(f"{prefix}/") else f"{prefix}/{path}"
        base, i = name, 1
        while name in used:
            name, i = f"{base}_{i}", i + 1
        used.add(name)
        names.append(name)
        group.create_dataset(name, data=np.asarray(variable.numpy()))
    _set_names_attr(group, "weight_names", names)


def _write_optimizer(group, optimizer) -> None:
    names = [f"{optimizer.name}/{v.name}" for v in optimizer.variables]
    _set_names_attr(group, "weight_names", names)
    for name, variable in zip(names, optimizer.variables):
        group.create_dataset(name, data=np.asarray(variable.numpy()))


def _set_names_attr(group, key, names) -> None:
    """Stores a list of names as bytes, split into `key0`, `key1`, ...
    when it would not fit in one HDF5 object header."""
    data = np.array([n.encode("utf8") for n in names], dtype=bytes) if \
        names else np.zeros((0,), dtype="S1")
    chunks = 1
    while data.nbytes / chunks > _HEADER_LIMIT:
        chunks += 1
    if chunks == 1:
        group.attrs[key] = data
        return
    for i, part in enumerate(np.array_split(data, chunks)):
        group.attrs[f"{key}{i}"] = part


def _training_config(model):
    if not getattr(model, "compiled", False) or not hasattr(
            model, "get_compile_config"):
        return None
    config = dict(model.get_compile_config() or {})
    optimizer = config.pop("optimizer", None)
    if optimizer is None:
        return None
    config["optimizer_config"] = {"class_name": optimizer["class_name"],
                                  "config": optimizer["config"]}
    return config


# ----------------------------------------------------------------------
# reading
# ----------------------------------------------------------------------
def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds a model from a tf.keras HDF5 file, with its weights and
    (when `compile=True`) its training configuration."""
    from cornu.saving import saving_lib

    filepath = file_utils.path_to_str(filepath)
    source = f"file {filepath!r}"
    with file_utils.open_h5(filepath, what="model file") as f, _reading(
            source):
        raw = _attr(f, "model_config", source)
        if raw is None:
            raise InvalidFileError(
                f"No model config found in {source}: it may hold weights "
                "only. Build the model and call `model.load_weights` "
                "instead."
            )
        config = saving_lib.parse_json(_json_text(raw),
                                       f"model_config of {source}")
        config = upgrade_config(config)
        model = saving_lib.rebuild(config, custom_objects, safe_mode, source)
        weights = f.get("model_weights")
        if weights is None:
            raise InvalidFileError(f"{source} has no 'model_weights' group.")
        load_layer_weights(model, weights, source=source)
        training = _attr(f, "training_config", source)
        if compile and training is not None:
            training = saving_lib.parse_json(
                _json_text(training), f"training_config of {source}")
            if _compile(model, training, custom_objects):
                _load_optimizer(model, f.get("optimizer_weights"), source)
    return model


def load_weights(model, filepath, skip_mismatch=False, by_name=False):
    """Sets `model`'s weights from a tf.keras `.h5` file (weights-only or
    full model), matching layers in order or, with `by_name=True`, by
    name."""
    filepath = file_utils.path_to_str(filepath)
    source = f"file {filepath!r}"
    with file_utils.open_h5(filepath) as f, _reading(source):
        group = f["model_weights"] if "model_weights" in f else f
        load_layer_weights(model, group, skip_mismatch=skip_mismatch,
                           by_name=by_name, source=source)


def load_layer_weights(model, group, skip_mismatch=False, by_name=False,
                       source="the file") -> None:
    """Checks every saved layer against the model, then assigns."""
    import h5py

    if not isinstance(group, h5py.Group):
        raise InvalidFileError(f"Unexpected structure in {source}: "
                               "the weights are not an HDF5 group.")
    names = _names_attr(group, "layer_names", source)
    if names is None:
        raise InvalidFileError(
            f"{source} is not a tf.keras weights file: it has no "
            "'layer_names' attribute."
        )
    saved = []
    for name in names:
        layer_group = _child_group(group, name, source)
        weight_names = _names_attr(layer_group, "weight_names", source) or []
        if weight_names:
            saved.append((name, [_dataset(layer_group, w, source)
                                 for w in weight_names]))
    layers = [layer for layer in model.layers if layer.weights]
    pairs = []
    if by_name:
        by_layer = {layer.name: layer for layer in model.layers}
        pairs = [(by_layer[n], n, ds) for n, ds in saved if n in by_layer]
    else:
        if len(saved) != len(layers):
            raise WeightMismatchError(
                "Layer count mismatch when loading weights from "
                f"{source}: the model has {len(layers)} layers with weights, "
                f"the file has {len(saved)} ({[n for n, _ in saved]})."
            )
        pairs = [(layer, n, ds) for layer, (n, ds) in zip(layers, saved)]
    if "top_level_model_weights" in group:
        top = group["top_level_model_weights"]
        top_names = _names_attr(top, "weight_names", source) or []
        if top_names:
            pairs.append((model, "top_level_model_weights",
                          [_dataset(top, w, source) for w in top_names]))
    assignments = []
    for layer, name, datasets in pairs:
        try:
            assignments.extend(_match(layer, name, datasets, source))
        except WeightMismatchError as err:
            if not skip_mismatch:
                raise
            warnings.warn(f"Skipping loading weights: {err}", stacklevel=3)
    for variable, array in assignments:
        variable.assign(array)


def _match(layer, saved_name, datasets, source) -> list:
    if saved_name == "top_level_model_weights":
        # The model's own variables, not its layers'.
        variables = object_tree.own_variables(layer)
    else:
        variables = layer.weights
    if len(variables) != len(datasets):
        raise WeightMismatchError(
            f"Layer {layer.name!r} has {len(variables)} weights, but the "
            f"saved layer {saved_name!r} in {source} has {len(datasets)}."
        )
    out = []
    for variable, ds in zip(variables, datasets):
        if tuple(ds.shape) != tuple(variable.shape):
            raise WeightMismatchError(
                f"Layer {layer.name!r}: weight {variable.path!r} has shape "
                f"{tuple(variable.shape)} in the model but "
                f"{tuple(ds.shape)} in the saved layer {saved_name!r} of "
                f"{source}."
            )
        try:
            out.append((variable, np.asarray(ds[()])))
        except _READ_ERRORS as err:
            raise InvalidFileError(
                f"Cannot read weight {ds.name!r} of {source}: {err}"
            ) from err
    return out


@contextlib.contextmanager
def _reading(source):
    """Turns the errors h5py raises on a damaged file into an
    InvalidFileError (cornu's own errors pass through)."""
    from cornu.saving.errors import UnknownObjectError

    try:
        yield
    except (InvalidFileError, WeightMismatchError, UnknownObjectError):
        raise
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read {source}: {type(err).__name__}: {err}") from err


def _attr(obj, key, source):
    try:
        return obj.attrs.get(key)
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read attribute {key!r} of {source}: {err}") from err


def _json_text(raw):
    """A JSON attribute as bytes or str (h5py returns either)."""
    if isinstance(raw, np.ndarray) and raw.shape == ():
        raw = raw.item()
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, str):
        try:
            return raw.encode("utf-8")
        except UnicodeError as err:
            raise InvalidFileError(
                f"A JSON attribute is not valid UTF-8: {err}") from err
    raise InvalidFileError(
        f"Expected a JSON string attribute. Received: {type(raw).__name__}.")


def _names_attr(obj, key, source) -> list | None:
    """A list-of-names attribute, joined from `key0`, `key1`, ... when
    split; None when absent."""
    try:
        if key in obj.attrs:
            parts = [obj.attrs[key]]
        elif f"{key}0" in obj.attrs:
            parts, i = [], 0
            while f"{key}{i}" in obj.attrs:
                parts.append(obj.attrs[f"{key}{i}"])
                i += 1
        else:
            return None
        names = []
        for part in parts:
            for n in np.atleast_1d(np.asarray(part)).tolist():
                names.append(n.decode("utf8") if isinstance(n, bytes)
                             else str(n))
        return names
    except InvalidFileError:
        raise
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read attribute {key!r} of {source}: {err}") from err


def _child_group(group, name, source):
    import h5py

    try:
        child = group.get(name)
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read layer {name!r} of {source}: {err}") from err
    if not isinstance(child, h5py.Group):
        raise InvalidFileError(
            f"Unexpected structure in {source}: layer {name!r} is listed in "
            "'layer_names' but has no group."
        )
    return child


def _dataset(group, name, source):
    import h5py

    try:
        ds = group.get(name)
    except _READ_ERRORS as err:
        raise InvalidFileError(
            f"Cannot read weight {name!r} of {source}: {err}") from err
    if not isinstance(ds, h5py.Dataset) or ds.dtype.kind not in "biufc":
        raise InvalidFileError(
            f"Unexpected structure in {source}: weight {name!r} of layer "
            f"group {group.name!r} is not a numeric dataset."
        )
    return ds


# ----------------------------------------------------------------------
# old configs and training configs
# ----------------------------------------------------------------------
def upgrade_config(config):
    """Rewrites tf.keras 2 (and older) model configs into the layout
    cornu reads: `Model` -> `Functional`, a Sequential config given as a
    bare list of layers -> `{"layers": [...]}`."""
    if not isinstance(config, dict):
        return config
    config = dict(config)
    inner = config.get("config")
    if config.get("class_name") == "Sequential" and isinstance(inner, list):
        config["config"] = {"name": "sequential", "layers": inner}
    elif config.get("class_name") == "Model" and isinstance(inner, dict) \
            and "input_layers" in inner:
        config["class_name"] = "Functional"
    inner = config.get("config")
    if isinstance(inner, dict) and isinstance(inner.get("layers"), list):
        inner = dict(inner)
        inner["layers"] = [upgrade_config(layer) for layer in inner["layers"]]
        config["config"] = inner
    return config


def _compile(model, training, custom_objects) -> bool:
    """Compiles `model` from a `training_config`; warns and returns False
    when the saved settings cannot be used."""
    import inspect

    from cornu.saving.serialization import deserialize_keras_object

    if not isinstance(training, dict) or not hasattr(model, "compile"):
        return False
    try:
        optimizer = _optimizer_from_config(
            dict(training.get("optimizer_config") or {}), custom_objects)
        kwargs = {"optimizer": optimizer, "loss": training.get("loss")}
        for key in ("loss_weights", "metrics", "weighted_metrics"):
            if training.get(key) is not None:
                kwargs[key] = deserialize_keras_object(training[key],
                                                       custom_objects)
        accepted = inspect.signature(model.compile).parameters
        kwargs = {k: v for k, v in kwargs.items() if k in accepted}
        model.compile(**kwargs)
        return True
    except Exception as err:  # noqa: BLE001 - the model stays usable
        warnings.warn(
            f"The training configuration of this file could not be used "
            f"({type(err).__name__}: {err}); the model is returned "
            "uncompiled. Call `compile` yourself.", stacklevel=3)
        return False


def _optimizer_from_config(config, custom_objects):
    """The optimizer from `optimizer_config`, dropping the tf.keras 2
    arguments cornu's optimizers do not take (`decay`, ...)."""
    import inspect

    from cornu.saving.serialization import _find_class

    name = config.get("class_name")
    cls = _find_class(name, "keras.optimizers", None, custom_objects)
    if cls is None:
        raise TypeError(f"Unknown optimizer {name!r}.")
    params = inspect.signature(cls.__init__).parameters
    takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in params.values())
    inner = {k: v for k, v in (config.get("config") or {}).items()
             if k in params or (takes_kwargs and k in _BASE_OPTIMIZER_ARGS)}
    return cls(**inner)


_BASE_OPTIMIZER_ARGS = {
    "name", "learning_rate", "weight_decay", "clipnorm", "clipvalue",
    "global_clipnorm", "use_ema", "ema_momentum", "ema_overwrite_frequency",
    "loss_scale_factor", "gradient_accumulation_steps",
}


def _load_optimizer(model, group, source) -> None:
    """Restores optimizer variables matched by name (`adam/iteration`,
    `adam/dense_kernel_momentum`, ...); warns and keeps a fresh state when
    the names do not match (tf.keras 2 files name them differently)."""
    optimizer = getattr(model, "optimizer", None)
    if group is None or optimizer is None:
        return
    names = _names_attr(group, "weight_names", source) or []
    if not names:
        return
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    wanted = {f"{optimizer.name}/{v.name}": v for v in optimizer.variables}
    if sorted(wanted) != sorted(names):
        warnings.warn(
            f"The optimizer state in {source} does not match the "
            f"optimizer's variables; it was not restored (the optimizer "
            "starts fresh).", stacklevel=3)
        return
    assignments = []
    for name in names:
        ds = _dataset(group, name, source)
        variable = wanted[name]
        if tuple(ds.shape) != tuple(variable.shape):
            raise WeightMismatchError(
                f"Optimizer variable {name!r} has shape "
                f"{tuple(variable.shape)}, but {tuple(ds.shape)} in {source}."
            )
        assignments.append((variable, np.asarray(ds[()])))
    for variable, array in assignments:
        variable.assign(array)


__all__ = ["load_model", "load_weights", "save_model", "save_weights",
           "upgrade_config"]
