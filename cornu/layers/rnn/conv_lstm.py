"""`ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D`: LSTMs whose input and
recurrent transformations are convolutions (Shi et al., 2015)."""

from __future__ import annotations

from typing import Any

from cornu import activations, ops, random
from cornu.layers import _validation as check
from cornu.layers.rnn._cell_base import RNNCellBase
from cornu.layers.rnn._rnn_layer_base import CellRNN


class ConvLSTMCell(RNNCellBase):
    """One ConvLSTM step: the LSTM gates of `LSTMCell`, with
    `conv(x, kernel)` (the layer's strides, padding and dilation) and
    `conv(h, recurrent_kernel)` (stride 1, `"same"` padding) in place of
    the products. `kernel` is `(*kernel_size, in_channels, 4 * filters)`,
    gates packed `i, f, c, o`. Used by `ConvLSTM1D`/`2D`/`3D`.

    Args:
        rank: the number of spatial axes (1, 2 or 3).
        filters: the number of output channels (and state channels).
        kernel_size: an int or `rank` ints.
        strides: an int or `rank` ints.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: an int or `rank` ints.
        **kwargs: the `LSTMCell` arguments (activations, initializers,
            regularizers, constraints, dropout, seed) and base `Layer`
            arguments.
    """

    def __init__(self, rank: int, filters: int, kernel_size: Any,
                 strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1,
                 recurrent_activation: Any = "sigmoid",
                 unit_forget_bias: bool = True, **kwargs: Any) -> None:
        owner = f"ConvLSTM{rank}D"
        filters = check.positive_int(filters, "filters", owner)
        super().__init__(filters, **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = check.standardize_tuple(kernel_size, rank,
                                                   "kernel_size", owner)
        self.strides = check.standardize_tuple(strides, rank, "strides",
                                               owner)
        self.padding = check.standardize_padding(padding, owner)
        self.data_format = check.standardize_data_format(data_format, owner)
        self.dilation_rate = check.standardize_tuple(
            dilation_rate, rank, "dilation_rate", owner)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)

    @property
    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    @property
    def state_size(self) -> list:
        return [self.filters, self.filters]

    def build(self, input_shape: tuple) -> None:
        channels = tuple(input_shape)[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"ConvLSTM{self.rank}D needs a known number of input "
                f"channels. Received: input_shape={tuple(input_shape)}."
            )
        width = 4 * self.filters
        self.kernel = self.add_weight(
            name="kernel", shape=(*self.kernel_size, channels, width),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel",
            shape=(*self.kernel_size, self.filters, width),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            base, units = self.bias_initializer, self.filters
            init = base
            if self.unit_forget_bias:
                def init(shape, dtype=None):
                    return ops.concatenate([
                        base((units,), dtype=dtype),
                        ops.ones((units,), dtype=dtype),
                        base((2 * units,), dtype=dtype)])
            self.bias = self.add_weight(
                name="bias", shape=(width,), initializer=init,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def input_conv(self, x, kernel):
        return ops.conv(x, kernel, self.strides, self.padding,
                        self.data_format, self.dilation_rate)

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]
        dp, rec = self._masks(inputs, h_prev, training)
        if dp is not None:
            inputs = ops.multiply(inputs, dp)
        if rec is not None:
            h_prev = ops.multiply(h_prev, rec)
        z = ops.add(
            self.input_conv(inputs, self.kernel),
            ops.conv(h_prev, self.recurrent_kernel, 1, "same",
                     self.data_format))
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (-1,) + (1,) * self.rank)
            z = ops.add(z, bias)
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=self._channel_axis)
        gate = self.recurrent_activation
        c = ops.add(ops.multiply(gate(z_f), c_prev),
                    ops.multiply(gate(z_i), self.activation(z_c)))
        h = ops.multiply(gate(z_o), self.activation(c))
        return h, [h, c]

    def _masks(self, inputs, h, training):
        # Masks have the full step shapes; `ConvLSTM` draws them per
        # sequence. A cell called alone draws its own.
        if not training:
            return None, None
        dp, rec = self._dropout_mask, self._recurrent_dropout_mask
        if dp is None and self._drops(self.dropout):
            dp = _mask_like(inputs, self.dropout, self.seed_generator)
        if rec is None and self._drops(self.recurrent_dropout):
            rec = _mask_like(h, self.recurrent_dropout, self.seed_generator)
        return dp, rec

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("units")
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "recurrent_activation": activations.serialize(
                self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
        })
        return config


def _mask_like(x, rate, seed):
    return random.dropout(ops.ones_like(x), rate, seed=seed)


class ConvLSTM(CellRNN):
    """The shared body of `ConvLSTM1D`/`2D`/`3D` (`rank` spatial axes)."""

    rank = 0
    _cell_class = ConvLSTMCell
    _cell_name = "conv_lstm_cell"
    _cell_attributes = ("filters",)
    _config_omits = ("units", "rank")

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(locals(), rank=self.rank)
        self.input_spec = None

    def build(self, sequences_shape: tuple,
              initial_state_shape: Any = None) -> None:
        shape = tuple(sequences_shape)
        if len(shape) != self.rank + 3:
            raise ValueError(
                f"{type(self).__name__} layer {self.name!r} expects inputs "
                f"of rank {self.rank + 3}, `(batch, time, "
                f"{'*spatial, channels' if self.rank else 'channels'})`. "
                f"Received: input_shape={shape}."
            )
        super().build(sequences_shape, initial_state_shape)

    def _zero_state(self, sequences):
        cell = self.cell
        step = sequences[:, 0]
        kernel = ops.zeros((*cell.kernel_size, ops.shape(step)[
            cell._channel_axis], cell.filters), dtype=self.compute_dtype)
        return ops.zeros_like(cell.input_conv(ops.zeros_like(step), kernel))

    def get_initial_state(self, batch_size=None):
        raise NotImplementedError(
            f"{type(self).__name__}: the state's shape depends on the "
            "input's spatial size; pass `initial_state=` or let the layer "
            "create zeros from its input."
        )

    def _initial_states(self, sequences, initial_state):
        if initial_state is not None:
            return list(initial_state)
        if self.stateful and self._state_values is not None:
            return list(self._state_values)
        zero = self._zero_state(sequences)
        return [zero, zero]

    def reset_states(self, states: list | None = None) -> None:
        if states is None and self.stateful:
            self._state_values = None  # zeros at the next call
            return
        super().reset_states(states)

    reset_state = reset_states

    def _prepare_dropout(self, sequences, training):
        cell = self.cell
        cell.clear_dropout()
        if not training or ops.shape(sequences)[0] is None:
            return
        step = sequences[:, 0]
        if cell._drops(cell.dropout):
            cell._dropout_mask = _mask_like(step, cell.dropout,
                                            cell.seed_generator)
        if cell._drops(cell.recurrent_dropout):
            cell._recurrent_dropout_mask = _mask_like(
                self._zero_state(sequences), cell.recurrent_dropout,
                cell.seed_generator)


class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM over `(batch, time, steps, channels)`.

    Takes the arguments of `ConvLSTM2D` with 1-int sizes.

    Example:
    >>> layer = cornu.layers.ConvLSTM1D(4, 3, return_sequences=True)
    >>> layer(np.ones((2, 5, 8, 2), dtype="float32")).shape
    (2, 5, 6, 4)
    """

    rank = 1


class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM: an LSTM whose input and recurrent
    transformations are convolutions, over `(batch, time, rows, cols,
    channels)` (`channels_last`).

    Args:
        filters: the number of output (and state) channels.
        kernel_size: an int or a tuple of 2 ints.
        strides: the input convolution's strides.
        padding: `"valid"` or `"same"` (the recurrent convolution is
            always `"same"`).
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: the input convolution's dilation.
        activation: the activation of the cell input and state.
        recurrent_activation: the gates' activation.
        use_bias: whether to add a bias.
        kernel_initializer: the initializer of the input kernel
            `(*kernel_size, in_channels, 4 * filters)`.
        recurrent_initializer: the initializer of the recurrent kernel
            `(*kernel_size, filters, 4 * filters)`.
        bias_initializer: the initializer of the bias `(4 * filters,)`.
        unit_forget_bias: start the forget gate's bias at 1.
        kernel_regularizer: a regularizer for the input kernel.
        recurrent_regularizer: a regularizer for the recurrent kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        kernel_constraint: a constraint for the input kernel.
        recurrent_constraint: a constraint for the recurrent kernel.
        bias_constraint: a constraint for the bias.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of `h` to drop (training only).
        seed: the seed of the dropout masks.
        return_sequences: see `RNN`.
        return_state: see `RNN`.
        go_backwards: see `RNN`.
        stateful: see `RNN`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, time, rows, cols, channels)` (`channels_last`).

    Output shape:
        `(batch, new_rows, new_cols, filters)`, with the time axis after
        the batch with `return_sequences`.

    Example:
    >>> layer = cornu.layers.ConvLSTM2D(4, 3)
    >>> layer(np.ones((2, 5, 8, 8, 2), dtype="float32")).shape
    (2, 6, 6, 4)
    """

    rank = 2


class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM over `(batch, time, d1, d2, d3, channels)`.

    Takes the arguments of `ConvLSTM2D` with 3-int sizes.

    Example:
    >>> layer = cornu.layers.ConvLSTM3D(2, 2)
    >>> layer(np.ones((1, 3, 4, 4, 4, 1), dtype="float32")).shape
    (1, 3, 3, 3, 2)
    """

    rank = 3
