"""`Bidirectional`: runs a recurrent layer forwards and a copy backwards
and merges the two outputs."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.layer import Layer

_MERGE_MODES = ("sum", "mul", "concat", "ave", None)


def _strip(name: str, prefix: str) -> str:
    return name[len(prefix):] if name.startswith(prefix) else name


def _copy(layer, name: str, go_backwards: bool):
    config = layer.get_config()
    config["name"] = name
    config["go_backwards"] = go_backwards
    copy = type(layer).from_config(config)
    build_config = layer.get_build_config()
    if build_config is not None:
        copy.build_from_config(build_config)
    return copy


def _check_recurrent(layer, argument: str) -> None:
    if not isinstance(layer, Layer) or not all(
            hasattr(layer, a) for a in ("return_sequences", "go_backwards",
                                        "return_state")):
        raise ValueError(
            f"Bidirectional: `{argument}` must be a recurrent layer (an "
            "`RNN`, `LSTM`, `GRU`, ... with `return_sequences`, "
            f"`return_state` and `go_backwards`). Received: "
            f"{argument}={layer!r}."
        )


class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs.

    The wrapped layer reads the sequence forwards; a copy of it (or
    `backward_layer`) reads it backwards. With `return_sequences`, the
    backward output is flipped back to the input's time order before the
    merge, and both layers emit zeros at masked steps (Keras sets their
    `zero_output_for_mask`).

    Args:
        layer: the recurrent layer to copy as the forward layer (its
            config is copied; the forward layer is named
            `forward_<name>`).
        merge_mode: how the outputs combine: `"concat"`, `"sum"`, `"mul"`,
            `"ave"`, or `None` for the list `[forward, backward]`.
        weights: initial weights (forward layer's, then backward layer's).
        backward_layer: the layer for the backward pass; by default a copy
            of `layer` with `go_backwards` flipped. It must match `layer`'s
            `return_sequences` and `return_state` and have the opposite
            `go_backwards`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: `(batch, time, features)`.
        initial_state: the forward layer's states followed by the
            backward layer's.
        mask: `(batch, time)` booleans.
        training: passed to both layers.

    Example:
    >>> layer = cornu.layers.Bidirectional(cornu.layers.LSTM(4))
    >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 8)
    """

    def __init__(self, layer: Any, merge_mode: str | None = "concat",
                 weights: Any = None, backward_layer: Any = None,
                 **kwargs: Any) -> None:
        _check_recurrent(layer, "layer")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                "Bidirectional: `merge_mode` must be one of "
                f"{list(_MERGE_MODES)}. Received: merge_mode={merge_mode!r}."
            )
        if backward_layer is not None:
            _check_recurrent(backward_layer, "backward_layer")
            for attr in ("return_sequences", "return_state"):
                if getattr(backward_layer, attr) != getattr(layer, attr):
                    raise ValueError(
                        f"Bidirectional: `backward_layer.{attr}` must equal "
                        f"`layer.{attr}`. Received: {attr}="
                        f"{getattr(layer, attr)} (layer) and "
                        f"{getattr(backward_layer, attr)} (backward_layer)."
                    )
            if backward_layer.go_backwards == layer.go_backwards:
                raise ValueError(
                    "Bidirectional: `backward_layer.go_backwards` must be "
                    "the opposite of `layer.go_backwards`. Received: "
                    f"go_backwards={layer.go_backwards} for both."
                )
        super().__init__(**kwargs)
        base = _strip(layer.name, "forward_")
        self.forward_layer = _copy(layer, "forward_" + base,
                                   layer.go_backwards)
        if backward_layer is None:
            backward_layer = _copy(layer, "backward_" + base,
                                   not layer.go_backwards)
        self.backward_layer = backward_layer
        # As in Keras: with sequence outputs, masked steps give zeros in
        # both directions (not a repeated output), so the merge lines up.
        for inner in (self.forward_layer, self.backward_layer):
            if hasattr(inner, "zero_output_for_mask"):
                inner.zero_output_for_mask = bool(layer.return_sequences)
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = getattr(layer, "stateful", False)
        self.supports_masking = True
        if weights is not None:
            self._initial_weights = list(weights)

    def build(self, sequences_shape: tuple,
              initial_state_shape: Any = None) -> None:
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer.build(tuple(sequences_shape))
                layer.built = True
                layer._build_shapes = tuple(sequences_shape)
        self.built = True

    def _merge(self, forward, backward):
        mode = self.merge_mode
        if mode == "concat":
            return ops.concatenate([forward, backward], axis=-1)
        if mode == "sum":
            return ops.add(forward, backward)
        if mode == "ave":
            return ops.multiply(ops.add(forward, backward), 0.5)
        if mode == "mul":
            return ops.multiply(forward, backward)
        return [forward, backward]

    def call(self, sequences, initial_state=None, mask=None,
             training=None):
        forward_state = backward_state = None
        if initial_state is not None:
            states = list(initial_state)
            half = len(states) // 2
            forward_state, backward_state = states[:half], states[half:]
        kwargs = {"mask": mask, "training": training}
        y = self.forward_layer(sequences, initial_state=forward_state,
                               **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state,
                                    **kwargs)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = ops.flip(y_rev, axis=1)
        output = self._merge(y, y_rev)
        if self.return_state:
            if self.merge_mode is None:
                return output + states
            return [output, *states]
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        out_mask = mask if self.return_sequences else None
        masks = ([out_mask, out_mask] if self.merge_mode is None
                 else [out_mask])
        if self.return_state:
            # The forward layer's masks: its output's, then one per state.
            n_states = len(self.forward_layer.compute_mask(inputs, mask)) - 1
            return masks + [None] * (2 * n_states)
        return masks if self.merge_mode is None else out_mask

    def reset_states(self) -> None:
        """Resets both layers' states (stateful layers only)."""
        self.forward_layer.reset_states()
        self.backward_layer.reset_states()

    reset_state = reset_states

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config.update({
            "merge_mode": self.merge_mode,
            "layer": serialize_keras_object(self.forward_layer),
            "backward_layer": serialize_keras_object(self.backward_layer),
        })
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        config["layer"] = deserialize_keras_object(config["layer"],
                                                   custom_objects)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_keras_object(
                config["backward_layer"], custom_objects)
        return super().from_config(config)
