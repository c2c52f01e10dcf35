"""The `assets/` folder of a `.keras` archive: files that are neither
config nor variables, such as a lookup layer's vocabulary.

As in Keras 3, an object with a `save_assets(dir_path)` method (a layer
or optimizer reachable from the model, see `object_tree`) writes its files
into a folder named by its object-tree path, and the archive stores them as
`assets/<path>/<file>`:

    assets/layers/string_lookup/vocabulary.txt
    assets/layers/text_vectorization/vocabulary.txt
    assets/layers/text_vectorization/_lookup_layer/vocabulary.txt

Only files are stored (an object that writes nothing leaves no trace).
Loading calls `load_assets(dir_path)` on each object whose folder the
archive has, after the weights are loaded.

`load_assets` takes a folder, so loading writes the asset members (and
only those, of objects that read assets) into a private temporary folder,
removed afterwards. The archive's member names were already checked
(`saving_lib.check_members`: no absolute paths, no `..`, no zip bombs);
each file is also checked to land inside the temporary folder, and the
assets together may not exceed `MAX_ASSETS_BYTES`.
"""

from __future__ import annotations

import os
import tempfile

from cornu.saving import object_tree
from cornu.saving.errors import InvalidFileError

ASSETS_DIRNAME = "assets"
MAX_ASSETS_BYTES = 16 * 2**30


def _folder(root: str, path: str) -> str:
    return os.path.join(root, *path.split("/")) if path else root


def write_assets(model, zf) -> None:
    """Adds the assets of every object reachable from `model` to the open
    zip file `zf`, under `assets/<object path>/`."""
    savers = [(path, obj.save_assets) for path, obj in object_tree.walk(model)
              if callable(getattr(obj, "save_assets", None))]
    if not savers:
        return
    with tempfile.TemporaryDirectory(prefix="cornu-assets-") as root:
        for path, save in savers:
            folder = _folder(root, path)
            os.makedirs(folder, exist_ok=True)
            save(folder)
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, root).replace(os.sep, "/")
                zf.write(full, f"{ASSETS_DIRNAME}/{relative}")


def load_assets(model, zf, members: dict, source: str) -> None:
    """Calls `load_assets(folder)` on every object reachable from `model`
    whose folder `assets/<path>/` the archive `zf` has (`members`: name ->
    ZipInfo, already checked)."""
    from cornu.saving.saving_lib import read_member

    loaders = [(path, obj) for path, obj in object_tree.walk(model)
               if callable(getattr(obj, "load_assets", None))]
    files = {name: info for name, info in members.items()
             if name.startswith(f"{ASSETS_DIRNAME}/")
             and not name.endswith("/")}
    if not loaders or not files:
        return
    wanted = {}
    for path, _ in loaders:
        prefix = f"{ASSETS_DIRNAME}/{path}/" if path else f"{ASSETS_DIRNAME}/"
        wanted.update({n: i for n, i in files.items() if n.startswith(prefix)})
    total = sum(info.file_size for info in wanted.values())
    if total > MAX_ASSETS_BYTES:
        raise InvalidFileError(
            f"Refusing {source}: its assets hold {total} bytes, more than "
            f"the {MAX_ASSETS_BYTES} accepted."
        )
    with tempfile.TemporaryDirectory(prefix="cornu-assets-") as root:
        real_root = os.path.realpath(root)
        for name, info in sorted(wanted.items()):
            target = os.path.realpath(os.path.join(
                root, *name.split("/")[1:]))
            if os.path.commonpath([real_root, target]) != real_root or (
                    target == real_root):
                raise InvalidFileError(
                    f"Refusing {source}: the asset {name!r} escapes the "
                    "assets folder."
                )
            data = read_member(zf, info, MAX_ASSETS_BYTES, source)
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "xb") as f:
                    f.write(data)
            except OSError as err:  # a name both a file and a folder
                raise InvalidFileError(
                    f"Refusing {source}: cannot place the asset {name!r}: "
                    f"{err}"
                ) from err
        for path, obj in loaders:
            folder = _folder(root, path)
            if not os.path.isdir(folder):
                continue
            try:
                obj.load_assets(folder)
            except (ValueError, TypeError, OSError, UnicodeError) as err:
                label = getattr(obj, "name", type(obj).__name__)
                raise InvalidFileError(
                    f"Cannot load the assets of {type(obj).__name__} "
                    f"{label!r} from '{ASSETS_DIRNAME}/{path}' in {source}: "
                    f"{type(err).__name__}: {err}"
                ) from err


__all__ = ["load_assets", "write_assets"]
