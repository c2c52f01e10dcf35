"""Where each object's variables live in a Keras 3 weights file.

Keras 3 keys a `.weights.h5` file (and the `model.weights.h5` inside a
`.keras` archive) by the *object tree*, not by variable names:

    vars                                   the model's own variables
    layers/dense/vars/0                    Sequential / Functional layers
    layers/functional/layers/conv2d/vars/1 a nested model's layers
    block/d1/vars/0                        an attribute of a subclassed model
    block/ds/dense_1/vars/0                the 2nd Dense in a list attribute
    optimizer/vars/3                       the optimizer's variables

The rules, reproduced from how Keras 3 behaves:

- A Sequential or Functional model lists `layers` first. Then, for every
  object, its attributes are visited in sorted order, private names
  (`_x`) last. Attributes that a plain object of the same kind already has
  (a bare `Layer`, a bare `Model`, ...) are skipped, so only what a class
  adds is visited; a model's `layers` and `optimizer` always are.
- A layer or optimizer found under an attribute is stored at
  `<parent>/<attribute>`. Lists, tuples and dicts name their items by the
  snake case of the item's class, made unique with a counter
  (`dense`, `dense_1`); nested containers are `container`, `container_1`.
- An object reached a second time is skipped (but still uses up its name
  in a container).
- Metrics and losses hold no saved state in the file.
"""

from __future__ import annotations

_reference_names: dict[str, frozenset] = {}


def _kind(obj) -> str | None:
    from cornu.layers.layer import Layer
    from cornu.models.functional import Functional
    from cornu.models.model import Model
    from cornu.models.sequential import Sequential
    from cornu.optimizers.optimizer import Optimizer

    if isinstance(obj, Sequential):
        return "sequential"
    if isinstance(obj, Functional):
        return "functional"
    if isinstance(obj, Model):
        return "model"
    if isinstance(obj, Layer):
        return "layer"
    if isinstance(obj, Optimizer):
        return "optimizer"
    return None


def _is_stateless_saveable(obj) -> bool:
    """Metrics and losses: Keras objects that take a name in a container
    but write nothing."""
    from cornu.losses.loss import Loss
    from cornu.metrics.metric import Metric

    return isinstance(obj, (Metric, Loss))


def _attribute_names(obj) -> set:
    return set(dir(type(obj))) | set(vars(obj))


def _make_reference(kind):
    from cornu import layers, models, optimizers

    if kind == "layer":
        return layers.Layer()
    if kind == "model":
        return models.Model()
    if kind == "optimizer":
        return optimizers.SGD()
    inputs = layers.Input((1,))
    if kind == "sequential":
        return models.Sequential([inputs, layers.Activation("linear")])
    return models.Functional(inputs, layers.Activation("linear")(inputs))


def _skipped_names(kind) -> frozenset:
    """The attribute names a plain object of `kind` has: the ones a walk
    does not visit. Made once from a throwaway object, without using up
    automatic layer names."""
    names = _reference_names.get(kind)
    if names is None:
        from cornu.layers import naming

        saved = dict(naming._name_counts)
        try:
            names = frozenset(_attribute_names(_make_reference(kind)))
        finally:
            naming._name_counts.clear()
            naming._name_counts.update(saved)
        if kind in ("model", "sequential", "functional"):
            names = names - {"layers", "optimizer"}
        if kind == "optimizer":
            names = names | {"variables"}
        _reference_names[kind] = names
    return names


def _children(obj, kind):
    """(attribute name, value) pairs in the order Keras visits them."""
    if kind in ("sequential", "functional"):
        yield "layers", obj.layers
    skipped = _skipped_names(kind)
    names = sorted((n for n in _attribute_names(obj)
                    if not n.startswith("__") and n not in skipped),
                   key=lambda n: f"~{n}" if n.startswith("_") else n)
    for name in names:
        if name == "layers" and kind in ("sequential", "functional"):
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # noqa: BLE001 - a property may fail; Keras skips it
            continue
        yield name, value


def _join(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def own_variables(obj) -> list:
    """The variables stored under an object's own `vars` group, in Keras's
    order: a layer's own trainable then non-trainable variables (not its
    sublayers'), an optimizer's `variables`."""
    if _kind(obj) != "optimizer":
        return list(obj._own_trainable) + list(obj._own_non_trainable)
    return list(obj.variables)


def walk(root) -> list:
    """`[(path, obj), ...]`: every layer and optimizer reachable from
    `root` (a model or layer), each once, with the path of its group in a
    Keras 3 weights file (`""` for `root` itself)."""
    out: list = []
    visited: set = set()
    _visit(root, "", out, visited)
    return out


def _visit(obj, path, out, visited) -> None:
    if id(obj) in visited:
        return
    kind = _kind(obj)
    visited.add(id(obj))
    out.append((path, obj))
    for name, value in _children(obj, kind):
        if _kind(value) is not None:
            _visit(value, _join(path, name), out, visited)
        elif isinstance(value, (list, tuple, dict)):
            _visit_container(value, _join(path, name), out, visited, set())


def _visit_container(container, path, out, visited, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    items = list(container.values()) if isinstance(container, dict) else list(
        container)
    from cornu.layers.naming import to_snake_case

    used: dict = {}
    for item in items:
        if _kind(item) is not None or _is_stateless_saveable(item):
            name = _unique(to_snake_case(type(item).__name__), used)
            if _kind(item) is not None:
                _visit(item, _join(path, name), out, visited)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique("container", used)
            _visit_container(item, _join(path, name), out, visited,
                             seen_containers)


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


__all__ = ["own_variables", "walk"]
