"""JSON-LD: the page's ``application/ld+json`` blocks read leniently (control characters,
trailing commas, comments, several values in a row) and bounded, and the facts they state:
the article's author, published date and headline, the site's names, the declared types.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from decruft.segment.htmlmeta.collect import MAX_META_CHARS, clean
from decruft.segment.htmlmeta.names import _person

# Objects visited per JSON-LD block (top level, @graph members, mainEntity): bounds the work.
MAX_JSONLD_OBJECTS = 200
# Authors listed in a JSON-LD author array that are kept (joined by ", ").
MAX_AUTHORS = 5
# Names the site gives itself that are kept (og:site_name, JSON-LD publisher, ...): a few.
MAX_SITE_NAMES = 8

# A JSON-LD @type that is the page's article (Article, NewsArticle, BlogPosting, ...).
_ARTICLE_TYPE = re.compile(r"article|posting|report|review|howto|recipe", re.IGNORECASE)
_PERSON_TYPES = frozenset(("person",))


@dataclass(slots=True)
class _LdFacts:
    """What the page's JSON-LD says: the article's person author (else another author),
    its published date, headline, the site's names, and whether it describes an article."""

    person_author: str | None = None
    other_author: str | None = None
    published: str | None = None
    headline: str | None = None
    site_names: tuple[str, ...] = ()
    has_article: bool = False
    types: tuple[str, ...] = ()


def _json_ld_facts(blocks: list[str]) -> _LdFacts:
    """Facts from all JSON-LD blocks; article-typed objects are read before the others."""
    objects = [obj for raw in blocks for obj in _json_ld_objects(raw)]
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    ranked = sorted(objects, key=lambda obj: not _is_article(obj))
    facts = _LdFacts()
    sites: list[str | None] = []
    for obj in ranked:
        person, other = _ld_authors(obj.get("author"), by_id)
        facts.person_author = facts.person_author or person
        facts.other_author = facts.other_author or other
        facts.published = facts.published or clean(_ld_string(obj.get("datePublished")))
        if _is_article(obj):
            facts.headline = facts.headline or clean(_ld_string(obj.get("headline")))
        publisher = _resolve(obj.get("publisher"), by_id)
        if isinstance(publisher, dict):
            sites.append(clean(_ld_string(publisher.get("name"))))
        if _types(obj) & {"website", "organization"}:
            sites.append(clean(_ld_string(obj.get("name"))))
    facts.site_names = _unique(sites, limit=MAX_SITE_NAMES)
    facts.has_article = bool(ranked) and _is_article(ranked[0])
    facts.types = tuple(dict.fromkeys(t for obj in objects for t in sorted(_types(obj))))
    return facts


def _types(obj: dict[str, object]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds[:MAX_AUTHORS] if isinstance(k, str)}


def _is_article(obj: dict[str, object]) -> bool:
    return any(_ARTICLE_TYPE.search(kind) for kind in _types(obj))


def _json_ld_objects(raw: str) -> Iterator[dict[str, object]]:
    """The objects of a JSON-LD block: top level, list items, @graph and mainEntity members.

    Bad JSON is read leniently (see _load_json) or yields nothing; the walk is
    breadth-first and stops after MAX_JSONLD_OBJECTS.
    """
    queue: deque[object] = deque(_load_json(raw))
    seen = 0
    while queue and seen < MAX_JSONLD_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item[:MAX_JSONLD_OBJECTS])
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in item:
                    queue.append(item[key])


# Trailing commas and // line comments (after a comma, bracket or line start), which
# hand-written JSON-LD has and JSON does not allow.
_TRAILING_COMMA = re.compile(r",\s*(?=[\]}])")
_LINE_COMMENT = re.compile(r"(?:(?<=[,{\[])|^)[ \t]*//[^\n]*", re.MULTILINE)


def _load_json(raw: str) -> list[object]:
    """The JSON values in a block: raw control characters in strings are allowed, and if
    that fails, trailing commas and line comments are dropped; several values one after
    another are all read. Unreadable JSON gives nothing."""
    decoder = json.JSONDecoder(strict=False)
    for text in (raw, _TRAILING_COMMA.sub("", _LINE_COMMENT.sub("", raw))):
        values: list[object] = []
        at = _skip_space(text, 0)
        try:
            while at < len(text) and len(values) < MAX_JSONLD_OBJECTS:
                value, at = decoder.raw_decode(text, at)
                values.append(value)
                at = _skip_space(text, at)
        except (ValueError, RecursionError):
            if not values:
                continue
        return values
    return []


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and (text[at].isspace() or text[at] == ";"):
        at += 1
    return at


def _resolve(value: object, by_id: dict[object, dict[str, object]]) -> object:
    """A ``{"@id": ...}`` reference replaced by the object it names, when the page has it."""
    if isinstance(value, dict) and len(value) <= 2 and "@id" in value:
        ref = value.get("@id")
        if isinstance(ref, str) and ref in by_id:
            return by_id[ref]
    return value


def _ld_authors(
    value: object, by_id: dict[object, dict[str, object]]
) -> tuple[str | None, str | None]:
    """(people's names, other names) of an author value: a string, a Person or
    Organization (or a reference to one), or a list of those; names joined by ", "."""
    items = value[:MAX_AUTHORS] if isinstance(value, list) else [value]
    people: list[str] = []
    others: list[str] = []
    for item in items:
        item = _resolve(item, by_id)
        kinds = _types(item) if isinstance(item, dict) else set()
        name = item.get("name") if isinstance(item, dict) else item
        cleaned = _person(clean(_ld_string(name)))
        if cleaned is None:
            continue
        # untyped values and Persons are people; Organizations and anything else are not
        is_person = not kinds or bool(kinds & _PERSON_TYPES)
        into = people if is_person else others
        if cleaned not in into:
            into.append(cleaned)
    return (
        ", ".join(people)[:MAX_META_CHARS] if people else None,
        ", ".join(others)[:MAX_META_CHARS] if others else None,
    )


def _ld_string(value: object) -> str | None:
    """A JSON-LD value as a string: itself, or the first string of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


def _unique(values: list[str | None], limit: int) -> tuple[str, ...]:
    """Distinct non-empty values (compared casefolded), first ``limit`` of them."""
    out: list[str] = []
    for value in values:
        if value and value.casefold() not in {v.casefold() for v in out}:
            out.append(value)
    return tuple(out[:limit])
