"""The ``decruft`` command (``python -m decruft``, and the installed script's entry point).

The collector is paused while the command line's modules load: they make tens of thousands
of objects that live as long as the process, and no garbage, and the collector's passes
over them cost a one-page run ~8 ms of its ~0.19 s start. ``decruft.cli`` pauses it again
while it loads what a command needs; it runs for the pages.
"""

from __future__ import annotations

import gc
import sys


def main() -> int:
    was_on = gc.isenabled()
    gc.disable()
    try:
        from decruft.cli import main as command
    finally:
        gc.freeze()  # what loaded lives as long as the process: out of the collector's passes
        if was_on:
            gc.enable()
    return command()


if __name__ == "__main__":
    sys.exit(main())
