"""`cornu.testing`: the public conformance harness.

`check_layer` runs the checks every cornu layer passes (Keras's
`run_layer_test`); users can run it on their own layers. `gradients`
differentiates on the active engine. Importing this module imports no
engine.
"""

from cornu.testing._grads import gradients
from cornu.testing.layer_checks import check_layer

run_layer_test = check_layer

__all__ = ["check_layer", "gradients", "run_layer_test"]
