"""The report's HTML shell: head with its policy, the sections rendered in Python, the page
data block, and the script and style read from ``assets/`` and inlined."""

from __future__ import annotations

from importlib.resources import files

from decruft.report.embed import check_inline, content_security_policy, json_script
from decruft.report.sections import esc, palette_css

DATA_ID = "report-data"


def _asset(name: str) -> str:
    return (files("decruft.report") / "assets" / name).read_text("utf-8")


def script_and_style() -> tuple[str, str]:
    """The inline script and style (the style with the rules' colours), checked to be safe
    to inline."""
    script = check_inline(_asset("report.js"), "script")
    style = check_inline(_asset("report.css") + palette_css(), "style")
    return script, style


def document(title: str, sections: str, data: bytes) -> bytes:
    """The whole file: ``sections`` (HTML, escaped by their makers) above the page browser,
    whose script builds the page list and views from ``data`` (from ``embed.json_bytes``)."""
    script, style = script_and_style()
    policy = esc(content_security_policy(script, style))
    head = (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        "<meta name=referrer content=no-referrer>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{style}</style></head>\n<body>\n"
    )
    browser = (
        "<section id=pages><h2>Pages</h2>"
        "<p class=note id=pages-note></p>"
        "<div class=searchbar><input id=search type=search autocomplete=off "
        'placeholder="search id, title, url, text" aria-label="search pages">'
        "<span id=search-count class=muted></span></div>"
        "<div class=browser><div class=list><table id=page-list><thead><tr><th>#</th>"
        "<th>id</th><th>title</th><th>verdict</th><th>lang</th>"
        "<th class=num>kept</th><th class=num>removed</th></tr></thead>"
        "<tbody id=page-rows></tbody></table></div>"
        "<div id=detail class=detail><noscript>The page list and the before/after views "
        "are drawn by the report's script: open the file in a browser with JavaScript "
        "on.</noscript></div></div></section>\n"
    )
    return b"".join(
        (
            head.encode("utf-8"),
            sections.encode("utf-8", "replace"),
            browser.encode("utf-8"),
            json_script(DATA_ID, data),
            b"\n<script>",
            script.encode("utf-8"),
            b"</script>\n</body></html>\n",
        )
    )
