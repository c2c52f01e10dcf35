"""`Progbar`: Keras's console progress bar.

On a terminal (or a Jupyter kernel, or PyCharm's console) the bar redraws
itself in place, with Keras's colours, every `interval` seconds:

    469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9123 - loss: 0.2876

When standard output is anything else (a log file, a pipe, CI, pytest's
capture) the bar is not animated: `verbose=1` prints only the finished line,
without colour codes. (Keras also treats `"posix" in sys.modules` as a sign
of a terminal, which holds on every Linux and macOS process, so Keras
animates into log files too; cornu does not.)
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable
from typing import Any

import numpy as np

_BOLD = "\x1b[1m"
_GREEN = "\x1b[32m"
_WHITE = "\x1b[37m"
_RESET = "\x1b[0m"


def _is_dynamic_display() -> bool:
    """Whether standard output redraws a line in place (a terminal, a
    Jupyter kernel or PyCharm's console)."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        on_terminal = bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        on_terminal = False
    return (on_terminal or "ipykernel" in sys.modules
            or "PYCHARM_HOSTED" in os.environ)


def _write(message: str) -> None:
    stream = sys.stdout
    try:
        stream.write(message)
    except UnicodeEncodeError:
        # A stream whose encoding cannot hold the bar character.
        encoding = getattr(stream, "encoding", None) or "utf-8"
        message = message.replace("━", "=")
        stream.write(message.encode(encoding, errors="ignore").decode(
            encoding))
    stream.flush()


def _format_duration(seconds: float) -> str:
    """An ETA as `1:02:03`, `2:03` or `3s`."""
    if seconds > 3600:
        hours, rest = int(seconds // 3600), seconds % 3600
        return f"{hours}:{int(rest // 60):02d}:{int(rest % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(seconds)}s"


def _format_time_per_unit(seconds: float, unit_name: str) -> str:
    """` 3s/step`, ` 4ms/step` or ` 12us/step`."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


class Progbar:
    """Displays a progress bar.

    Metric values passed to `update` are averaged over the steps seen so far
    (weighted by the steps each value covers), except the names listed in
    `stateful_metrics`, which are shown as given. `stateless_metrics`
    inverts the default: only the names it lists are averaged. Pass at most
    one of the two. The final update shows its values as given (a trainer
    passes the epoch's totals there).

    Args:
        target: the total number of steps, or `None` if unknown.
        width: the bar's width in characters.
        verbose: 0 (silent), 1 (the bar) or 2 (one line when finished).
        interval: the minimum number of seconds between two redraws.
        stateful_metrics: names of values shown as given.
        stateless_metrics: names of values averaged (all others shown as
            given).
        unit_name: the name of a step in the time per step (`"step"`,
            `"sample"`).

    Example:
        >>> from cornu.utils import Progbar
        >>> bar = Progbar(target=3, verbose=2)
        >>> for step in range(1, 4):
        ...     bar.update(step, values=[("loss", 1.0 / step)])
        ... # doctest: +ELLIPSIS
        3/3 - 0s - ...s/step - loss: 0.3333
    """

    def __init__(self, target: int | None, width: int = 20,
                 verbose: int = 1, interval: float = 0.05,
                 stateful_metrics: Iterable[str] | None = None,
                 stateless_metrics: Iterable[str] | None = None,
                 unit_name: str = "step"):
        if target is not None and (
                isinstance(target, bool)
                or not isinstance(target, (int, np.integer)) or target < 0):
            raise ValueError(
                "Progbar: `target` must be a non-negative integer or None. "
                f"Received: target={target!r}."
            )
        if verbose not in (0, 1, 2):
            raise ValueError(
                "Progbar: `verbose` must be 0 (silent), 1 (bar) or 2 (one "
                f"line). Received: verbose={verbose!r}."
            )
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar: pass at most one of `stateful_metrics` (names "
                "shown as given; the others are averaged) and "
                "`stateless_metrics` (names averaged; the others are shown "
                f"as given). Received: stateful_metrics={stateful_metrics!r}"
                f", stateless_metrics={stateless_metrics!r}."
            )
        self.target = None if target is None else int(target)
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        self._dynamic_display = _is_dynamic_display()
        self._seen_so_far = 0
        # name -> [sum of value * steps, steps]
        self._values: dict[str, list] = {}
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step: float | None = None
        self._prev_total_width = 0

    def _is_averaged(self, name: str) -> bool:
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def update(self, current: int,
               values: Iterable[tuple[str, Any]] | None = None,
               finalize: bool | None = None) -> None:
        """Moves the bar to step `current`.

        Args:
            current: the index of the current step (1 after the first).
            values: `(name, value)` pairs for the last step(s).
            finalize: whether this is the last update; `None` means
                `current >= target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if finalize or not self._is_averaged(name):
                self._values[name] = [value, 1]
                continue
            steps = max(current - self._seen_so_far, 1)
            if name in self._values:
                self._values[name][0] += value * steps
                self._values[name][1] += steps
            else:
                self._values[name] = [value * steps, steps]
        self._seen_so_far = current

        now = time.time()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            if self._dynamic_display:
                self._draw(current, now, time_per_unit, finalize)
            elif finalize:
                line = self._bar_line(current, now, time_per_unit, True,
                                      styled=False)
                _write(line + "\n")
        elif self.verbose == 2 and finalize and self.target:
            _write(self._summary_line(current, now, time_per_unit) + "\n")
        self._last_update = now

    def add(self, n: int, values: Iterable[tuple[str, Any]] | None = None
            ) -> None:
        """Advances the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)

    def _draw(self, current: int, now: float, time_per_unit: float,
              finalize: bool) -> None:
        line = self._bar_line(current, now, time_per_unit, finalize,
                              styled=True)
        width = len(self._bar_line(current, now, time_per_unit, finalize,
                                   styled=False))
        message = "\b" * self._prev_total_width + "\r" + line
        if self._prev_total_width > width:
            message += " " * (self._prev_total_width - width)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = width

    def _bar_line(self, current: int, now: float, time_per_unit: float,
                  finalize: bool, styled: bool) -> str:
        def style(text: str, code: str) -> str:
            return f"{code}{text}{_RESET}" if styled else text

        if self.target:
            digits = int(math.log10(self.target)) + 1
            line = style(f"{current:{digits}d}/{self.target}", _BOLD) + " "
            done = int(self.width * current / self.target)
            if done > 0:
                line += style("━" * done, _GREEN)
            line += style("━" * (self.width - done), _WHITE)
        else:
            line = f"{current:7d}/Unknown"
        if self.target and not finalize:
            eta = time_per_unit * (self.target - current)
            line += " " + style(_format_duration(eta), _BOLD)
        else:
            line += " " + style(f"{now - self._start:.0f}s", _BOLD)
        line += _format_time_per_unit(time_per_unit, self.unit_name)
        for name, (total, count) in self._values.items():
            average = _mean(total) / max(1, count)
            if abs(average) > 1e-3:
                line += f" - {name}: {average:.4f}"
            else:
                line += f" - {name}: {average:.4e}"
        return line

    def _summary_line(self, current: int, now: float,
                      time_per_unit: float) -> str:
        digits = int(math.log10(self.target)) + 1
        line = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s"
        line += " -" + _format_time_per_unit(time_per_unit, self.unit_name)
        for name, (total, count) in self._values.items():
            average = _mean(total) / max(1, count)
            # Keras compares the signed value here, unlike the bar line.
            if average > 1e-3:
                line += f" - {name}: {average:.4f}"
            else:
                line += f" - {name}: {average:.4e}"
        return line

    def _step_duration(self, current: int, now: float) -> float:
        """Seconds per step, leaving out the first step (often slow: it
        compiles) once later steps are available."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            duration = (now - self._time_after_first_step) / (current - 1)
        else:
            duration = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return duration


def _mean(value: Any) -> float:
    return value if isinstance(value, float) else np.mean(value)
