"""Measuring against gold annotations (the ``../shared/eval`` JSONL format) and fitting the
resolver's weights on them."""
