"""``python -m bazi``: print versions, the solar-term table's coverage and its source.

With arguments it is the ``bazi`` command (``python -m bazi chart ...``).
"""

import sys

from .cli import command, info

if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(command())
    print(info())
