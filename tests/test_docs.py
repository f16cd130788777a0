"""Every fenced code block in README.md and docs/*.md works as written.

What each kind of block gets:

- ``python``: executed as written, each block in a fresh namespace whose ``__name__`` is
  ``"__main__"`` (so an ``if __name__ == "__main__":`` guard runs), with a new temporary
  directory as the working directory. Blocks read the bundled samples
  (``decruft.resources.data_path("samples")``) or files they create themselves.
- ``sh``, ``bash``, ``console`` (``$ `` lines only; the rest of a console block is output):
  the block's command lines run in order in one new temporary directory.
  - ``decruft ...`` runs through ``decruft.cli.main(shlex.split(line)[1:])`` and must return
    0. Inputs it names that do not exist yet are made first (a folder gets a copy of the
    bundled samples, ``x.txt`` the seed record, ``x.jsonl`` the samples as JSON Lines,
    ``x.html`` a small page, ``x.warc`` one HTML response); outputs of earlier lines of the
    block are used as they are. A line with ``--engine ray`` is only parsed by the command
    line's parser: a Ray cluster is not started by ``make test``.
  - ``make TARGET``: checked only that the Makefile has the target (targets install,
    download peers or need the benchmark data in ``../shared/bench``).
  - ``pip install ...``: checked only that the extras it names exist in pyproject.toml (no
    network in ``make test``).
  - ``ray ...``: not run (needs a Ray cluster); ``python SCRIPT ...``: checked only that the
    script exists (scripts need the benchmark data).
  - any other command fails the test: a command this test does not know is not checked.
- ``text``: skipped. Synopses with ``[...]``, output listings and directory trees must be
  fenced ``text``; a block with any other (or no) language fails the test.

Besides the blocks: every relative link in those files points at a file that exists and, with
``#anchor``, at a heading of that file; every `make TARGET` quoted in them is a target of
the Makefile.
"""

from __future__ import annotations

import gzip
import json
import re
import shlex
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from decruft.cli import _parser, main
from decruft.resources import data_path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = ("sh", "bash", "console")
SKIPPED = ("text",)
SEED = "seed-menafn.txt"
HTML_PAGE = (
    "<!doctype html><html lang=en><head><title>A page | Example</title></head><body>"
    "<h1>A page</h1><p>One paragraph of the article, long enough to read as prose.</p>"
    "</body></html>"
)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> Iterator[Block]:
    lines = path.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^ {0,3}```(\S*)", lines[i])
        if not m:
            i += 1
            continue
        start, body = i, []
        i += 1
        while i < len(lines) and not re.match(r"^ {0,3}```\s*$", lines[i]):
            body.append(lines[i])
            i += 1
        assert i < len(lines), f"{path.name}:{start + 1}: fence never closed"
        yield Block(path, start + 1, m.group(1), "\n".join(body) + "\n")
        i += 1


ALL = [b for path in DOCS for b in blocks(path)]
RUN = [b for b in ALL if b.lang not in SKIPPED]


def test_docs_found() -> None:
    assert (ROOT / "docs").is_dir()
    assert any(b.lang == "python" for b in ALL) and any(b.lang in SHELL for b in ALL)


@pytest.mark.parametrize("block", RUN, ids=lambda b: b.name)
def test_block(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if block.lang == "python":
        code = compile(block.code, block.name, "exec")
        exec(code, {"__name__": "__main__", "__file__": block.name})
    elif block.lang in SHELL:
        commands = list(command_lines(block))
        assert commands, f"{block.name}: a shell block without a command"
        for words in commands:
            run_command(words, block.name, tmp_path)
    else:
        pytest.fail(f"{block.name}: ```{block.lang}: run it (python, sh) or fence it ```text")


def command_lines(block: Block) -> Iterator[list[str]]:
    """The block's commands as words: continuation lines joined, comments and prompts gone."""
    lines = block.code.splitlines()
    if block.lang == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    joined = "\n".join(lines).replace("\\\n", " ")
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):  # VAR=value prefixes
            words = words[1:]
        if words:
            yield words


def run_command(words: list[str], where: str, cwd: Path) -> None:
    tool, args = words[0], words[1:]
    if tool == "decruft":
        parsed = _parser().parse_args(args)
        if getattr(parsed, "engine", None) == "ray":
            return  # parsed only: a Ray cluster is not started by make test
        for name in getattr(parsed, "inputs", []):
            make_input(cwd, str(name))
        assert main(args) == 0, f"{where}: {shlex.join(words)} did not exit 0"
    elif tool == "make":
        for target in (a for a in args if "=" not in a and not a.startswith("-")):
            assert target in make_targets(), f"{where}: no Makefile target {target!r}"
    elif tool == "pip":
        assert args[:1] == ["install"], f"{where}: {shlex.join(words)}"
        known = set(pyproject()["project"]["optional-dependencies"])
        for spec in args[1:]:
            for extra in re.findall(r"\[([^\]]*)\]", spec):
                for name in extra.split(","):
                    assert name.strip() in known, f"{where}: no extra {name!r} in pyproject.toml"
    elif tool == "ray":
        return  # needs a Ray cluster
    elif tool == "python" or tool.endswith("/python"):
        script = next((a for a in args if a.endswith(".py")), None)
        assert script is not None and (ROOT / script).is_file(), f"{where}: {shlex.join(words)}"
    else:
        pytest.fail(f"{where}: the docs test does not know the command {tool!r}")


def make_input(cwd: Path, name: str) -> None:
    """Make the input ``name`` from the bundled samples, unless it exists already."""
    if name == "-" or any(c in name for c in "*?["):
        return
    path = cwd / name
    if path.exists():
        return
    samples = Path(str(data_path("samples")))
    base = path.name.removesuffix(".gz")
    if name.endswith("/") or "." not in path.name:
        shutil.copytree(samples, path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if base.endswith(".txt"):
        data = (samples / SEED).read_bytes()
    elif base.endswith((".jsonl", ".ndjson")):
        data = b"".join(
            json.dumps({"id": p.stem, "text": p.read_text("utf-8")}).encode() + b"\n"
            for p in sorted(samples.glob("*.txt"))
        )
    elif base.endswith((".html", ".htm")):
        data = HTML_PAGE.encode()
    elif base.endswith(".warc"):
        data = warc_record("https://example.com/a-page", HTML_PAGE.encode())
    else:
        pytest.fail(f"the docs test cannot make an input named {name!r}")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def warc_record(url: str, html: bytes) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(html)}\r\n\r\n".encode()
        + html
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text("utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, flags=re.M))


def pyproject() -> dict[str, dict[str, dict[str, list[str]]]]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def test_make_targets_quoted() -> None:
    """Every `make TARGET` quoted in the docs' prose is a target of the Makefile."""
    targets = make_targets()
    for path in DOCS:
        for target in re.findall(r"`make ([a-z][\w-]*)", path.read_text("utf-8")):
            assert target in targets, f"{path.relative_to(ROOT)}: `make {target}`"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(path).splitlines():
        m = re.match(r"^#{1,6} (.+)$", line)
        if m:
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return found


def prose(path: Path) -> str:
    """The file without its fenced blocks."""
    return re.sub(r"(?ms)^ {0,3}```.*?^ {0,3}```\s*$", "", path.read_text("utf-8"))


def without_code_spans(text: str) -> str:
    """Inline code spans taken out: a ``[text](url)`` shown as code is not a link."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links(path: Path) -> None:
    for target in re.findall(r"\]\(([^)\s]+)\)", without_code_spans(prose(path))):
        if re.match(r"^[a-z]+:", target):
            continue  # http(s), mailto: not checked (no network)
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        assert dest.exists(), f"{path.relative_to(ROOT)}: link to missing {target}"
        if anchor:
            assert anchor in anchors(dest), f"{path.relative_to(ROOT)}: no anchor {target}"


def test_docs_linked_from_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for path in DOCS[1:]:
        assert f"](docs/{path.name}" in readme, f"README does not link docs/{path.name}"
