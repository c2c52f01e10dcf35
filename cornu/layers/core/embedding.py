"""`Embedding`: maps integer indices to dense vectors."""

from __future__ import annotations

import warnings
from typing import Any

from cornu import constraints, initializers, ops, regularizers
from cornu.layers import _validation as check
from cornu.layers.layer import Layer


class Embedding(Layer):
    """Turns non-negative integers (indices) into dense vectors of a fixed
    size: `[[4], [20]]` -> `[[[0.25, 0.1]], [[0.6, -0.2]]]`.

    With `mask_zero=True`, index 0 is padding: `compute_mask` returns
    `inputs != 0`, which the layers after it that support masking honour
    (so the vocabulary uses indices `1 .. input_dim - 1`).

    Args:
        input_dim: the vocabulary size (largest index + 1).
        output_dim: the size of each vector.
        embeddings_initializer: the initializer of the `embeddings` matrix
            `(input_dim, output_dim)`.
        embeddings_regularizer: a regularizer for the matrix.
        embeddings_constraint: a constraint applied to the matrix after
            each optimizer update.
        mask_zero: whether 0 is a padding index to mask.
        weights: an initial `(input_dim, output_dim)` matrix (or a list
            holding one).
        lora_rank: the rank of a LoRA update of the matrix (the matrix is
            frozen and `lora_embeddings_a @ lora_embeddings_b`, scaled by
            `lora_alpha / lora_rank`, is learned instead); `None` means no
            LoRA.
        lora_alpha: the LoRA scale numerator; `None` means `lora_rank`.
        quantization_config: accepted for Keras compatibility; only `None`
            is supported.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...). The Keras 2
            `input_length` is accepted and ignored, with a warning, as in
            Keras 3.

    Input shape:
        `(batch, ...)` integers (floats are cast to int32).

    Output shape:
        `(batch, ..., output_dim)`.

    Example:
    >>> layer = cornu.layers.Embedding(1000, 64)
    >>> layer(np.zeros((32, 10), dtype="int32")).shape
    (32, 10, 64)
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        input_dim = check.positive_int(input_dim, "input_dim", "Embedding")
        output_dim = check.positive_int(output_dim, "output_dim", "Embedding")
        if lora_rank is not None:
            lora_rank = check.positive_int(lora_rank, "lora_rank",
                                           "Embedding")
        if quantization_config is not None:
            raise NotImplementedError(
                "Embedding: quantized layers are not supported yet; pass "
                "quantization_config=None. Received: "
                f"quantization_config={quantization_config!r}."
            )
        if kwargs.pop("input_length", None) is not None:
            warnings.warn(
                "Argument `input_length` is deprecated. Just remove it.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        if lora_rank is not None and self.embeddings_constraint is not None:
            raise ValueError(_LORA_CONSTRAINT_MESSAGE)
        self.mask_zero = mask_zero
        self.supports_masking = bool(mask_zero)
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape: Any = None) -> None:
        if self.built:
            return
        self._embeddings = self.add_weight(
            name="embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def embeddings(self):
        """The effective matrix (with the LoRA update when enabled)."""
        if not self.built:
            # Not AttributeError: torch's `nn.Module.__getattr__` would hide
            # this message (docs/differences.md).
            raise RuntimeError(
                f"Embedding layer {self.name!r} has no `embeddings` yet: it "
                "is not built. Call it on data or call `build()` first."
            )
        if not self.lora_enabled:
            return self._embeddings
        delta = ops.matmul(self.lora_embeddings_a, self.lora_embeddings_b)
        scale = self.lora_alpha / self.lora_rank
        return ops.cast(
            ops.add(self._embeddings, ops.multiply(delta, scale)),
            self.compute_dtype)

    def call(self, inputs):
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*tuple(input_shape), self.output_dim)

    def enable_lora(self, rank: int, lora_alpha: float | None = None,
                    a_initializer: Any = "he_uniform",
                    b_initializer: Any = "zeros") -> None:
        """Freezes `embeddings` and adds the trainable float32 factors
        `lora_embeddings_a` `(input_dim, rank)` and `lora_embeddings_b`
        `(rank, output_dim)`.

        Args:
            rank: the rank of the update.
            lora_alpha: the scale numerator; `None` means `rank`.
            a_initializer: the initializer of `lora_embeddings_a`.
            b_initializer: the initializer of `lora_embeddings_b` (zeros,
                so the output does not change at first).
        """
        rank = check.positive_int(rank, "rank", "Embedding.enable_lora")
        if self.embeddings_constraint is not None:
            raise ValueError(_LORA_CONSTRAINT_MESSAGE)
        if not self.built:
            raise RuntimeError(
                f"Embedding layer {self.name!r}: cannot enable LoRA before "
                "the layer is built. Call `build()` first."
            )
        if self.lora_enabled:
            raise RuntimeError(
                f"Embedding layer {self.name!r}: LoRA is already enabled; it "
                "can be enabled only once per layer."
            )
        self.lora_embeddings_a = self.add_weight(
            name="lora_embeddings_a", shape=(self.input_dim, rank),
            initializer=initializers.get(a_initializer), dtype="float32",
            regularizer=self.embeddings_regularizer)
        self.lora_embeddings_b = self.add_weight(
            name="lora_embeddings_b", shape=(rank, self.output_dim),
            initializer=initializers.get(b_initializer), dtype="float32",
            regularizer=self.embeddings_regularizer)
        self._embeddings.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(
                self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(
                self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(
                self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        })
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config


_LORA_CONSTRAINT_MESSAGE = (
    "Embedding: LoRA is incompatible with an `embeddings_constraint` (the "
    "matrix is frozen and the update is unconstrained). Remove "
    "`embeddings_constraint` or `lora_rank`."
)
