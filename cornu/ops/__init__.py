"""`cornu.ops`: the Keras 3 `keras.ops` namespace on every engine.

Primitive ops come straight from the engine (see
`cornu/backend/common/primitives.py`); composite ops are written once over
them in `numpy.py`, `nn.py`, `math.py` and `core.py`. Every op accepts
`SymbolicTensor`s and then returns a correctly shaped symbolic result
without computing anything.
"""

from cornu.ops._dispatch import primitive_ops as _primitive_ops

globals().update(_primitive_ops())

from cornu.ops.core import *  # noqa: E402, F403
from cornu.ops.math import *  # noqa: E402, F403
from cornu.ops.nn import *  # noqa: E402, F403
from cornu.ops.numpy import *  # noqa: E402, F403
