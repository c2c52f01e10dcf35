"""Shared pytest fixtures. The suite runs once per engine
(`CORNU_BACKEND=torch|jax|numpy`)."""

import os

import pytest


def _fast_xla_compiles():
    """On jax the suite's time is mostly XLA compiling small eager ops (one
    compile per op, shape and dtype). The test programs are tiny, so how
    fast the compiled code runs does not matter but compiling does: LLVM's
    lowest optimisation level and XLA's older (element-wise) CPU fusion
    emitters about halve that CPU time. At that level a small float32 dot
    may round differently from NumPy's by an ulp, so a test comparing one
    with NumPy needs an `atol` as well as an `rtol`. Set before any engine
    starts (XLA reads `XLA_FLAGS` when it creates its CPU client); a flag
    already named in `XLA_FLAGS` keeps its given value."""
    flags = os.environ.get("XLA_FLAGS", "").split()
    given = {flag.split("=")[0] for flag in flags}
    for flag in ("--xla_backend_optimization_level=0",
                 "--xla_cpu_use_fusion_emitters=false"):
        if flag.split("=")[0] not in given:
            flags.append(flag)
    os.environ["XLA_FLAGS"] = " ".join(flags)


_fast_xla_compiles()

import cornu.backend  # noqa: E402


def _persistent_jax_compilation_cache():
    """On jax every op compiles once per shape; a persistent cache lets a
    rerun load XLA's output instead of compiling again (tracing and lowering
    still run). `CORNU_JAX_CACHE_DIR=""` turns it off."""
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
    # Keys then hold no source locations (file paths), so every checkout
    # of the repository shares the entries (tests/backend/
    # test_jax_compilation_cache.py).
    jax.config.update("jax_compilation_cache_include_metadata_in_key", False)


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
