"""Text layout for `print_summary`: the rules rich applies to Keras 3's
summary table, written out so cornu needs no `rich`.

Keras renders `rich.table.Table(width=line_length, show_lines=True)` with
fixed-width columns (the `HEAVY_HEAD` box, one space of padding each side)
and captures it on a console as wide as the terminal. This module reproduces
that: rich's column-width reduction (`ratio_reduce`), its word wrapping
(`divide_line`: words carry their trailing spaces, words longer than a line
are cut with `…` in cells and folded in plain lines), justification, and
cropping at the console width. Widths are counted in terminal cells (East
Asian wide characters take two).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import unicodedata


def console_width() -> int:
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


def crop(line: str, width: int) -> str:
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
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


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


def wrap_plain(text: str, width: int) -> list[str]:
    """A line printed by the console: wrapped at its width, words longer
    than a line folded."""
    return _wrap(text, width, justify="default", overflow="fold")


def _ratio_reduce(total, ratios, maximums, values) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining, result = total, []
    for ratio, maximum, value in zip(ratios, maximums, values,
                                     strict=True):
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


def render_table(header, alignment, column_widths, rows,
                  line_length) -> list[str]:
    widths = _column_widths(column_widths, line_length)

    def border(left, fill, cross, right):
        return left + cross.join(fill * w for w in widths) + right

    def render_row(cells, bottom_align, edge):
        rendered = []
        for cell, width, justify in zip(cells, widths, alignment,
                                        strict=True):
            inner = max(width - 2, 0)
            lines = _wrap(cell, inner, justify, "ellipsis") if inner else [""]
            rendered.append([
                _set_cell_size(" " + line + " ", width) for line in lines])
        height = max(len(cell) for cell in rendered)
        for cell, width in zip(rendered, widths, strict=True):
            blank = [" " * width] * (height - len(cell))
            cell[:] = blank + cell if bottom_align else cell + blank
        return [edge + edge.join(parts) + edge
                for parts in zip(*rendered, strict=True)]

    out = [border("┏", "━", "┳", "┓")]
    out += render_row(header, bottom_align=True, edge="┃")
    out.append(border("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        out += render_row(row, bottom_align=False, edge="│")
        if i < len(rows) - 1:
            out.append(border("├", "─", "┼", "┤"))
    out.append(border("└", "─", "┴", "┘"))
    return out
