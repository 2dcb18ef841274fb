"""The mention record schema (one flat record per mention) and reading parse output back."""
