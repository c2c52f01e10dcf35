"""`RNN`, the layer that runs any cell over the time axis, and
`StackedRNNCells`, which chains cells into one."""

from __future__ import annotations

import inspect
from typing import Any

from cornu import ops, tree
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.rnn._cell_base import RNNCellBase, zeros_state
from cornu.layers.rnn._loop import rnn_loop


def check_cell(cell: Any, owner: str) -> None:
    """Raises unless `cell` is usable as an RNN cell."""
    if not callable(getattr(cell, "call", None)):
        raise ValueError(
            f"{owner}: a cell must be a layer with a `call(inputs, states)` "
            f"method. Received: cell={cell!r}."
        )
    if getattr(cell, "state_size", None) is None:
        raise ValueError(
            f"{owner}: a cell must define `state_size` (an int or a list "
            f"of ints, one per state). Received: cell={cell!r}, which has "
            "none."
        )


def _flat_sizes(size) -> list:
    if isinstance(size, (list, tuple)):
        return [s for sub in size for s in _flat_sizes(sub)]
    return [size]


def _unflatten(size, flat: list):
    """`flat` regrouped as `size` nests (an int takes one tensor)."""
    if not isinstance(size, (list, tuple)):
        return flat[0], flat[1:]
    out = []
    for sub in size:
        value, flat = _unflatten(sub, flat)
        out.append(value)
    return out, flat


def _as_list(states) -> list:
    return list(states) if isinstance(states, (list, tuple)) else [states]


def _accepts_training(cell) -> bool:
    params = inspect.signature(cell.call).parameters
    return "training" in params or any(
        p.kind is p.VAR_KEYWORD for p in params.values())


def _cells(cell) -> list:
    if isinstance(cell, StackedRNNCells):
        return [c for sub in cell.cells for c in _cells(sub)]
    return [cell]


class StackedRNNCells(Layer):
    """Chains cells so they run as one: at each step the output of a cell
    is the input of the next; the states are the cells' states, in order.

    Args:
        cells: a list of cells.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Example:
    >>> cells = [cornu.layers.GRUCell(4), cornu.layers.LSTMCell(3)]
    >>> rnn = cornu.layers.RNN(cornu.layers.StackedRNNCells(cells))
    >>> rnn(np.ones((2, 5, 6), dtype="float32")).shape
    (2, 3)
    """

    def __init__(self, cells: list, **kwargs: Any) -> None:
        if not isinstance(cells, (list, tuple)) or not cells:
            raise ValueError(
                "StackedRNNCells: `cells` must be a non-empty list of "
                f"cells. Received: cells={cells!r}."
            )
        for cell in cells:
            check_cell(cell, "StackedRNNCells")
        super().__init__(**kwargs)
        self.cells = list(cells)

    @property
    def state_size(self) -> list:
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        size = getattr(last, "output_size", None)
        return size if size is not None else _flat_sizes(last.state_size)[0]

    def get_initial_state(self, batch_size: int | None = None) -> list:
        return [_initial_state(cell, batch_size, self.compute_dtype)
                for cell in self.cells]

    def build(self, input_shape: tuple) -> None:
        shape = tuple(input_shape)
        for cell in self.cells:
            if not cell.built:
                cell.build(shape)
                cell.built = True
                cell._build_shapes = shape  # Keras saves it.
            size = getattr(cell, "output_size", None)
            if size is None:
                size = _flat_sizes(cell.state_size)[0]
            shape = (shape[0], size)
        self.built = True

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states, strict=True):
            nested = isinstance(cell.state_size, (list, tuple))
            kwargs = ({"training": training} if _accepts_training(cell)
                      else {})
            inputs, new = cell.call(
                inputs, cell_states if nested else _as_list(cell_states),
                **kwargs)
            new_states.append(new if nested else _as_list(new)[0])
        return inputs, new_states

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config["cells"] = [serialize_keras_object(c) for c in self.cells]
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        config["cells"] = [deserialize_keras_object(c, custom_objects)
                           for c in config["cells"]]
        return super().from_config(config)


def _initial_state(cell, batch_size, dtype):
    if hasattr(cell, "get_initial_state"):
        states = cell.get_initial_state(batch_size)
        if not isinstance(cell.state_size, (list, tuple)):
            return _as_list(states)[0]
        return states
    sizes = cell.state_size
    if isinstance(sizes, (list, tuple)):
        return [zeros_state(batch_size, s, dtype) for s in sizes]
    return zeros_state(batch_size, sizes, dtype)


class RNN(Layer):
    """Runs a cell over the time axis of its input.

    At each step `output, states = cell(x_t, states)`; the layer returns
    the last output, or every output with `return_sequences=True`. A mask
    (from `Masking`, `Embedding(mask_zero=True)` or `mask=`) makes masked
    steps keep the previous states and repeat the previous output.

    Args:
        cell: a cell (a layer with `call(inputs, states)` and
            `state_size`), or a list of cells (stacked).
        return_sequences: return the output of every step,
            `(batch, time, units)`, instead of the last one.
        return_state: also return the final states: `[output, *states]`.
        go_backwards: process the sequence from its end; the sequence
            output stays in processing order, as in Keras.
        stateful: keep the final states of a batch as the initial states
            of the next call (the batch size must be fixed);
            `reset_states()` sets them back to zeros.
        unroll: run the steps as a Python loop rather than `ops.scan`
            (the same numbers; may be faster for very short sequences).
        zero_output_for_mask: emit zeros, not the previous output, at
            masked steps of the sequence output.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: `(batch, time, features)`.
        initial_state: a list of initial state tensors; zeros when
            omitted.
        mask: `(batch, time)` booleans, `True` for steps to use.
        training: passed to the cell (dropout).

    Input shape:
        `(batch, time, features)`.

    Output shape:
        `(batch, units)`, or `(batch, time, units)` with
        `return_sequences`; with `return_state`, a list followed by the
        states.

    Example:
    >>> rnn = cornu.layers.RNN(cornu.layers.SimpleRNNCell(4),
    ...                        return_sequences=True)
    >>> rnn(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 5, 4)
    """

    def __init__(self, cell: Any, return_sequences: bool = False,
                 return_state: bool = False, go_backwards: bool = False,
                 stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs: Any) -> None:
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        check_cell(cell, type(self).__name__)
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self._state_values = None
        self._stateful_batch = None

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def states(self) -> list | None:
        """The carried states of a stateful layer (`None` otherwise)."""
        return self._state_values

    def get_initial_state(self, batch_size: int | None = None) -> list:
        """The zero initial states, flattened into one list."""
        return tree.flatten(_initial_state(self.cell, batch_size,
                                           self.compute_dtype))

    def build(self, sequences_shape: tuple,
              initial_state_shape: Any = None) -> None:
        shape = tuple(sequences_shape)
        if len(shape) < 3:
            raise ValueError(
                f"{type(self).__name__} layer {self.name!r} expects inputs "
                "of shape `(batch, time, features)`. Received: "
                f"input_shape={shape}."
            )
        if not self.cell.built:
            step_shape = (shape[0], *shape[2:])
            self.cell.build(step_shape)
            self.cell.built = True
            self.cell._build_shapes = step_shape  # Keras saves it.
        if self.stateful:
            if shape[0] is None:
                raise ValueError(
                    f"{type(self).__name__} layer {self.name!r}: a stateful "
                    "RNN needs a fixed batch size. Pass `batch_size=` to "
                    "`Input` (or `batch_shape=`). Received: input_shape="
                    f"{shape}."
                )
            self._stateful_batch = int(shape[0])
            self.reset_states()
        self.built = True

    def reset_states(self, states: list | None = None) -> None:
        """Sets the states of a stateful layer to zeros (or to `states`)."""
        if not self.stateful:
            raise RuntimeError(
                f"{type(self).__name__} layer {self.name!r} is not stateful;"
                " only a layer built with `stateful=True` keeps states to "
                "reset."
            )
        if states is not None:
            self._state_values = [ops.convert_to_tensor(s)
                                  for s in _as_list(states)]
        elif self._stateful_batch is not None:
            self._state_values = self.get_initial_state(self._stateful_batch)

    reset_state = reset_states

    def _initial_states(self, sequences, initial_state):
        if initial_state is not None:
            return tree.flatten(initial_state)
        if self.stateful and self._state_values is not None:
            return list(self._state_values)
        return self.get_initial_state(ops.shape(sequences)[0])

    def _step_function(self, training):
        cell, size = self.cell, self.cell.state_size
        kwargs = {"training": training} if _accepts_training(cell) else {}
        nested = isinstance(size, (list, tuple))

        def step(x, flat_states):
            states = (_unflatten(size, flat_states)[0] if nested
                      else flat_states)
            out, new = cell.call(x, states, **kwargs)
            return out, tree.flatten(new)

        return step

    def _prepare_dropout(self, sequences, training):
        batch, size = ops.shape(sequences)[0], ops.shape(sequences)[-1]
        for cell in _cells(self.cell):
            if isinstance(cell, RNNCellBase):
                cell.prepare_dropout(batch, size, training)
                size = cell.output_size
            else:
                size = getattr(cell, "output_size", size)

    def _clear_dropout(self):
        for cell in _cells(self.cell):
            if isinstance(cell, RNNCellBase):
                cell.clear_dropout()

    def call(self, sequences, initial_state=None, mask=None,
             training=False):
        states = self._initial_states(sequences, initial_state)
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        self._prepare_dropout(sequences, training)
        try:
            last, outputs, states = rnn_loop(
                self._step_function(training), sequences, states, mask=mask,
                go_backwards=self.go_backwards,
                zero_output_for_mask=self.zero_output_for_mask,
                unroll=self.unroll)
        finally:
            self._clear_dropout()
        return self._finish(last, outputs, states)

    def _finish(self, last, outputs, states):
        """Keeps stateful states and assembles the returned structure."""
        if self.stateful and not isinstance(states[0], SymbolicTensor):
            self._state_values = [ops.stop_gradient(s) for s in states]
        output = outputs if self.return_sequences else last
        if self.return_state:
            return [output, *self._group_states(states)]
        return output

    def _group_states(self, states):
        """A stack's final states, one list per cell (as Keras returns
        them); other cells' states stay flat."""
        if not isinstance(self.cell, StackedRNNCells):
            return states
        grouped = []
        for cell in self.cell.cells:
            n = len(_flat_sizes(cell.state_size))
            grouped.append(list(states[:n]))
            states = states[n:]
        return grouped

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        out_mask = mask if self.return_sequences else None
        if self.return_state:
            n_states = len(self._group_states(
                _flat_sizes(self.cell.state_size)))
            return [out_mask] + [None] * n_states
        return out_mask

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
        })
        if type(self) is RNN:
            config["cell"] = serialize_keras_object(self.cell)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        if "cell" in config:
            config["cell"] = deserialize_keras_object(config["cell"],
                                                      custom_objects)
        return super().from_config(config)
