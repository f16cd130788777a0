"""Metadata an HTML page declares about itself: titles, site name, author, published date.

The segmenting walk (``segment/html/walk.py``) hands every ``<meta>``, ``<link>``,
``<script>``, ``<title>``, ``<time>`` and ``<h1>`` it passes to ``collect_meta``;
``page_meta`` then reads the collected sources, plus a few bounded CSS look-ups for bylines
and date lines, and the short lines under an ``<h1>``, when the declared metadata gives no
author or date. Nothing is guessed from the article's prose.

Where several sources speak, the most explicit wins: JSON-LD and ``<meta>`` values typed as
a person's name or an ISO date come first, then the page's visible byline and date line,
then weaker values (an organisation as author, a date not written the ISO way, which
schema.org and Open Graph require and templates that print the wrong date often break).
Choosing the title among ``<title>``, og:title and the ``<h1>`` headings is left to
``page/metadata/title_agreement.py``, which also sees the headline the text model found.

Every input is bounded: attribute values and texts are cut, JSON-LD blocks over
MAX_JSONLD_CHARS are skipped and at most MAX_JSONLD_OBJECTS objects of each of the first
MAX_JSONLD_BLOCKS are visited, CSS look-ups read at most MAX_DOM_CANDIDATES elements,
and every regex is linear.

The modules: ``collect`` (what the walk hands over, gathered into MetaSources), ``page``
(``page_meta`` and HtmlMeta), ``jsonld`` (lenient JSON-LD parsing and its facts),
``byline`` (the author: declared names and the DOM byline), ``names`` (what counts as a
person's name) and ``dates`` (choosing and parsing the published date). The names other
modules use are re-exported here.
"""

from decruft.segment.htmlmeta.byline import (
    BYLINE_MAX_CHARS as BYLINE_MAX_CHARS,
    MAX_BYLINE_REFINE as MAX_BYLINE_REFINE,
)
from decruft.segment.htmlmeta.collect import (
    MAX_DOM_CANDIDATES as MAX_DOM_CANDIDATES,
    MAX_HEADINGS as MAX_HEADINGS,
    MAX_JSONLD_BLOCKS as MAX_JSONLD_BLOCKS,
    MAX_JSONLD_CHARS as MAX_JSONLD_CHARS,
    MAX_META_CHARS as MAX_META_CHARS,
    MAX_META_TAGS as MAX_META_TAGS,
    MAX_TIMES as MAX_TIMES,
    MetaSources as MetaSources,
    clean as clean,
    collect_meta as collect_meta,
)
from decruft.segment.htmlmeta.dates import (
    CENTURY as CENTURY,
    DATE_LINE_MAX_CHARS as DATE_LINE_MAX_CHARS,
    HEADING_DATE_WINDOW as HEADING_DATE_WINDOW,
    MAX_YEAR as MAX_YEAR,
    MIN_YEAR as MIN_YEAR,
    normalize_date as normalize_date,
    url_date as url_date,
)
from decruft.segment.htmlmeta.jsonld import (
    MAX_AUTHORS as MAX_AUTHORS,
    MAX_JSONLD_OBJECTS as MAX_JSONLD_OBJECTS,
    MAX_SITE_NAMES as MAX_SITE_NAMES,
)
from decruft.segment.htmlmeta.names import (
    NAME_MAX_WORDS as NAME_MAX_WORDS,
    compact as compact,
)
from decruft.segment.htmlmeta.page import (
    MAX_DECLARED_TYPES as MAX_DECLARED_TYPES,
    MAX_TYPE_CHARS as MAX_TYPE_CHARS,
    HtmlMeta as HtmlMeta,
    page_meta as page_meta,
)
