"""Start-up: a fresh install, its first run, every later start, and its size.

    python bench/startup.py [--bench ../shared/bench] [--rounds 5] [--keep]

In a fresh virtual environment (``bench-out/startup-venv``, made anew) decruft is installed
from this source tree as a user would (``pip install .``: the kernels are compiled then, not
at run time). Then, in the same run:
- the first ``decruft clean seed.txt -o OUT`` after the install (wall time);
- warm starts: ``decruft clean`` on that record, and on one dev HTML page, best of
  ``--rounds``, beside trafilatura's command line on the same HTML page (``trafilatura``
  reading it from standard input; from the environment this script runs in, which has the
  bench extra), and ``decruft --help``;
- the size of the environment's site-packages (the runtime install: no extra).
Timings are wall clock of whole processes, as a user sees them; the ratio to trafilatura is
from the same run. The bars: first run < 5 s, warm start < 1 s and under trafilatura's,
install <= 120 MB.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-out" / "startup"
# The bars the run is checked against.
FIRST_RUN_MAX_SECONDS = 5.0
WARM_START_MAX_SECONDS = 1.0
INSTALL_MAX_MB = 120.0


def _wall(cmd: list[str], stdin: Path | None = None) -> float:
    start = time.perf_counter()
    with open(stdin, "rb") if stdin is not None else open("/dev/null", "rb") as fh:
        subprocess.run(cmd, stdin=fh, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _best(cmd: list[str], rounds: int, stdin: Path | None = None) -> float:
    return min(_wall(cmd, stdin) for _ in range(rounds))


# What every virtual environment holds before anything is installed in it.
VENV_BASE = ("pip", "setuptools", "pkg_resources", "_distutils_hack", "distutils-precedence")


def _site_packages_mb(venv: Path) -> float:
    """Megabytes the install added to site-packages (pip's own packages not counted)."""
    (site,) = venv.glob("lib/python3*/site-packages")
    total = sum(
        p.stat().st_size
        for p in site.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.relative_to(site).parts[0].startswith(VENV_BASE)
    )
    return total / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    seed = args.bench / "dev" / "seed-menafn.txt"
    html_page = OUT / "page.html"
    venv = OUT / "venv"
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    first_html = sorted((args.bench / "dev").glob("*.html.gz"))[0]
    html_page.write_bytes(gzip.decompress(first_html.read_bytes()))

    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    start = time.perf_counter()
    subprocess.run([*pip, str(ROOT)], check=True)
    install_s = time.perf_counter() - start
    decruft = str(venv / "bin" / "decruft")

    first = _wall([decruft, "clean", str(seed), "-o", str(OUT / "first"), "-q"])
    warm = _best([decruft, "clean", str(seed), "-o", str(OUT / "warm"), "-q"], args.rounds)
    warm_html = _best(
        [decruft, "clean", str(html_page), "-o", str(OUT / "warm-html"), "-q"], args.rounds
    )
    help_s = _best([decruft, "--help"], args.rounds)
    traf = shutil.which("trafilatura", path=str(Path(sys.executable).parent))
    traf_s = _best([traf], args.rounds, stdin=html_page) if traf else float("nan")
    size = _site_packages_mb(venv)

    rows = [
        ("pip install . (compiles the kernels)", f"{install_s:.1f} s", ""),
        ("first decruft clean seed.txt", f"{first:.2f} s", f"bar < {FIRST_RUN_MAX_SECONDS:g} s"),
        ("warm decruft clean seed.txt", f"{warm:.2f} s", f"bar < {WARM_START_MAX_SECONDS:g} s"),
        ("warm decruft clean page.html", f"{warm_html:.2f} s", ""),
        ("trafilatura < page.html", f"{traf_s:.2f} s", f"decruft/it {warm_html / traf_s:.2f}"),
        ("decruft --help", f"{help_s:.2f} s", ""),
        ("site-packages of the install", f"{size:.1f} MB", f"bar <= {INSTALL_MAX_MB:g} MB"),
    ]
    print(f"\nStart-up ({args.rounds} rounds, best each; a fresh venv, same run)")
    for name, value, note in rows:
        print(f"  {name:<40} {value:>9}  {note}")
    ok = (
        first < FIRST_RUN_MAX_SECONDS
        and warm < WARM_START_MAX_SECONDS
        and warm_html < traf_s
        and size <= INSTALL_MAX_MB
    )
    print("  all bars met" if ok else "  a bar is NOT met")


if __name__ == "__main__":
    main()
