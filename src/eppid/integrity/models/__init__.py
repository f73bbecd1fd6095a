"""The integrity app's models, one module per concern (log, tree, checkpoints, keys)."""

from eppid.integrity.models.tree import TreeNode  # noqa: F401
