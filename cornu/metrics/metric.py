"""`Metric`: the base of Keras 3's stateful metrics.

A metric owns non-trainable state variables made by `add_variable`;
`update_state` accumulates into them, `result` reads them and
`reset_state` zeroes them. The `stateless_*` methods run the same code in a
`StatelessScope`, for jitted training steps.
"""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.backend.common.scopes import StatelessScope
from cornu.layers.naming import to_snake_case, unique_name


def _standardize_metric_dtype(dtype: Any) -> str:
    dtype = getattr(dtype, "compute_dtype", dtype)
    return backend.standardize_dtype(dtype or backend.floatx())


class Metric:
    """Encapsulates metric logic and state.

    Subclasses create their state in `__init__` with `add_variable`, and
    implement `update_state(*args, sample_weight=None)` and `result()`.

    Args:
        dtype: the dtype of the metric's computations (default `floatx()`).
        name: the metric's name (default: the snake case of the class name,
            made unique).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Mean()
        >>> m.update_state([1.0, 2.0, 6.0])
        >>> float(m.result())
        3.0
    """

    def __init__(self, dtype: Any = None, name: str | None = None):
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype = _standardize_metric_dtype(dtype)
        self._metrics: list[Metric] = []
        self._variables: list = []

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, Metric) and "_metrics" in self.__dict__:
            self._metrics.append(value)
        object.__setattr__(self, name, value)

    @property
    def dtype(self) -> str:
        return self._dtype

    def add_variable(self, shape, initializer, dtype=None,
                     aggregation: str = "sum", name: str | None = None):
        """Creates a non-trainable state variable of this metric."""
        self._check_super_called()
        from cornu import initializers

        variable = backend.engine().Variable(
            initializer=initializers.get(initializer),
            shape=shape,
            dtype=dtype or self._dtype,
            trainable=False,
            aggregation=aggregation,
            synchronization="on_read",
            name=name,
        )
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None,
                   name: str | None = None):
        """Alias of `add_variable` (Keras 2's name)."""
        return self.add_variable(shape=shape, initializer=initializer,
                                 dtype=dtype, name=name)

    @property
    def variables(self) -> list:
        variables = list(self._variables)
        for metric in self._metrics:
            variables.extend(metric.variables)
        return variables

    def update_state(self, *args, **kwargs):
        """Accumulates statistics for the metric."""
        raise NotImplementedError

    def result(self):
        """Returns the current value of the metric."""
        raise NotImplementedError

    def reset_state(self) -> None:
        """Sets every state variable back to zero."""
        for v in self.variables:
            v.assign(ops.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # -- stateless API -----------------------------------------------------
    def _check_variables(self, metric_variables) -> list:
        if len(metric_variables) != len(self.variables):
            raise ValueError(
                f"{type(self).__name__}: `metric_variables` must hold one "
                f"tensor per variable ({len(self.variables)}). Received a "
                f"list of length {len(metric_variables)}."
            )
        return list(zip(self.variables, metric_variables, strict=True))

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """Returns the variables' values after `update_state`, leaving the
        variables unchanged."""
        mapping = self._check_variables(metric_variables)
        with StatelessScope(state_mapping=mapping) as scope:
            self.update_state(*args, **kwargs)
        return [_current(scope, v, old) for v, old in mapping]

    def stateless_result(self, metric_variables):
        """Returns `result()` computed from `metric_variables`."""
        mapping = self._check_variables(metric_variables)
        with StatelessScope(state_mapping=mapping):
            return self.result()

    def stateless_reset_state(self) -> list:
        """Returns the variables' values after `reset_state`."""
        with StatelessScope() as scope:
            self.reset_state()
        return [_current(scope, v, v) for v in self.variables]

    # -- config ------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)

    def _check_super_called(self) -> None:
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__}: `super().__init__()` was not "
                "called in `__init__`. Call it before `add_variable`."
            )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


def _current(scope, variable, default):
    value = scope.get_current_value(variable)
    return default if value is None else value
