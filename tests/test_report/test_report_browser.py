"""The report in a real browser (headless Chromium): its script runs under its own policy
and builds the page list and views, and nothing a hostile page holds runs or becomes markup.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped, saying so, without it.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_run import MARKER, PWNED_ID, PWNED_TITLE, write_hostile_run

from decruft.cli import main
from decruft.report import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not found: apt-get install -y --no-install-recommends chromium "
    "(.ci/run installs it) to run the browser tests of decruft report",
)
# Seconds Chromium gets per page: it starts in about one.
CHROMIUM_TIMEOUT_SECONDS = 60
# Virtual milliseconds the page may run before its DOM is dumped (it is done on load).
VIRTUAL_TIME_MS = 3000
# A screenshot of the report is a full window of text and charts: far above this.
MIN_SCREENSHOT_BYTES = 20_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _chromium(tmp_path: Path, url: str, *extra: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}",
        *extra,
        url,
    ]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class _Dom(HTMLParser):
    """Every element of a dumped DOM: its tag and attributes, and the document's title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _dom(html: str) -> _Dom:
    dom = _Dom()
    dom.feed(html)
    dom.close()
    return dom


def _body(dom: _Dom) -> dict[str, str]:
    return next(attrs for tag, attrs in dom.elements if tag == "body")


def _assert_nothing_injected(dom: _Dom) -> None:
    for tag, attrs in dom.elements:
        assert MARKER not in attrs, f"an injected script ran: <{tag} {attrs}>"
        assert attrs.get("id") != PWNED_ID, f"injected markup: <{tag} {attrs}>"
        assert not any(k.startswith("on") for k in attrs), f"event handler: <{tag} {attrs}>"
        assert tag not in ("img", "iframe", "b"), f"injected element <{tag}>"
        if tag == "a":
            assert attrs.get("href", "").startswith("#"), f"a link out: {attrs}"
    scripts = [attrs for tag, attrs in dom.elements if tag == "script"]
    assert len(scripts) == 2 and scripts[0].get("type") == "application/json"
    assert PWNED_TITLE not in dom.title


def test_hostile_pages_render_as_text_and_run_nothing(tmp_path: Path) -> None:
    run = write_hostile_run(tmp_path, pages=2)
    report = tmp_path / "report.html"
    build_report(run, report)
    for n in (0, 1):  # each page's before/after view, built by the report's script
        html = _chromium(tmp_path, f"{report.as_uri()}#p{n}", "--dump-dom")
        dom = _dom(html)
        body = _body(dom)
        assert body.get("data-ready") == "1", "the report's script did not finish"
        assert body.get("data-pages") == "2"
        assert sum(tag == "tr" for tag, _ in dom.elements) > 2  # the page list was built
        assert sum(tag == "mark" for tag, _ in dom.elements) == 2  # one per removal
        _assert_nothing_injected(dom)
        assert f"Article text {n} &lt;/script&gt;&lt;script&gt;" in html  # shown as text
        assert "&lt;img src=x onerror=" in html


def test_the_policy_stops_a_script_the_report_did_not_write(tmp_path: Path) -> None:
    """Defence in depth: even markup that got in could not run (the policy allows only the
    report's own script, by its hash)."""
    run = write_hostile_run(tmp_path, pages=1)
    report = tmp_path / "report.html"
    build_report(run, report)
    page = report.read_text("utf-8")
    smuggled = f"<script>document.body.setAttribute('{MARKER}','1')</script>"
    report.write_text(page.replace("<section id=pages>", smuggled + "<section id=pages>"), "utf-8")
    dom = _dom(_chromium(tmp_path, report.as_uri(), "--dump-dom"))
    assert _body(dom).get("data-ready") == "1"  # the report's own script still runs
    assert all(MARKER not in attrs for _, attrs in dom.elements)


def test_demo_report_renders_and_screenshots(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    assert main(["demo", "-o", str(out)]) == 0
    report = out / "report.html"
    assert main(["report", str(out), "-o", str(report), "-q"]) == 0
    dom = _dom(_chromium(tmp_path, report.as_uri(), "--dump-dom"))
    body = _body(dom)
    assert body.get("data-ready") == "1" and body.get("data-pages") == "6"
    assert sum(tag == "mark" for tag, _ in dom.elements) >= 5  # the first page's removals
    search = _dom(_chromium(tmp_path, f"{report.as_uri()}#search=Kremlin", "--dump-dom"))
    rows = [attrs for tag, attrs in search.elements if tag == "tr"]
    shown = [r for r in rows if "hidden" not in r]
    assert len(rows) - len(shown) == 5  # the search box filtered the list to one page
    shot = tmp_path / "report.png"
    _chromium(tmp_path, report.as_uri(), f"--screenshot={shot}", "--window-size=1280,1600")
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > MIN_SCREENSHOT_BYTES
