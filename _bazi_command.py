"""The ``bazi`` console script (``[project.scripts]`` in pyproject.toml):
:func:`bazi.cli.command` with the garbage collector paused before ``bazi`` is imported.

A module outside the package because importing ``bazi.cli`` imports ``bazi`` first: the
collector would walk the objects of the package's modules as they load, some 6 ms of a
chart's 80, to find no garbage. ``command`` resumes it for the verbs that may run long.
"""

import gc


def command() -> int:
    collecting = gc.isenabled()
    gc.disable()
    from bazi.cli import command as bazi_command

    return bazi_command(collecting)
