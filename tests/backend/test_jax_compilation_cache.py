"""The suite's persistent jax compilation cache (`tests/conftest.py`, on
when `CORNU_JAX_CACHE_DIR` names a folder, as `.ci/run` does) is shared by
every checkout of the repository: a program compiled from a file at one path
is found again when the same program comes from another path.

jax keys an entry on the compiled module with its debug information (source
locations, which hold file paths) stripped, unless
`jax_compilation_cache_include_metadata_in_key` is on; the conftest keeps
it off."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import backend

if backend.backend() != "jax":
    pytest.skip("jax engine only", allow_module_level=True)

import jax  # noqa: E402
import jax.monitoring  # noqa: E402

_SOURCE = """
def scaled_sum(x):
    return (x * 3.0 + 1.0).sum(axis=0)
"""


def _function_from(path):
    """`scaled_sum`, compiled as if it were read from the file `path`."""
    namespace = {}
    exec(compile(_SOURCE, path, "exec"), namespace)
    return namespace["scaled_sum"]


def test_cache_keys_do_not_depend_on_the_source_path():
    if not jax.config.jax_compilation_cache_dir:
        pytest.skip("the persistent cache is off (CORNU_JAX_CACHE_DIR=\"\")")
    assert not jax.config.jax_compilation_cache_include_metadata_in_key
    events = []

    def listen(event, **kwargs):
        if event.startswith("/jax/compilation_cache/"):
            events.append(event)

    jax.monitoring.register_event_listener(listen)
    try:
        # A shape no other test uses, so the program is new to this process.
        x = np.arange(13 * 7, dtype="float32").reshape(13, 7)
        first = jax.jit(_function_from("/checkout_a/cornu/ops/f.py"))(x)
        events.clear()
        second = jax.jit(_function_from("/checkout_b/src/cornu/f.py"))(x)
    finally:
        jax.monitoring.unregister_event_listener(listen)
    np.testing.assert_array_equal(np.asarray(first), np.asarray(second))
    assert "/jax/compilation_cache/cache_hits" in events, events
    assert "/jax/compilation_cache/cache_misses" not in events, events
