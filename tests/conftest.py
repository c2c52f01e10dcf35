"""Shared pytest fixtures. The suite runs once per engine
(`CORNU_BACKEND=torch|jax|numpy`)."""

import pytest

import cornu.backend


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
