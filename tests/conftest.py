"""Shared pytest fixtures. The suite runs once per engine
(`CORNU_BACKEND=torch|jax|numpy`)."""

import os

import pytest

import cornu.backend


def _persistent_jax_compilation_cache():
    """On jax every op compiles once per shape (~20-40 ms each), which
    dominates the suite's time; a persistent cache makes reruns ~4x faster.
    `CORNU_JAX_CACHE_DIR=""` turns it off."""
    if cornu.backend.backend() != "jax":
        return
    default = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                           ".pytest_cache", "jax-compilation-cache")
    path = os.environ.get("CORNU_JAX_CACHE_DIR", default)
    if not path:
        return
    import jax

    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)


_persistent_jax_compilation_cache()


@pytest.fixture
def engine():
    """The name of the engine under test: `"torch"`, `"jax"` or `"numpy"`."""
    return cornu.backend.backend()


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.trainable` tests need gradients: skipped on numpy."""
    if cornu.backend.engine().trainable:
        return
    skip = pytest.mark.skip(reason="the numpy engine is inference-only")
    for item in items:
        if "trainable" in item.keywords:
            item.add_marker(skip)
