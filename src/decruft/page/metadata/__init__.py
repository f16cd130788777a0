"""A page's metadata from its text and, for HTML, from what its markup declares.

- ``text``: read off the kept text: the dateline's publisher and date, the byline's author,
  the headline's place, the language; and, for an HTML page, the declared values merged in
  (``with_html_meta``; the declarations are gathered during the walk by
  ``decruft.segment.htmlmeta``).
- ``headline``: the learned headline picker (which block is the title).
- ``title_agreement``: an HTML page's title by agreement between its ``<h1>``, ``<title>``,
  og:title and JSON-LD headline, with the site's name cut off.
"""
