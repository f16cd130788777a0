"""The signals written out in plain Python, the way datatrove's filters are written
(gopher_quality_filter.py, gopher_repetition_filter.py, c4_filters.py,
fineweb_quality_filter.py), with decruft's word split (docs/signals.md) in place of spaCy's.

Slow and obvious on purpose: ``decruft.signals`` computes the same numbers with numpy and
must agree with this on every text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from decruft.signals.c4 import C4_POLICY_PHRASES, CITATION, CLOSERS
from decruft.signals.text import terminal_chars

GOPHER_STOP_WORDS = {"the", "be", "to", "of", "and", "that", "have", "with"}


def is_symbol(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def lower1(word: str) -> str:
    """Each character's lowercase when that is one character."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in word)


def split_words(text: str) -> tuple[list[str], int, int]:
    """(words, tokens like spaCy's, tokens with a letter)."""
    words: list[str] = []
    spacy_tokens = alpha = 0
    for token in text.split():
        alpha += any(ch.isalpha() for ch in token)
        core = [i for i, ch in enumerate(token) if not is_symbol(ch)]
        if not core:
            spacy_tokens += 1
            continue
        word = token[core[0] : core[-1] + 1]
        words.append(word)
        spacy_tokens += 1 + len(token) - len(word)
        for i in range(1, len(word) - 1):  # spaCy's split at an inner hyphen
            before, after = word[i - 1], word[i + 1]
            if word[i] in "-–—" and (before.isalpha() or before.isdecimal()) and after.isalpha():
                spacy_tokens += 2
                alpha += 1
    return words, spacy_tokens, alpha


def ratio(a: float, b: float) -> float:
    return round(a / b, 6) if b else 0.0


def find_duplicates(x: list[str]) -> tuple[int, int]:
    unique: set[str] = set()
    duplicate_chars = duplicate_elements = 0
    for element in x:
        if element in unique:
            duplicate_chars += len(element)
            duplicate_elements += 1
        else:
            unique.add(element)
    return duplicate_elements, duplicate_chars


def find_top_duplicate(x: list[str]) -> int:
    counter: Counter[str] = Counter(x)
    top = counter.most_common(1)[0]
    return len(top[0]) * top[1]


def find_all_duplicate(words: list[str], n: int) -> int:
    """datatrove's, with n-grams compared word by word (datatrove compares their
    concatenation) and counted by the concatenation's characters."""
    unique: set[tuple[str, ...]] = set()
    repeated_chars, idx = 0, 0
    while idx < len(words) - n + 1:
        gram = tuple(words[idx : idx + n])
        if gram in unique:
            repeated_chars += len("".join(gram))
            idx += n
        else:
            unique.add(gram)
            idx += 1
    return repeated_chars


def sentences(line: str) -> int:
    terminal = terminal_chars()
    n = 1
    for i in range(1, len(line)):
        if not line[i].isspace():
            continue
        if line[i - 1] in terminal or (
            line[i - 1] in CLOSERS and i >= 2 and line[i - 2] in terminal
        ):
            n += 1
    return n


def reference(text: str, stopwords: frozenset[str] | None) -> dict[str, object]:
    words, tokens, alpha = split_words(text)
    lines = text.split("\n")
    found: dict[str, object] = {"chars": len(text), "words": len(words), "tokens": tokens}
    # Gopher quality
    found["mean_word_length"] = ratio(sum(map(len, words)), len(words))
    found["alpha_word_fraction"] = ratio(alpha, tokens)
    found["hash_ratio"] = ratio(text.count("#"), tokens)
    found["ellipsis_ratio"] = ratio(text.count("...") + text.count("…"), tokens)
    bullets = sum(s.lstrip().startswith("•") or s.lstrip().startswith("-") for s in lines)
    ellipses = sum(s.rstrip().endswith("...") or s.rstrip().endswith("…") for s in lines)
    found["bullet_line_fraction"] = ratio(bullets, len(lines))
    found["ellipsis_line_fraction"] = ratio(ellipses, len(lines))
    found["gopher_stop_words"] = len(GOPHER_STOP_WORDS.intersection(words))
    if stopwords is None:
        found["stopwords"] = found["stopword_ratio"] = None
    else:
        n_stop = sum(lower1(w) in stopwords for w in words)
        found["stopwords"] = n_stop
        found["stopword_ratio"] = ratio(n_stop, len(words))
    # Gopher repetition
    paragraphs = re.split(r"\n{2,}", text.strip())
    dups, chars = find_duplicates(paragraphs)
    found["dup_paragraph_fraction"] = ratio(dups, len(paragraphs))
    found["dup_paragraph_char_fraction"] = ratio(chars, len(text))
    gopher_lines = re.split("\n+", text)
    dups, chars = find_duplicates(gopher_lines)
    found["dup_line_fraction"] = ratio(dups, len(gopher_lines))
    found["dup_line_char_fraction"] = ratio(chars, len(text))
    for n in (2, 3, 4):
        grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        top = find_top_duplicate(grams) if grams else 0
        found[f"top_{n}_gram_char_fraction"] = ratio(top, len(text))
    for n in range(5, 11):
        found[f"dup_{n}_gram_char_fraction"] = ratio(find_all_duplicate(words, n), len(text))
    # C4
    c4 = Counter[str]()
    for line in lines:
        line = line.strip()
        line_words = line.split()
        if any(len(w) > 1000 for w in line_words):
            continue
        line = CITATION.sub("", line)
        if not line.endswith((".", "?", "!", '"', "'")) or line.endswith("..."):
            continue
        if len(line_words) < 3:
            continue
        c4["c4_punct_lines"] += 1
        low = line.lower()
        if "lorem ipsum" in low:
            c4["c4_lorem_ipsum_lines"] += 1
        elif "javascript" in low:
            c4["c4_javascript_lines"] += 1
        elif "{" in line:
            c4["c4_curly_brace_lines"] += 1
        elif any(p in low for p in C4_POLICY_PHRASES):
            c4["c4_policy_lines"] += 1
        else:
            c4["c4_kept_lines"] += 1
            c4["c4_sentences"] += sentences(line)
    for key in (
        "c4_punct_lines",
        "c4_lorem_ipsum_lines",
        "c4_javascript_lines",
        "c4_curly_brace_lines",
        "c4_policy_lines",
        "c4_kept_lines",
        "c4_sentences",
    ):
        found[key] = c4[key]
    # FineWeb
    solid = [line for line in lines if line.strip() != ""]
    found["lines"] = len(solid)
    terminal = tuple(terminal_chars())
    found["fineweb_line_punct_ratio"] = ratio(sum(s.endswith(terminal) for s in solid), len(solid))
    found["fineweb_short_line_ratio"] = ratio(sum(len(s) <= 30 for s in solid), len(solid))
    found["fineweb_char_dup_ratio"] = ratio(find_duplicates(solid)[1], len(text.replace("\n", "")))
    found["fineweb_list_ratio"] = ratio(text.count("\n"), tokens)
    return found
