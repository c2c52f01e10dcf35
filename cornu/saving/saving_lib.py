"""The `.keras` format: a zip archive with three members (and assets), as
Keras 3 writes it.

- `metadata.json`: `{"keras_version", "cornu_version", "date_saved"}`;
- `config.json`: the model's `serialize_keras_object` dict, plus
  `"compile_config"` when the model is compiled;
- `model.weights.h5`: the variables in Keras 3's HDF5 layout (see
  `weights_h5`), optimizer state included;
- `assets/...`: files such as lookup vocabularies, by object path (see
  `assets`), only when some object writes them.

Members are stored uncompressed, as Keras does. The file is written to a
temporary file and renamed over the target (`file_utils.atomic_write`).

Loading extracts nothing to disk but the assets (into a temporary folder,
see `assets`) and reads only the members it needs, after checking the
archive: a member whose name escapes the archive's folder (`../x`,
`/etc/x`), a member larger than the limits below, a member compressed more
than `MAX_COMPRESSION_RATIO` to one, or more than `MAX_MEMBERS` members is
refused with an `InvalidFileError`.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import numpy as np

from cornu.saving import assets, file_utils, weights_h5
from cornu.saving.errors import InvalidFileError, UnknownObjectError

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"
# The Keras release whose `.keras` layout this module writes.
KERAS_FORMAT_VERSION = "3.15.1"

MAX_JSON_BYTES = 256 * 2**20
MAX_WEIGHTS_BYTES = 64 * 2**30
MAX_MEMBERS = 100_000
MAX_COMPRESSION_RATIO = 200
_BOMB_CHECK_ABOVE = 2**20


def save_model(model, filepath, overwrite=True) -> None:
    """Writes `model` to a `.keras` archive: architecture, compile
    configuration and every variable (optimizer state included)."""
    import cornu

    filepath = file_utils.path_to_str(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving a model in the `.keras` "
            f"format: the name must end in `.keras`. Received: "
            f"filepath={filepath}"
        )
    if not file_utils.may_write(filepath, overwrite):
        return
    config_json = json.dumps(model_config(model), default=_json_default)
    metadata_json = json.dumps({
        "keras_version": KERAS_FORMAT_VERSION,
        "cornu_version": cornu.__version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    })
    weights = weights_bytes(model)
    with file_utils.atomic_write(filepath) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(METADATA_FILENAME, metadata_json)
            zf.writestr(CONFIG_FILENAME, config_json)
            zf.writestr(WEIGHTS_FILENAME, weights)
            assets.write_assets(model, zf)


def model_config(model) -> dict:
    """`serialize_keras_object(model)` plus `"compile_config"` when the
    model is compiled."""
    from cornu.saving.serialization import serialize_keras_object

    config = serialize_keras_object(model)
    if getattr(model, "compiled", False) and hasattr(
            model, "get_compile_config"):
        compile_config = model.get_compile_config()
        if compile_config is not None:
            config["compile_config"] = compile_config
    return config


def weights_bytes(model) -> bytes:
    """The model's variables as the bytes of a Keras 3 `.weights.h5`."""

    buffer = io.BytesIO()
    with file_utils.create_h5(buffer) as f:
        weights_h5.write_weights(model, f)
    return buffer.getvalue()


def load_model(filepath, custom_objects=None, compile=True,
               safe_mode=True):
    """Rebuilds the model saved in a `.keras` archive, with its weights,
    and (when `compile=True`) its compile configuration and optimizer
    state."""
    filepath = file_utils.path_to_str(filepath)
    source = f"file {filepath!r}"
    config, weights = read_archive(filepath, need_weights=True)
    compile_config = config.pop("compile_config", None)
    model = rebuild(config, custom_objects, safe_mode, source)
    if compile and compile_config and hasattr(model, "compile_from_config"):
        from cornu.saving.serialization import CustomObjectScope

        with CustomObjectScope(custom_objects or {}):
            model.compile_from_config(compile_config)
    load_weights_bytes(model, weights, source=source)
    read_assets(model, filepath)
    return model


def read_assets(model, filepath: str) -> None:
    """Loads the archive's `assets/` files into the objects of `model`
    that read assets (see `assets`)."""
    source = f"file {filepath!r}"
    try:
        with zipfile.ZipFile(filepath, "r") as zf:
            members = check_members(zf, source)
            assets.load_assets(model, zf, members, source)
    except InvalidFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            ValueError, KeyError, NotImplementedError, RuntimeError,
            IndexError) as err:
        raise InvalidFileError(
            f"Cannot read the assets in {source}: {type(err).__name__}: "
            f"{err}"
        ) from err


def load_weights(model, filepath, skip_mismatch=False) -> None:
    """Sets `model`'s variables from the weights inside a `.keras`
    archive."""
    filepath = file_utils.path_to_str(filepath)
    _, weights = read_archive(filepath, need_weights=True)
    load_weights_bytes(model, weights, skip_mismatch=skip_mismatch,
                       source=f"file {filepath!r}")


def load_weights_bytes(model, data, skip_mismatch=False, source="file"):
    with file_utils.open_h5(io.BytesIO(data),
                            what=f"{WEIGHTS_FILENAME} in {source}") as f:
        weights_h5.read_weights(model, f, skip_mismatch=skip_mismatch,
                                source=f"{WEIGHTS_FILENAME} in {source}")


def rebuild(config, custom_objects, safe_mode, source):
    """The object `config` describes. An unknown class stays an
    `UnknownObjectError` (a TypeError that says how to register it); any
    other failure is an `InvalidFileError` that keeps the original message
    (a safe-mode refusal still says how to opt in)."""
    from cornu.saving.serialization import deserialize_keras_object

    if not isinstance(config, dict) or "class_name" not in config:
        raise InvalidFileError(
            f"{CONFIG_FILENAME} in {source} does not describe a model: "
            "expected an object with 'class_name' and 'config'. Received: "
            f"{_preview(config)}."
        )
    try:
        return deserialize_keras_object(config, custom_objects,
                                        safe_mode=safe_mode)
    except (UnknownObjectError, InvalidFileError):
        raise
    except Exception as err:  # noqa: BLE001 - reported as a bad file
        raise InvalidFileError(
            f"Cannot rebuild the model described by {source}: "
            f"{type(err).__name__}: {err}"
        ) from err


def read_archive(filepath: str, need_weights: bool):
    """`(config dict, weights bytes or None)` from a `.keras` archive,
    after the safety checks."""
    import os

    source = f"file {filepath!r}"
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r}.")
    try:
        with zipfile.ZipFile(filepath, "r") as zf:
            members = check_members(zf, source)
            if CONFIG_FILENAME not in members:
                raise InvalidFileError(
                    f"{source} is not a `.keras` archive: it has no "
                    f"{CONFIG_FILENAME}. Members: {sorted(members)[:10]}."
                )
            raw = read_member(zf, members[CONFIG_FILENAME], MAX_JSON_BYTES,
                              source)
            weights = None
            if need_weights and WEIGHTS_FILENAME in members:
                weights = read_member(zf, members[WEIGHTS_FILENAME],
                                      MAX_WEIGHTS_BYTES, source)
    except InvalidFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            ValueError, KeyError, NotImplementedError, RuntimeError,
            IndexError) as err:
        raise InvalidFileError(
            f"Cannot read {source} as a `.keras` archive (a zip file): "
            f"{type(err).__name__}: {err}"
        ) from err
    config = parse_json(raw, f"{CONFIG_FILENAME} in {source}")
    if not isinstance(config, dict):
        raise InvalidFileError(
            f"{CONFIG_FILENAME} in {source} does not describe a model: "
            f"expected a JSON object. Received: {_preview(config)}."
        )
    if need_weights and weights is None:
        raise InvalidFileError(
            f"{source} has no {WEIGHTS_FILENAME}: it holds no weights."
        )
    return config, weights


def check_members(zf, source) -> dict:
    """name -> ZipInfo for the archive's members; refuses names that
    escape the archive's folder, too many members, oversized members and
    zip bombs."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InvalidFileError(
            f"{source} has {len(infos)} archive members; at most "
            f"{MAX_MEMBERS} are accepted."
        )
    members = {}
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if (name.startswith(("/", "\\")) or ".." in parts
                or (len(name) > 1 and name[1] == ":")):
            raise InvalidFileError(
                f"Refusing {source}: the archive member {name!r} escapes the "
                "archive's folder (an absolute path or '..')."
            )
        if (info.file_size > _BOMB_CHECK_ABOVE and info.file_size
                > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise InvalidFileError(
                f"Refusing {source}: the archive member {name!r} expands "
                f"from {info.compress_size} to {info.file_size} bytes, a "
                "ratio that marks a zip bomb."
            )
        members[name] = info
    return members


def read_member(zf, info, limit: int, source) -> bytes:
    """The bytes of one member, never more than `limit` (nor more than
    the member's declared size)."""
    if info.file_size > limit:
        raise InvalidFileError(
            f"Refusing {source}: the archive member {info.filename!r} is "
            f"{info.file_size} bytes, more than the {limit} accepted."
        )
    with zf.open(info) as f:
        data = f.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise InvalidFileError(
            f"Refusing {source}: the archive member {info.filename!r} holds "
            f"{len(data)} bytes or more but declares {info.file_size}."
        )
    return data


def parse_json(raw, where: str):
    """`raw` (bytes or str) parsed as JSON, or an InvalidFileError."""
    try:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8")
        return json.loads(raw)
    except (UnicodeError, ValueError, RecursionError) as err:
        raise InvalidFileError(f"{where} is not valid JSON: {err}") from err


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(
        f"Cannot write {value!r} (of type {type(value).__name__}) to "
        f"{CONFIG_FILENAME}: it is not JSON serializable. Make `get_config` "
        "return plain Python values."
    )


def _preview(value) -> str:
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."


__all__ = ["load_model", "load_weights", "save_model"]
