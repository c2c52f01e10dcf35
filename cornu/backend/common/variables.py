"""The engine-neutral part of `Variable`.

A variable owns its value in the engine's storage (`_value`); an engine
subclass supplies `_to_storage` and `_write`. Reads go through `value`, which
honours a `StatelessScope`; writes go through `assign`.
"""

from __future__ import annotations

import itertools

import numpy as np

from cornu.backend.common import dtypes
from cornu.backend.common.scopes import _state as _scope_state
from cornu.backend.common.scopes import current_stateless_scope
from cornu.backend.common.tensor_operators import TensorOperators

_uids = itertools.count()


class VariableBase(TensorOperators):
    """A mutable tensor that layers, optimizers and metrics own.

    Args:
        initializer: an initializer (name, object or callable taking
            `(shape, dtype)`), or an initial value.
        shape: the shape; taken from the value when `initializer` is a value.
        dtype: the dtype (default `floatx()`).
        trainable: whether gradients update it.
        name: the short name (`"kernel"`); `path` adds the owner's name.
        constraint: a callable applied after each optimizer update.
        autocast: whether a mixed-precision layer may cast it on read.
        aggregation: how distributed replicas combine it (`"none"`,
            `"mean"`, `"sum"`, `"only_first_replica"`).
    """

    __slots__ = (
        "_value", "_shape", "_dtype", "name", "path", "_trainable",
        "constraint", "autocast", "aggregation", "_uid", "__weakref__",
        "__dict__",
    )

    def __init__(self, initializer, shape=None, dtype=None, trainable=True,
                 name=None, constraint=None, autocast=True,
                 aggregation="none", synchronization="auto"):
        self._uid = next(_uids)
        if name is None:
            name = f"variable_{self._uid}"
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Variable: `name` must be a string without '/'. "
                f"Received: name={name!r}."
            )
        self.name = name
        self.path = name
        self._trainable = bool(trainable)
        self.constraint = constraint
        self.autocast = autocast
        self.aggregation = aggregation
        if isinstance(initializer, str):
            from cornu import initializers

            initializer = initializers.get(initializer)
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable {name!r}: `shape` is required when the "
                    "initial value comes from an initializer."
                )
            shape = tuple(int(d) for d in shape)
            self._dtype = dtypes.standardize_dtype(dtype)
            value = initializer(shape, dtype=self._dtype)
        else:
            value = initializer
            if dtype is None:
                dtype = getattr(value, "dtype", None)
                if dtype is None:
                    dtype = np.asarray(value).dtype
                    if dtype == np.float64:
                        dtype = None
            self._dtype = dtypes.standardize_dtype(dtype)
        self._value = self._to_storage(value)
        self._shape = tuple(int(d) for d in self._value.shape)
        if shape is not None and tuple(shape) != self._shape:
            raise ValueError(
                f"Variable {name!r}: the initial value has shape "
                f"{self._shape}, but shape={tuple(shape)} was given."
            )

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        self._on_trainable_change()

    # -- engine hooks ------------------------------------------------------
    def _on_trainable_change(self) -> None:
        """Engines that mirror `trainable` (torch: `requires_grad`) override
        this."""

    def _to_storage(self, value):
        raise NotImplementedError

    def _lay_out_as_matmul_rhs(self) -> None:
        """Hint from the owner (`Dense`): this 2-D weight is the right
        operand of `inputs @ weight`. An engine may store it in the memory
        order its matmul reads fastest (torch: column-major, the layout of
        `nn.Linear`'s weight); shape, values and API stay the same."""

    def _lay_out_like(self, reference) -> None:
        """Stores this variable in the memory order of `reference` (a
        variable of the same engine; anything else is ignored): an
        optimizer's slot, so that kernels walking both in memory order pair
        the right elements."""

    def _write(self, value) -> None:
        raise NotImplementedError

    def _convert(self, value):
        """Converts `value` to an engine tensor of this variable's dtype."""
        raise NotImplementedError

    # -- reading -----------------------------------------------------------
    @property
    def value(self):
        stack = _scope_state.stack
        if stack:
            v = stack[-1].get_current_value(self)
            if v is not None:
                return v
        return self._value

    @property
    def shape(self) -> tuple:
        return self._shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def numpy(self) -> np.ndarray:
        from cornu.backend import engine

        return engine().convert_to_numpy(self.value)

    def __array__(self, dtype=None, copy=None):
        out = self.numpy()
        return out if dtype is None else out.astype(dtype)

    def __len__(self):
        return self._shape[0]

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={self._shape}, "
            f"dtype={self._dtype}>"
        )

    def __hash__(self):
        return id(self)

    # -- writing -----------------------------------------------------------
    def assign(self, value):
        """Sets the value; inside a `StatelessScope` the write is recorded
        there instead."""
        value = self._convert(value)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Variable {self.path!r} has shape {self._shape}; the value "
                f"assigned has shape {tuple(value.shape)}."
            )
        scope = current_stateless_scope()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._write(value)
        return value

    def assign_add(self, value):
        from cornu import ops

        return self.assign(ops.add(self.value, value))

    def assign_sub(self, value):
        from cornu import ops

        return self.assign(ops.subtract(self.value, value))
