"""HTTP API over the :mod:`bazi` core (FastAPI). Install with the ``api`` extra."""
