"""Same-run timing for the speed benches: systems alternate within each round, and each
keeps its best round, so a noisy neighbour on the machine hurts all of them alike."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_rounds(systems: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Each system's best time in seconds over ``rounds`` rounds, alternating in each."""
    best = {name: float("inf") for name in systems}
    for _ in range(rounds):
        for name, fn in systems.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def print_rates(
    best: dict[str, float], n: int, ours: str, *, width: int, title: str, ratio: str
) -> None:
    """One row per system: docs/s over ``n`` documents, and for each peer ``ours``'s rate
    over its rate, written with ``ratio`` (a format string such as "{:.2f}x")."""
    print(f"{'system':<{width}}{'docs/s':>10}{title:>14}")
    for name, seconds in best.items():
        rate = n / seconds
        shown = "" if name == ours else ratio.format(n / best[ours] / rate)
        print(f"{name:<{width}}{rate:>10.1f}{shown:>14}")
