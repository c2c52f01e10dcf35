"""`print_summary`: the table `Model.summary()` prints, in Keras 3's layout.

Keras 3 draws the table with `rich`; cornu depends on NumPy and h5py only,
so this module lays the table out itself, following rich's rules for a
`Table(width=line_length, show_lines=True)` with fixed column widths: the
same box characters, column widths, word wrapping, `…` for words that do not
fit, and cropping at the console width. The text is the one Keras prints
when it captures the summary for `print_fn` (no colors).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import unicodedata

from cornu.backend.common import dtypes

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
    >>> model = cornu.Sequential([cornu.Input((4,)), MyLayer(name="my")])
    >>> model.summary()  # doctest: +SKIP
    """
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    sequential_like, relevant = True, None
    layers = model.layers
    if isinstance(model, Functional) and not isinstance(model, Sequential):
        depths = _node_depths(model.inputs, model.outputs)
        relevant = set(depths)
        sequential_like = _is_sequential_like(model, depths)
    subclassed = not isinstance(model, (Functional, Sequential))

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
    column_widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        column_widths.append(width)
        current += width

    def fields(layer, prefix, use_nodes):
        row = [f"{prefix}{layer.name} ({type(layer).__name__})",
               _format_layer_shape(layer, use_nodes)]
        if not layer.built:
            row.append("0 (unbuilt)")
        else:
            row.append(f"{layer.count_params():,}")
        if not sequential_like:
            row.append(_connections(layer, relevant))
        if show_trainable:
            if layer.weights:
                row.append("Y" if layer.trainable else "N")
            else:
                row.append("-")
        return row

    def layer_rows(layer, level, use_nodes):
        prefix = "   " * level + "└ " if level else ""
        rows = [fields(layer, prefix, use_nodes)]
        if expand_nested and _is_model(layer) and layer.layers:
            inner_nodes = not _is_subclassed(layer)
            for sub in layer.layers:
                rows.extend(layer_rows(sub, level + 1, inner_nodes))
        return rows

    start, stop = _layer_index_bounds(layers, layer_range)
    rows = []
    for layer in layers[start:stop]:
        rows.extend(layer_rows(layer, 0, not subclassed))

    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    counts = [_count(trainable), _count(non_trainable)]
    sizes = [_memory_size(trainable), _memory_size(non_trainable)]
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = bool(getattr(model, "compiled", False) and optimizer
                           and getattr(optimizer, "built", False))
    if optimizer_built:
        counts.append(_count(optimizer.variables))
        sizes.append(_memory_size(optimizer.variables))

    console_width = _console_width()
    lines = _wrap_plain(f'Model: "{model.name}"', console_width)
    lines += _render_table(header, alignment, column_widths, rows,
                           line_length)
    footer = [("Total", sum(counts), sum(sizes)),
              ("Trainable", counts[0], sizes[0]),
              ("Non-trainable", counts[1], sizes[1])]
    if optimizer_built:
        footer.append(("Optimizer", counts[2], sizes[2]))
    for label, count, size in footer:
        lines += _wrap_plain(
            f" {label} params: {count:,} ({_readable_size(size)})",
            console_width)
    text = "".join(_crop(line, console_width) + "\n" for line in lines)
    if print_fn is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        print_fn(text)


# ---------------------------------------------------------------------------
# model structure
# ---------------------------------------------------------------------------
def _is_model(layer) -> bool:
    return getattr(layer, "_is_model", False)


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
    elif layer._build_shapes is None:
        return "?"
    else:
        try:
            if _is_model(layer) and not _is_subclassed(layer):
                output_shape = layer.output_shape
            elif (type(layer).compute_output_shape is Layer.compute_output_shape
                  and not type(layer).__module__.startswith("cornu.")):
                return "?"
            else:
                output_shape = layer.compute_output_shape(layer._build_shapes)
        except (NotImplementedError, AttributeError, ValueError, TypeError):
            return "?"
        shapes = _map_shapes(output_shape)
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


# ---------------------------------------------------------------------------
# text layout (rich's rules for this table)
# ---------------------------------------------------------------------------
def _console_width() -> int:
    """The width rich's console uses: `COLUMNS`, else the terminal of
    stdin/stdout/stderr, else 80 (115 in Jupyter)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    if _in_jupyter():
        jupyter = os.environ.get("JUPYTER_COLUMNS", "")
        return int(jupyter) if jupyter.isdigit() else 115
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def _in_jupyter() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = getattr(ipython, "get_ipython", lambda: None)()
    return type(shell).__name__ in ("ZMQInteractiveShell", "Shell")


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cell_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def _set_cell_size(text: str, total: int) -> str:
    """`text` cropped or padded with spaces to `total` cells."""
    size = _cell_len(text)
    if size <= total:
        return text + " " * (total - size)
    out, width = [], 0
    for ch in text:
        w = _char_width(ch)
        if width + w > total:
            break
        out.append(ch)
        width += w
    return "".join(out) + " " * (total - width)


def _crop(line: str, width: int) -> str:
    if _cell_len(line) <= width:
        return line
    return _set_cell_size(line, width)


def _chop_cells(text: str, width: int) -> list[str]:
    lines, line, size = [], [], 0
    for ch in text:
        w = _char_width(ch)
        if size + w > width:
            lines.append("".join(line))
            line, size = [ch], w
        else:
            line.append(ch)
            size += w
    lines.append("".join(line))
    return lines


_WORD = re.compile(r"\s*\S+\s*")


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """Where rich breaks `text` to fit `width` cells (character offsets)."""
    breaks, offset = [], 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        word_length = _cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += _cell_len(word)
        elif word_length > width:
            if fold:
                pieces = _chop_cells(word, width)
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        offset = _cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = _cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = _cell_len(word)
    return breaks


def _divide(text: str, offsets: list[int]) -> list[str]:
    bounds = [0, *offsets, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _rstrip_end(text: str, size: int) -> str:
    if len(text) > size:
        trailing = len(text) - len(text.rstrip())
        cut = min(trailing, len(text) - size)
        if cut:
            return text[:-cut]
    return text


def _truncate(text: str, width: int, overflow: str) -> str:
    if _cell_len(text) > width:
        if overflow == "ellipsis":
            return _set_cell_size(text, width - 1) + "…"
        return _set_cell_size(text, width)
    return text


def _wrap(text: str, width: int, justify: str, overflow: str) -> list[str]:
    """rich's `Text.wrap`: word wrap, then justify and truncate each line."""
    lines = []
    for paragraph in text.split("\n"):
        pieces = _divide(paragraph, _divide_line(
            paragraph, width, fold=overflow == "fold"))
        for piece in pieces:
            piece = _rstrip_end(piece, width)
            if justify in ("center", "right"):
                piece = _truncate(piece.rstrip(), width, overflow)
                pad = width - _cell_len(piece)
                left = pad // 2 if justify == "center" else pad
                piece = " " * left + piece
            piece = _truncate(piece, width, overflow)
            lines.append(piece)
    return lines


def _wrap_plain(text: str, width: int) -> list[str]:
    """A line printed by the console: wrapped at its width, words longer
    than a line folded."""
    return _wrap(text, width, justify="default", overflow="fold")


def _ratio_reduce(total, ratios, maximums, values) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining, result = total, []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _column_widths(column_widths, line_length) -> list[int]:
    """Cell widths (padding included, borders excluded) as rich computes
    them for fixed-width columns in a table `line_length` wide."""
    n = len(column_widths)
    max_width = line_length - (n + 1)
    if max_width < 1:
        return [1] * n
    widths = [min(w + 2, max_width) or 1 for w in column_widths]
    if sum(widths) > max_width:
        widths = _ratio_reduce(sum(widths) - max_width, [1] * n, widths,
                               widths)
        widths = [w if w >= 1 else 0 for w in widths]
    return widths


def _render_table(header, alignment, column_widths, rows,
                  line_length) -> list[str]:
    widths = _column_widths(column_widths, line_length)

    def border(left, fill, cross, right):
        return left + cross.join(fill * w for w in widths) + right

    def render_row(cells, bottom_align, edge):
        rendered = []
        for cell, width, justify in zip(cells, widths, alignment):
            inner = max(width - 2, 0)
            lines = _wrap(cell, inner, justify, "ellipsis") if inner else [""]
            rendered.append([
                _set_cell_size(" " + line + " ", width) for line in lines])
        height = max(len(cell) for cell in rendered)
        for cell, width in zip(rendered, widths):
            blank = [" " * width] * (height - len(cell))
            cell[:] = blank + cell if bottom_align else cell + blank
        return [edge + edge.join(parts) + edge
                for parts in zip(*rendered)]

    out = [border("┏", "━", "┳", "┓")]
    out += render_row(header, bottom_align=True, edge="┃")
    out.append(border("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        out += render_row(row, bottom_align=False, edge="│")
        if i < len(rows) - 1:
            out.append(border("├", "─", "┼", "┤"))
    out.append(border("└", "─", "┴", "┘"))
    return out


__all__ = ["print_summary"]
