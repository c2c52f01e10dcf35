"""The public entry points: `save_model`, `load_model`, `save_weights`,
`load_weights`. Each picks the format from the file name, as Keras 3
does:

| name ends in   | format                                            |
|----------------|---------------------------------------------------|
| `.keras`       | Keras 3 archive (`saving_lib`)                    |
| `.weights.h5`  | Keras 3 weights (`weights_h5`)                    |
| `.h5`, `.hdf5` | tf.keras 2 HDF5 model or weights (`legacy_h5`)    |
"""

from __future__ import annotations

from cornu.saving import file_utils, saving_lib, weights_h5

_LEGACY_SUFFIXES = (".h5", ".hdf5")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves a model as a `.keras` archive (or a tf.keras `.h5` file).

    Args:
        model: the model to save.
        filepath: a path ending in `.keras` (or `.h5` for the legacy
            tf.keras format).
        overwrite: whether to replace an existing file without asking.
        zipped: accepted for Keras compatibility; only zipped `.keras`
            archives are written.

    Example:
    >>> import os, tempfile
    >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> cornu.saving.save_model(model, path)
    >>> restored = cornu.saving.load_model(path)
    >>> x = np.ones((1, 3), "float32")
    >>> bool(np.allclose(restored(x), model(x)))
    True
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    kwargs.pop("save_format", None)
    if kwargs:
        raise TypeError(
            f"save_model: unexpected keyword argument(s) {sorted(kwargs)}."
        )
    if zipped is False:
        raise ValueError(
            "save_model: only zipped `.keras` archives are supported. "
            f"Received: zipped={zipped}."
        )
    filepath = file_utils.path_to_str(filepath)
    if filepath.endswith(".keras"):
        return saving_lib.save_model(model, filepath, overwrite=overwrite)
    if filepath.endswith(_LEGACY_SUFFIXES):
        from cornu.saving import legacy_h5

        return legacy_h5.save_model(model, filepath, overwrite=overwrite,
                                    include_optimizer=include_optimizer)
    raise ValueError(
        "Invalid filepath extension for saving. Please add either a "
        "`.keras` extension for the native Keras format (recommended) or a "
        f"`.h5` extension for the legacy tf.keras format. Received: "
        f"filepath={filepath}"
    )


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `save_model` (or by Keras 3, or a tf.keras
    `.h5` file).

    Args:
        filepath: a `.keras` archive or an `.h5` file.
        custom_objects: a dict mapping names to custom classes or
            functions used by the model.
        compile: whether to compile the model with the saved compile
            configuration (and restore the optimizer state).
        safe_mode: `True` refuses to run code stored in the file (Lambda
            bytecode); pass `False` only for files you trust.
    """
    filepath = file_utils.path_to_str(filepath)
    if filepath.endswith(".keras") or _is_zip(filepath):
        return saving_lib.load_model(filepath, custom_objects=custom_objects,
                                     compile=compile, safe_mode=safe_mode)
    if filepath.endswith(_LEGACY_SUFFIXES):
        from cornu.saving import legacy_h5

        return legacy_h5.load_model(filepath, custom_objects=custom_objects,
                                    compile=compile, safe_mode=safe_mode)
    raise ValueError(
        f"File format not supported: filepath={filepath}. cornu loads "
        "`.keras` archives and tf.keras `.h5` files."
    )


def save_weights(model, filepath, overwrite=True):
    """Saves `model`'s weights to a Keras 3 `.weights.h5` file."""
    return weights_h5.save_weights(model, filepath, overwrite=overwrite)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights into `model` from a `.weights.h5` file, a `.keras`
    archive or a tf.keras `.h5` file.

    Args:
        model: the model to load into (built).
        filepath: the file.
        skip_mismatch: warn about and skip the layers whose variables do
            not match the file instead of raising.
        by_name: (tf.keras `.h5` weights only) match layers by name.
    """
    filepath = file_utils.path_to_str(filepath)
    if filepath.endswith(".keras"):
        _no_kwargs(kwargs)
        return saving_lib.load_weights(model, filepath,
                                       skip_mismatch=skip_mismatch)
    if filepath.endswith(".weights.h5"):
        _no_kwargs(kwargs)
        return weights_h5.load_weights(model, filepath,
                                       skip_mismatch=skip_mismatch)
    if filepath.endswith(_LEGACY_SUFFIXES):
        from cornu.saving import legacy_h5

        return legacy_h5.load_weights(model, filepath,
                                      skip_mismatch=skip_mismatch, **kwargs)
    raise ValueError(
        "File format not supported: filepath="
        f"{filepath}. cornu loads weights from `.weights.h5`, `.keras` and "
        "tf.keras `.h5` files."
    )


def _no_kwargs(kwargs):
    if kwargs:
        raise ValueError(
            f"Invalid keyword arguments: {kwargs}. They only apply to "
            "tf.keras `.h5` files."
        )


def _is_zip(filepath: str) -> bool:
    import os
    import zipfile

    return os.path.isfile(filepath) and zipfile.is_zipfile(filepath)


__all__ = ["load_model", "load_weights", "save_model", "save_weights"]
