"""Every layer class exported by `cornu.layers` has a conformance case: a
test file under `tests/layers/` that calls `check_layer(` and names the
class. Adding a layer without one fails here (scikit-learn's
auto-discovery; STYLE.md 3.5)."""

from __future__ import annotations

import inspect
import pathlib
import re

import pytest

from cornu import layers

TESTS = pathlib.Path(__file__).parent

# Not checked: `Layer` is the abstract base (every case exercises it) and
# `InputLayer` only holds a symbolic tensor (no call to check; `Input` is
# tested with the models). `InputSpec` is not a layer, listed for clarity.
EXEMPT = {"Layer", "InputLayer", "InputSpec"}
# String layers run on the host and cannot take a symbolic `Input` (cornu
# has no string dtype), so `check_layer` cannot run them. Each must have
# its own test file instead (checked below).
HOST_STRING_LAYERS = {
    "StringLookup": "preprocessing/test_string_lookup.py",
    "TextVectorization": "preprocessing/test_text_vectorization.py",
}
EXEMPT |= set(HOST_STRING_LAYERS)


def _exported_layer_classes() -> dict[str, type]:
    found = {}
    for name in dir(layers):
        value = getattr(layers, name)
        if inspect.isclass(value) and issubclass(value, layers.Layer):
            # Keras 2 aliases (`Convolution2D`) are the same class: the
            # class's own name is the one its tests use.
            found[value.__name__] = value
    return {k: v for k, v in found.items() if k not in EXEMPT}


def _names_in_conformance_files() -> set[str]:
    names: set[str] = set()
    for path in TESTS.rglob("*.py"):
        if path.name == pathlib.Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        if "check_layer(" in text:
            names.update(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", text))
    return names


def test_every_exported_layer_has_a_conformance_case():
    covered = _names_in_conformance_files()
    missing = sorted(set(_exported_layer_classes()) - covered)
    assert not missing, (
        "These layers exported by cornu.layers have no conformance case: "
        f"{missing}. Add tests/layers/<family>/test_<name>.py calling "
        "`cornu.testing.check_layer(<Layer>, ...)`."
    )


@pytest.mark.parametrize("name", sorted(EXEMPT - {"InputSpec"}))
def test_exemptions_are_exported_layers(name):
    # An exemption for a name that no longer exists would hide nothing
    # but would rot silently.
    assert issubclass(getattr(layers, name), layers.Layer)


@pytest.mark.parametrize("name", sorted(HOST_STRING_LAYERS))
def test_host_string_layers_have_their_own_tests(name):
    text = (TESTS / HOST_STRING_LAYERS[name]).read_text(encoding="utf-8")
    assert f"layers.{name}(" in text
