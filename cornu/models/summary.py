"""`print_summary`: the table `Model.summary()` prints, in Keras 3's layout.

This module decides what the table says, with Keras 3's rules: which layers
are listed, their output shapes and parameter counts, whether the model is
"sequential-like" (no "Connected to" column), and the totals with their
memory sizes. Keras draws the table with `rich`; cornu depends on NumPy and
h5py only, so `_summary_layout.py` lays out the text with rich's rules. The
text is the one Keras gives `print_fn` (no colors).
"""

from __future__ import annotations

import math
import re
import shutil
import sys

from cornu.backend.common import dtypes
from cornu.models._summary_layout import (
    console_width,
    crop,
    render_table,
    wrap_plain,
)

_BITS = {
    **{f"float{i}": i for i in (16, 32, 64)},
    **{f"int{i}": i for i in (8, 16, 32, 64)},
    **{f"uint{i}": i for i in (8, 16, 32, 64)},
    "bfloat16": 16,
    "bool": 1,
}


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  expand_nested=False, show_trainable=False,
                  layer_range=None) -> None:
    """Prints a summary of a model: one row per layer with its output
    shape and parameter count, then the totals.

    Args:
        model: a `Model` (Sequential, Functional or subclassed).
        line_length: the width of the table; default 88 (108 with the
            "Connected to" column), at most the terminal width minus 4.
        positions: the right edge of each column as a fraction of
            `line_length`; default `[0.45, 0.80, 1.0]` (Sequential-like
            models) or `[0.3, 0.56, 0.74, 1.0]` (other graphs).
        print_fn: called once with the whole summary text (as Keras 3
            does); default prints to stdout.
        expand_nested: whether to list the layers of nested models.
        show_trainable: whether to add a "Trainable" column.
        layer_range: two layer names (or regexes), first and last layer
            to list, both included.

    Differences from Keras 3: no colors or bold on terminals. A subclassed
    model built with `build(input_shape)` shows its layers' weights, because
    cornu's `build` builds them (as tf.keras 2 did) where Keras 3 leaves
    them unbuilt.

    Example:
    >>> model = cornu.Sequential(
    ...     [cornu.Input((4,)), cornu.layers.Dense(2, name="out")],
    ...     name="tiny")
    >>> model.summary(line_length=50)
    Model: "tiny"
    ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━┓
    ┃ Layer (type)        ┃ Output Shape   ┃ Param # ┃
    ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━┩
    │ out (Dense)         │ (None, 2)      │      10 │
    └─────────────────────┴────────────────┴─────────┘
     Total params: 10 (40.00 B)
     Trainable params: 10 (40.00 B)
     Non-trainable params: 0 (0.00 B)
    """
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    sequential_like, relevant = True, None
    if isinstance(model, Functional) and not isinstance(model, Sequential):
        depths = _node_depths(model.inputs, model.outputs)
        relevant = set(depths)
        sequential_like = _is_sequential_like(model, depths)
    header, alignment, column_widths, line_length = _columns(
        sequential_like, show_trainable, line_length, positions)

    def fields(layer, prefix, use_nodes):
        row = [f"{prefix}{layer.name} ({_class_name(layer)})",
               _format_layer_shape(layer, use_nodes),
               f"{layer.count_params():,}" if layer.built
               else "0 (unbuilt)"]
        if not sequential_like:
            row.append(_connections(layer, relevant))
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights
                       else "-")
        return row

    def layer_rows(layer, level, use_nodes):
        prefix = "   " * level + "└ " if level else ""
        rows = [fields(layer, prefix, use_nodes)]
        nested = [sub for sub in layer.layers if not _is_op(sub)] if (
            expand_nested and _is_model(layer)) else []
        for sub in nested:
            rows.extend(layer_rows(sub, level + 1, not _is_subclassed(layer)))
        return rows

    # A Functional model lists its ops too, as Keras lists its operations.
    layers = list(getattr(model, "_graph_layers", model.layers))
    start, stop = _layer_index_bounds(layers, layer_range)
    rows = []
    for layer in layers[start:stop]:
        rows.extend(layer_rows(layer, 0, not _is_subclassed(model)))

    terminal_width = console_width()
    lines = wrap_plain(f'Model: "{model.name}"', terminal_width)
    lines += render_table(header, alignment, column_widths, rows,
                          line_length)
    for label, count, size in _totals(model):
        lines += wrap_plain(
            f" {label} params: {count:,} ({_readable_size(size)})",
            terminal_width)
    text = "".join(crop(line, terminal_width) + "\n" for line in lines)
    if print_fn is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        print_fn(text)


def _columns(sequential_like, show_trainable, line_length, positions):
    """Headers, alignments, widths and the table width, as Keras picks
    them."""
    if sequential_like:
        default_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        default_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    default_length = min(default_length,
                         shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    return header, alignment, widths, line_length


def _totals(model) -> list[tuple[str, int, float]]:
    """`(label, parameter count, bytes)` for the lines under the table."""
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    counts = [_count(trainable), _count(non_trainable)]
    sizes = [_memory_size(trainable), _memory_size(non_trainable)]
    optimizer = getattr(model, "optimizer", None)
    if (getattr(model, "compiled", False) and optimizer is not None
            and getattr(optimizer, "built", False)):
        counts.append(_count(optimizer.variables))
        sizes.append(_memory_size(optimizer.variables))
    totals = [("Total", sum(counts), sum(sizes)),
              ("Trainable", counts[0], sizes[0]),
              ("Non-trainable", counts[1], sizes[1])]
    if len(counts) == 3:
        totals.append(("Optimizer", counts[2], sizes[2]))
    return totals


# ---------------------------------------------------------------------------
# model structure
# ---------------------------------------------------------------------------
def _is_model(layer) -> bool:
    return getattr(layer, "_is_model", False)


def _is_op(layer) -> bool:
    """Whether `layer` is the node of an op (`cornu.ops.relu(x)`, `x + y`)
    called on symbolic tensors."""
    return type(layer).__name__ == "OpLayer" and hasattr(layer, "op_name")


# Keras's operation class names that are not the CamelCase of the op name.
_OP_CLASS_NAMES = {
    "abs": "Absolute", "allclose": "AllClose", "cdist": "CDist",
    "conj": "Conjugate", "ctc_decode": "CTCDecode", "getitem": "GetItem",
    "hard_swish": "HardSilu", "isin": "IsIn",
    "layer_normalization": "LayerNorm", "rfft": "RFFT",
    "rms_normalization": "RMSNorm", "svd": "SVD", "swish": "Silu",
}


def _class_name(layer) -> str:
    """The "(type)" shown for a layer: its class, or for an op the class
    Keras 3 gives the operation (`relu` -> `Relu`)."""
    if not _is_op(layer):
        return type(layer).__name__
    name = layer.op_name
    return _OP_CLASS_NAMES.get(name) or "".join(
        part.capitalize() for part in name.split("_"))


def _is_subclassed(model) -> bool:
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    return not isinstance(model, (Functional, Sequential))


def _node_depths(inputs, outputs) -> dict:
    """Each node of the graph between `inputs` and `outputs` -> its depth
    (0 at the outputs), computed as Keras's `map_graph` does."""
    input_ids = {id(t) for t in inputs}
    ordered, seen = [], set()
    # Iterative post-order walk (deep graphs exceed the recursion limit).
    stack = [(t, False) for t in reversed(outputs)]
    while stack:
        tensor, expanded = stack.pop()
        layer, node_index, _ = tensor._history
        node = layer._inbound_nodes[node_index]
        if expanded:
            if id(node) not in seen:
                seen.add(id(node))
                ordered.append(node)
            continue
        if id(node) in seen:
            continue
        stack.append((tensor, True))
        if not node.is_input and id(tensor) not in input_ids:
            for parent in reversed(node.input_tensors):
                stack.append((parent, False))
    node_depth, layer_depth = {}, {}
    for node in reversed(ordered):
        depth = max(node_depth.setdefault(node, 0),
                    layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = depth
        node_depth[node] = depth
        for parent in node.parent_nodes:
            node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    for tensor in inputs:
        layer = tensor._history[0]
        if layer not in layer_depth:
            layer_depth[layer] = 0
            node_depth[layer._inbound_nodes[0]] = 0
    return node_depth


def _is_sequential_like(model, node_depth) -> bool:
    """Keras's rule: one node per depth, each with at most one input
    tensor, and no layer called twice."""
    by_depth: dict = {}
    for node, depth in node_depth.items():
        by_depth.setdefault(depth, []).append(node)
    nodes = set()
    for group in by_depth.values():
        if len(group) > 1 or len(group[0].input_tensors) > 1:
            return False
        nodes.add(group[0])
    for layer in model.layers:
        if sum(1 for node in layer._inbound_nodes if node in nodes) > 1:
            return False
    return True


def _connections(layer, relevant) -> str:
    parts = []
    for node in layer._inbound_nodes:
        if relevant and node not in relevant:
            continue
        for tensor in node.input_tensors:
            inbound, node_index, tensor_index = tensor._history
            parts.append(f"{inbound.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) or "-"


def _format_shape(shape) -> str:
    return f"({', '.join(str(d) for d in shape)})"


def _is_shape(x) -> bool:
    return isinstance(x, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in x)


def _map_shapes(structure):
    if _is_shape(structure):
        return _format_shape(structure)
    if isinstance(structure, dict):
        return {k: _map_shapes(v) for k, v in structure.items()}
    return type(structure)(_map_shapes(s) for s in structure)


def _flatten_strings(x) -> list:
    if isinstance(x, str):
        return [x]
    values = x.values() if isinstance(x, dict) else x
    return [s for v in values for s in _flatten_strings(v)]


def _format_layer_shape(layer, use_nodes: bool) -> str:
    """The "Output Shape" cell. Layers called on symbolic tensors show
    their last node's outputs; layers built eagerly (as in subclassed
    models) show `compute_output_shape` of their build shape, or `?` where
    Keras has none (custom layers that define no `compute_output_shape`)."""
    from cornu.layers.layer import Layer

    nodes = layer._inbound_nodes if use_nodes else []
    if nodes:
        shapes = [_format_shape(t.shape) for t in nodes[-1].outputs]
    elif _is_model(layer) and not _is_subclassed(layer):
        try:
            # Keras formats a graph model's `output_shape` as one shape.
            return _format_shape(layer.output_shape)
        except (AttributeError, RuntimeError):  # Sequential, no input shape
            return "?"
    elif layer._build_shapes is None:
        return "?"
    elif (type(layer).compute_output_shape is Layer.compute_output_shape
          and not type(layer).__module__.startswith("cornu.")):
        return "?"  # a custom layer without `compute_output_shape`
    else:
        try:
            shapes = _map_shapes(
                layer.compute_output_shape(layer._build_shapes))
        except (NotImplementedError, ValueError, TypeError):
            return "?"
    flat = _flatten_strings(shapes)
    if len(flat) == 1:
        return flat[0]
    return str(shapes).replace("'", "")


def _layer_index_bounds(layers, layer_range) -> tuple[int, int]:
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not all(isinstance(name, str) for name in layer_range):
        raise ValueError(
            f"layer_range should contain string type only. Received: "
            f"{layer_range}"
        )
    lower = [i for i, layer in enumerate(layers)
             if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers)
             if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


# ---------------------------------------------------------------------------
# parameter counts
# ---------------------------------------------------------------------------
def _count(weights) -> int:
    return int(sum(math.prod(v.shape) for v in weights))


def _memory_size(weights) -> float:
    """Bytes held by the distinct `weights`."""
    total = 0
    for v in {id(v): v for v in weights}.values():
        dtype = dtypes.standardize_dtype(v.dtype)
        if dtype not in _BITS:
            raise ValueError(f"Invalid dtype: {dtype}")
        total += math.prod(v.shape) * _BITS[dtype]
    return total / 8


def _readable_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


__all__ = ["print_summary"]
