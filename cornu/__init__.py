"""cornu: the Keras API on PyTorch and JAX.

`import cornu as keras` runs a Keras program. Submodules load on first use,
so `import cornu` imports no engine.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "activations", "applications", "backend", "callbacks", "config",
    "constraints", "datasets", "initializers", "layers", "losses", "metrics",
    "models", "ops", "optimizers", "preprocessing", "random", "regularizers",
    "saving", "testing", "tree", "utils",
}
_NAMES = {
    "Sequential": "cornu.models",
    "Model": "cornu.models",
    "Input": "cornu.layers",
    "InputSpec": "cornu.layers",
    "Layer": "cornu.layers",
    "Variable": "cornu.backend",
    "KerasTensor": "cornu.backend",
    "SymbolicTensor": "cornu.backend",
    "StatelessScope": "cornu.backend",
}


def version() -> str:
    return __version__


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"cornu.{name}")
        globals()[name] = module
        return module
    if name in _NAMES:
        module = importlib.import_module(_NAMES[name])
        attr = "SymbolicTensor" if name == "KerasTensor" else name
        value = getattr(module, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cornu' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES | set(_NAMES))
