"""`check_layer`: the conformance checks every layer passes.

It is Keras's `run_layer_test` plus PyTorch's `reference_fn`: one call
builds the layer eagerly and symbolically, compares the two, counts the
weights, round-trips the config through JSON, compares against a NumPy
reference, checks `stateless_call`, and (on engines that train) checks that
every trainable weight gets a finite gradient. Users can run it on their
own layers, as with scikit-learn's `check_estimator`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

import numpy as np

from cornu import tree
from cornu.backend import engine, standardize_dtype
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.testing._grads import gradients


def check_layer(
    layer_cls: type,
    init_kwargs: dict | None = None,
    input_shape: tuple | list | None = None,
    input_dtype: str | list = "float32",
    input_data: Any = None,
    expected_output_shape: tuple | list | None = None,
    expected_output_dtype: str | None = None,
    expected_num_trainable_weights: int | None = None,
    expected_num_non_trainable_weights: int | None = None,
    reference: Callable | None = None,
    supports_masking: bool | None = None,
    run_training_check: bool = True,
    rtol: float = 1e-5,
    atol: float = 1e-5,
    call_kwargs: dict | None = None,
    safe_mode: bool = True,
) -> Any:
    """Runs the conformance checks on a layer class and returns its output.

    The checks, in order (the first failure raises `AssertionError` naming
    the layer and the check):

    1. `layer_cls(**init_kwargs)` called eagerly on the input gives
       `expected_output_shape` and `expected_output_dtype`, and a fresh
       instance called on `cornu.layers.Input` tensors (batch `None`) gives
       the same shape and dtype symbolically.
    2. Weight counts equal `expected_num_trainable_weights` and
       `expected_num_non_trainable_weights` (both eager and symbolic).
    3. `get_config()` survives JSON, and `layer_cls.from_config(config)`
       with `set_weights(get_weights())` returns the same config and
       bit-identical outputs.
    4. `reference(inputs, weights)` (NumPy arrays in, NumPy array out)
       matches the output within `rtol`/`atol`.
    5. `stateless_call` with the layer's own variable values gives the
       eager output, bit for bit.
    6. When the engine trains (`cornu.backend.engine().trainable`) and the
       layer has trainable weights, every trainable weight gets a finite
       gradient of `sum(output)` (see `cornu.testing.gradients`).

    Args:
        layer_cls: the layer class to check.
        init_kwargs: the constructor arguments.
        input_shape: the full input shape, batch included, or a list of
            shapes for a layer with several inputs. Random data of that
            shape is generated (floats: standard normal; ints: 0 to 9).
        input_dtype: the input dtype (or one per input).
        input_data: explicit input (array or list of arrays) instead of
            random data.
        expected_output_shape: the eager output shape; `None` entries
            match any size.
        expected_output_dtype: the output dtype.
        expected_num_trainable_weights: the expected count.
        expected_num_non_trainable_weights: the expected count.
        reference: `reference(input_numpy, weights_numpy_list)` returning
            the expected output as NumPy.
        supports_masking: the expected value of `layer.supports_masking`.
        run_training_check: whether to run check 6.
        rtol: relative tolerance of the reference comparison (4).
        atol: absolute tolerance of the reference comparison (4).
        call_kwargs: extra keyword arguments for every call (for example
            `{"training": True}`); comparisons between two calls (3, 5)
            drop `training`, so stochastic layers compare in inference mode.
        safe_mode: `False` passes `safe_mode=False` to a `from_config`
            that accepts it (a `Lambda` holding a Python lambda).

    Returns:
        The eager output (an engine tensor or a structure of them).

    Raises:
        AssertionError: when a check fails.
        ValueError: when neither `input_shape` nor `input_data` is given.

    Example:
    >>> out = check_layer(cornu.layers.Dense, {"units": 3},
    ...                   input_shape=(2, 4), expected_output_shape=(2, 3),
    ...                   expected_num_trainable_weights=2)
    >>> tuple(out.shape)
    (2, 3)
    """
    from cornu import ops

    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    infer_kwargs = {k: v for k, v in call_kwargs.items() if k != "training"}
    owner = layer_cls.__name__
    np_inputs = _numpy_inputs(owner, input_shape, input_dtype, input_data)
    inputs = tree.map_structure(ops.convert_to_tensor, np_inputs)

    # 1-2: eager call, shapes, dtypes, weights, masking flag.
    layer = layer_cls(**init_kwargs)
    if supports_masking is not None:
        _expect(layer.supports_masking == supports_masking, owner,
                "supports_masking",
                f"expected supports_masking={supports_masking}, found "
                f"{layer.supports_masking}.")
    output = layer(inputs, **call_kwargs)
    out_shapes = tree.map_structure(lambda t: tuple(t.shape), output)
    out_dtypes = tree.map_structure(
        lambda t: standardize_dtype(t.dtype), output)
    if expected_output_shape is not None:
        _expect(_shapes_match(expected_output_shape, out_shapes), owner,
                "output shape",
                f"expected {expected_output_shape}, the eager call gave "
                f"{out_shapes}.")
    if expected_output_dtype is not None:
        wanted = standardize_dtype(expected_output_dtype)
        _expect(all(d == wanted for d in tree.flatten(out_dtypes)), owner,
                "output dtype",
                f"expected {wanted}, the eager call gave {out_dtypes}.")
    _check_weight_counts(owner, "eager", layer,
                         expected_num_trainable_weights,
                         expected_num_non_trainable_weights)
    _check_symbolic(layer_cls, init_kwargs, call_kwargs, np_inputs,
                    out_shapes, out_dtypes, layer)

    # 3: config round trip through JSON, same weights, same outputs.
    base = layer(inputs, **infer_kwargs)
    _check_config_round_trip(layer_cls, layer, inputs, infer_kwargs, base,
                             safe_mode)

    # 4: NumPy reference.
    if reference is not None:
        expected = reference(np_inputs, layer.get_weights())
        _expect_close(owner, "reference", output, expected, rtol, atol)

    # 5: stateless_call with the layer's own values.
    stateless, _ = layer.stateless_call(
        [v.value for v in layer.trainable_variables],
        [v.value for v in layer.non_trainable_variables],
        inputs, **infer_kwargs)
    _expect_close(owner, "stateless_call", stateless,
                  tree.map_structure(ops.convert_to_numpy, base), 0.0, 0.0)

    # 6: finite gradients for every trainable weight.
    if run_training_check and engine().trainable and layer.trainable_weights:
        _check_gradients(owner, layer, inputs, call_kwargs)
    return output


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------
def _is_shape(value) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value)


def _numpy_inputs(owner, input_shape, input_dtype, input_data):
    if input_data is not None:
        if isinstance(input_data, (list, tuple)) and all(
                hasattr(x, "shape") for x in input_data):
            return [_to_numpy(x) for x in input_data]
        return _to_numpy(input_data)
    if input_shape is None:
        raise ValueError(
            f"check_layer({owner}): pass `input_shape` or `input_data`."
        )
    rng = np.random.default_rng(0)
    if _is_shape(input_shape):
        return _random_array(rng, tuple(input_shape), input_dtype)
    dtypes = (input_dtype if isinstance(input_dtype, (list, tuple))
              else [input_dtype] * len(input_shape))
    return [_random_array(rng, tuple(s), d)
            for s, d in zip(input_shape, dtypes, strict=True)]


def _to_numpy(x):
    if isinstance(x, np.ndarray):
        return x
    from cornu import ops

    if ops.is_tensor(x):
        return ops.convert_to_numpy(x)
    return np.asarray(x)


def _random_array(rng, shape, dtype):
    dtype = standardize_dtype(dtype)
    if any(d is None for d in shape):
        raise ValueError(
            "check_layer: `input_shape` must be fully defined (it is the "
            f"shape of the data generated). Received: input_shape={shape}."
        )
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if dtype.startswith(("int", "uint")):
        return rng.integers(0, 10, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(
        "float32" if dtype == "bfloat16" else dtype)


# ---------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------
def _expect(ok: bool, owner: str, check: str, message: str) -> None:
    if not ok:
        raise AssertionError(f"check_layer({owner}) [{check}]: {message}")


def _map_shapes(fn, shapes):
    """`tree.map_structure` where a tuple of ints is one leaf (a shape)."""
    if _is_shape(shapes):
        return fn(tuple(shapes))
    if isinstance(shapes, dict):
        return {k: _map_shapes(fn, v) for k, v in shapes.items()}
    return type(shapes)(_map_shapes(fn, s) for s in shapes)


def _shapes_match(expected, actual) -> bool:
    if _is_shape(expected) and _is_shape(actual):
        return len(expected) == len(actual) and all(
            e is None or e == a for e, a in zip(expected, actual, strict=True))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return set(expected) == set(actual) and all(
            _shapes_match(expected[k], actual[k]) for k in expected)
    if isinstance(expected, (list, tuple)) and isinstance(
            actual, (list, tuple)):
        return len(expected) == len(actual) and all(
            _shapes_match(e, a) for e, a in zip(expected, actual, strict=True))
    return False


def _check_weight_counts(owner, where, layer, n_trainable, n_non_trainable):
    if n_trainable is not None:
        found = len(layer.trainable_weights)
        _expect(found == n_trainable, owner, f"{where} weight count",
                f"expected {n_trainable} trainable weights, found {found}: "
                f"{[v.path for v in layer.trainable_weights]}.")
    if n_non_trainable is not None:
        found = len(layer.non_trainable_weights)
        _expect(found == n_non_trainable, owner, f"{where} weight count",
                f"expected {n_non_trainable} non-trainable weights, found "
                f"{found}: {[v.path for v in layer.non_trainable_weights]}.")


def _check_symbolic(layer_cls, init_kwargs, call_kwargs, np_inputs,
                    out_shapes, out_dtypes, eager_layer):
    from cornu.layers import Input

    owner = layer_cls.__name__

    def make_input(x):
        return Input(batch_shape=(None, *x.shape[1:]),
                     dtype=standardize_dtype(x.dtype))

    sym_inputs = tree.map_structure(make_input, np_inputs)
    layer = layer_cls(**init_kwargs)
    sym_out = layer(sym_inputs, **call_kwargs)
    flat = tree.flatten(sym_out)
    _expect(all(isinstance(t, SymbolicTensor) for t in flat), owner,
            "symbolic call",
            f"calling on `Input` tensors must return SymbolicTensors; got "
            f"{[type(t).__name__ for t in flat]}.")
    sym_shapes = tree.map_structure(lambda t: t.shape, sym_out)
    eager_unbatched = _map_shapes(
        lambda s: (None, *s[1:]) if s else s, out_shapes)
    _expect(_shapes_match(sym_shapes, eager_unbatched)
            and _shapes_match(eager_unbatched, sym_shapes), owner,
            "symbolic shape",
            f"the symbolic call gave {sym_shapes} but the eager call gave "
            f"{out_shapes} (batch axis expected None symbolically).")
    sym_dtypes = tree.map_structure(lambda t: t.dtype, sym_out)
    _expect(tree.flatten(sym_dtypes) == tree.flatten(out_dtypes), owner,
            "symbolic dtype",
            f"the symbolic call gave {sym_dtypes} but the eager call gave "
            f"{out_dtypes}.")
    _check_weight_counts(owner, "symbolic", layer,
                         len(eager_layer.trainable_weights),
                         len(eager_layer.non_trainable_weights))


def _json_round_trip(owner, config):
    def refuse(value):
        raise AssertionError(
            f"check_layer({owner}) [config]: `get_config()` holds "
            f"{value!r} of type {type(value).__name__}, which JSON cannot "
            "store. Serialize it (e.g. with the `serialize` function of its "
            "module)."
        )

    return json.loads(json.dumps(config, default=refuse))


def _as_lists(value):
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def _check_config_round_trip(layer_cls, layer, inputs, infer_kwargs, base,
                             safe_mode):
    owner = layer_cls.__name__
    config = layer.get_config()
    _expect(isinstance(config, dict), owner, "config",
            f"`get_config()` must return a dict; got {type(config)}.")
    loaded = _json_round_trip(owner, config)
    kwargs = {}
    if not safe_mode and "safe_mode" in inspect.signature(
            layer_cls.from_config).parameters:
        kwargs["safe_mode"] = False
    try:
        rebuilt = layer_cls.from_config(loaded, **kwargs)
    except Exception as err:
        raise AssertionError(
            f"check_layer({owner}) [config]: `from_config(get_config())` "
            f"failed with {type(err).__name__}: {err}"
        ) from err
    again = rebuilt.get_config()
    _expect(_as_lists(again) == _as_lists(config), owner, "config",
            "the rebuilt layer's config differs from the original.\n"
            f"original: {config}\nrebuilt:  {again}")
    weights = layer.get_weights()
    rebuilt(inputs, **infer_kwargs)  # builds the weights
    try:
        rebuilt.set_weights(weights)
    except ValueError as err:
        raise AssertionError(
            f"check_layer({owner}) [config]: the rebuilt layer does not "
            f"take the original's weights: {err}"
        ) from err
    from cornu import ops

    out = rebuilt(inputs, **infer_kwargs)
    _expect_close(owner, "config", out,
                  tree.map_structure(ops.convert_to_numpy, base), 0.0, 0.0)


def _expect_close(owner, check, actual, expected, rtol, atol) -> None:
    from cornu import ops

    got = [ops.convert_to_numpy(a) for a in tree.flatten(actual)]
    want = [np.asarray(e) for e in tree.flatten(expected)]
    _expect(len(got) == len(want), owner, check,
            f"expected {len(want)} output(s), found {len(got)}.")
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        _expect(g.shape == w.shape, owner, check,
                f"output {i} has shape {g.shape}, expected {w.shape}.")
        try:
            np.testing.assert_allclose(
                g.astype("float64") if g.dtype.kind in "fc" else g,
                w.astype("float64") if w.dtype.kind in "fc" else w,
                rtol=rtol, atol=atol)
        except AssertionError as err:
            raise AssertionError(
                f"check_layer({owner}) [{check}]: output {i} differs.{err}"
            ) from None


def _check_gradients(owner, layer, inputs, call_kwargs) -> None:
    from cornu import ops

    kwargs = {"training": True, **call_kwargs}
    weights = list(layer.trainable_weights)

    def loss():
        out = [ops.sum(ops.cast(t, "float32"))
               for t in tree.flatten(layer(inputs, **kwargs))]
        total = out[0]
        for t in out[1:]:
            total = ops.add(total, t)
        return total

    grads = gradients(loss, weights)
    for v, g in zip(weights, grads, strict=True):
        _expect(g is not None, owner, "gradients",
                f"no gradient reaches trainable weight {v.path!r}.")
        g = ops.convert_to_numpy(g)
        _expect(bool(np.all(np.isfinite(g))), owner, "gradients",
                f"the gradient of trainable weight {v.path!r} is not "
                f"finite: {g}.")
