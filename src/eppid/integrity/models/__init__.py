"""The integrity app's models, one module per concern (log, tree, checkpoints, keys)."""
