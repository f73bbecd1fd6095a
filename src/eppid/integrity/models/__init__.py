"""The integrity app's models, one module per concern (log, tree, checkpoints, keys)."""

from eppid.integrity.models.checkpoint import Checkpoint  # noqa: F401
from eppid.integrity.models.log import LogEntry  # noqa: F401
from eppid.integrity.models.run import IntegrityRun  # noqa: F401
from eppid.integrity.models.tree import TreeNode  # noqa: F401
