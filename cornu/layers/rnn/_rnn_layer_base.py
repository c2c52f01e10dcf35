"""What the built-in recurrent layers (`SimpleRNN`, `GRU`, `LSTM`,
`ConvLSTM1D/2D/3D`) share: making their cell from the layer's own
arguments, the attributes they read from the cell, their config, and (for
`GRU` and `LSTM`) the switch to a whole-sequence kernel."""

from __future__ import annotations

from typing import Any

from cornu import activations, ops, regularizers
from cornu.layers.rnn._cell_base import cell_arguments, cell_property
from cornu.layers.rnn.rnn import RNN

# The arguments a built-in layer passes on to `RNN` rather than to its cell.
_RNN_ARGUMENTS = ("return_sequences", "return_state", "go_backwards",
                  "stateful", "unroll", "activity_regularizer")
# Arguments that belong to neither: kept as attributes of the layer.
_LAYER_ONLY = ("use_cudnn",)


def default_activations(cell) -> bool:
    """Whether `cell` uses `tanh` and a `sigmoid` gate (the fused kernels'
    math)."""
    return (activations.serialize(cell.activation) == "tanh"
            and activations.serialize(cell.recurrent_activation) == "sigmoid")


class CellRNN(RNN):
    """An `RNN` that makes its own cell from the layer's arguments.

    A subclass keeps Keras's explicit signature and hands its arguments
    over whole: `super().__init__(locals())`. The arguments of `RNN`
    (`return_sequences`, ..., `activity_regularizer`) go to `RNN`,
    `use_cudnn` stays an attribute, every other one goes to the cell
    (`_cell_class`, named `_cell_name`; the layer's `dtype` and
    `trainable` too). Class attributes of a subclass:

    - `_cell_class`, `_cell_name`: the cell made, and its name (the group
      of its weights in a saved file).
    - `_cell_attributes`: names the layer reads from its cell (read-only
      properties, as `units` on `LSTM`).
    - `_config_omits`: cell arguments left out of the layer's config.
    """

    _cell_class: type = None
    _cell_name = ""
    _cell_attributes: tuple = ()
    _config_omits: tuple = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.__dict__.get("_cell_attributes", ()):
            setattr(cls, name, cell_property(name))

    def __init__(self, arguments: dict, **cell_only: Any) -> None:
        """`arguments`: the subclass constructor's `locals()`;
        `cell_only`: more arguments for the cell alone (`rank`)."""
        arguments = {k: v for k, v in arguments.items()
                     if k not in ("self", "__class__")}
        kwargs = arguments.pop("kwargs", {})
        layer_arguments = {k: arguments.pop(k) for k in _RNN_ARGUMENTS
                           if k in arguments}
        attributes = {k: arguments.pop(k) for k in _LAYER_ONLY
                      if k in arguments}
        cell = self._cell_class(
            **cell_only, **arguments, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name=self._cell_name)
        super().__init__(cell, **layer_arguments, **kwargs)
        for name, value in attributes.items():
            setattr(self, name, value)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(cell_arguments(self.cell))
        for name in self._config_omits:
            config.pop(name, None)
        config["activity_regularizer"] = regularizers.serialize(
            self.activity_regularizer)
        return config


class FusedCellRNN(CellRNN):
    """A `CellRNN` whose whole sequence can run in one kernel (`GRU`,
    `LSTM`): with no mask, not unrolled, the default activations and no
    recurrent dropout while training. Subclasses give `_run_kernel`."""

    def _uses_kernel(self, mask, training) -> bool:
        cell = self.cell
        return (mask is None and not self.unroll
                and default_activations(cell)
                and not (training and cell._drops(cell.recurrent_dropout)))

    def _run_kernel(self, sequences, states) -> tuple:
        """`(outputs, new_states)` for the whole sequence."""
        raise NotImplementedError

    def _drop_inputs(self, sequences, training):
        """`sequences` times the cell's input dropout mask (one mask for
        every step, as the step loop uses)."""
        cell = self.cell
        if not (training and cell._drops(cell.dropout)):
            return sequences
        cell.prepare_dropout(ops.shape(sequences)[0],
                             ops.shape(sequences)[-1], training)
        mask = cell._dropout_mask
        cell.clear_dropout()
        if mask is None:
            return sequences
        return ops.multiply(sequences, ops.expand_dims(mask, 1))

    def call(self, sequences, initial_state=None, mask=None,
             training=False):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if not self._uses_kernel(mask, training):
            return super().call(sequences, initial_state=initial_state,
                                mask=mask, training=training)
        states = self._initial_states(sequences, initial_state)
        outputs, states = self._run_kernel(
            self._drop_inputs(sequences, training), states)
        return self._finish(states[0], outputs, states)
