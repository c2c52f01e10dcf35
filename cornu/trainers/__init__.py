"""The training loop (`Trainer`, mixed into `Model`), what `compile` builds
from its arguments, and the data pipeline that feeds the steps."""
