"""The ``decruft`` command (``python -m decruft``, and the installed script's entry point).

The command line's own modules load with the garbage collector paused
(``decruft.lazy.collector_paused``); ``decruft.cli`` pauses it again while it loads what a
command needs. It runs for the pages.
"""

from __future__ import annotations

import sys

from decruft.lazy import collector_paused


def main() -> int:
    with collector_paused():
        from decruft.cli import main as command
    return command()


if __name__ == "__main__":
    sys.exit(main())
