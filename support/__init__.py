"""Code the tests and the benchmark share (not part of the curriculum tool)."""
