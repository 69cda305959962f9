"""Data tables shipped with the package (read lazily with importlib.resources)."""
