# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled ``_value_info`` of segment/html/hints.py: the hint bits, name hashes and
main-content rule flags of a class/id value.

Most class/id values of a page are new to any cache (the dev pages hold 140k distinct ones),
so the reading of each, not its look-up, is what costs: splitting tokens into word parts
and hashing names took a fifth of cleaning an HTML page in Python. Here the word parts are
cut by a loop over the characters instead of a regex, the names hashed by a CRC-32 in C
(zlib's, bit for bit: the hashes are features of the shipped model), the stems that pick a
token's main-content name rules found by a scan in C (segment/maincontent.py's
``token_rules``: the longest stem at each place; the rules themselves stay its regexes),
and the rest is compiled Python. ``ValueInfo`` gives what hints.py's Python statement
gives, value for value (tests/test_html/test_hints_compiled.py).
"""

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdint cimport int64_t, uint32_t
from libc.string cimport memcmp

# Room for the main-content stems (segment/maincontent.py has ~70) and their characters.
DEF MAX_STEMS = 256
DEF MAX_STEM_BYTES = 4096

# CRC-32 as zlib computes it: reflected, polynomial 0xEDB88320, all ones in and out.
cdef uint32_t CRC_POLYNOMIAL = 0xEDB88320


cdef class ValueInfo:
    """``value -> (hint bits, sorted name hashes, rule flags)``, with bounded caches of values
    and of tokens (each emptied when full: what it returns never depends on them)."""

    cdef dict hint_bits, values, tokens
    cdef set hint_crcs  # the hashes of the hint words: a part hashing to none is none
    cdef frozenset root_classes
    cdef tuple name_rules
    cdef object landmark_rules
    cdef int64_t has_names, root
    cdef Py_ssize_t max_tokens, max_values, max_cached_tokens
    cdef uint32_t crc_table[256]
    # The stems, longest first within each first byte: stem k is stem_text[stem_at[k]:]
    # for stem_len[k] bytes; those starting with byte b are first_stem[b] onwards, n_first[b].
    cdef char stem_text[MAX_STEM_BYTES]
    cdef Py_ssize_t stem_at[MAX_STEMS]
    cdef Py_ssize_t stem_len[MAX_STEMS]
    cdef int64_t stem_flags[MAX_STEMS]
    cdef int first_stem[256]
    cdef int n_first[256]

    def __init__(
        self,
        dict hint_bits,
        frozenset root_classes,
        dict stems,
        tuple name_rules,
        object landmark_rules,
        int64_t has_names,
        int64_t root,
        Py_ssize_t max_tokens,
        Py_ssize_t max_values,
        Py_ssize_t max_cached_tokens,
    ):
        """``hint_bits``: word part -> hint bits; ``root_classes``: tokens naming the article
        root (``root`` flag); ``stems`` (ASCII stem -> the rule flags it may name) and
        ``name_rules`` ((flag, regex) pairs: anything with ``search``): a token's rule flags, as
        maincontent.token_rules finds them; ``landmark_rules(lowered one-token value)``;
        ``has_names``: the flag every value gets; ``max_tokens``: tokens of a value whose
        names are hashed; the two cache bounds."""
        self.hint_bits, self.root_classes = hint_bits, root_classes
        self.name_rules, self.landmark_rules = name_rules, landmark_rules
        self._set_stems(stems)
        self.has_names, self.root = has_names, root
        self.max_tokens = max_tokens
        self.max_values, self.max_cached_tokens = max_values, max_cached_tokens
        self.values, self.tokens = {}, {}
        cdef uint32_t c
        cdef int i, k
        for i in range(256):
            c = i
            for k in range(8):
                c = (c >> 1) ^ CRC_POLYNOMIAL if c & 1 else c >> 1
            self.crc_table[i] = c
        self.hint_crcs = {self._crc_str(word) for word in hint_bits}

    cdef _set_stems(self, dict stems):
        ordered = sorted(stems, key=lambda stem: (stem[:1], -len(stem)))
        if len(ordered) > MAX_STEMS or sum(map(len, ordered)) > MAX_STEM_BYTES:
            raise ValueError("too many main-content stems for the compiled scan")
        cdef int k, first
        cdef Py_ssize_t at = 0, i
        cdef bytes raw
        for first in range(256):
            self.first_stem[first], self.n_first[first] = 0, 0
        for k, stem in enumerate(ordered):
            if not stem or not stem.isascii():
                raise ValueError(f"a main-content stem must be ASCII: {stem!r}")
            raw = stem.encode("ascii")
            first = raw[0]
            if self.n_first[first] == 0:
                self.first_stem[first] = k
            self.n_first[first] += 1
            for i in range(len(raw)):
                self.stem_text[at + i] = raw[i]
            self.stem_at[k], self.stem_len[k] = at, len(raw)
            self.stem_flags[k] = stems[stem]
            at += len(raw)

    cdef int64_t _token_rules(self, str lowered) except? -1:
        """maincontent.token_rules: the flags of the name rules whose stems the token holds
        (the longest stem at each place, places not overlapping) and whose regex finds it."""
        cdef Py_ssize_t n, i = 0, step
        cdef const char *p = PyUnicode_AsUTF8AndSize(lowered, &n)
        cdef int k, first
        cdef int64_t candidates = 0, flags = 0
        while i < n:  # a stem is ASCII: it never starts inside a character's UTF-8 bytes
            first = <unsigned char>p[i]
            step = 1
            for k in range(self.first_stem[first], self.first_stem[first] + self.n_first[first]):
                if self.stem_len[k] <= n - i and memcmp(
                    p + i, self.stem_text + self.stem_at[k], self.stem_len[k]
                ) == 0:
                    candidates |= self.stem_flags[k]
                    step = self.stem_len[k]
                    break
            i += step
        if candidates:
            for flag, pattern in self.name_rules:
                if candidates & <int64_t>flag and pattern.search(lowered) is not None:
                    flags |= <int64_t>flag
        return flags

    def __call__(self, str value):
        found = self.values.get(value)
        if found is not None:
            return found
        cdef int64_t bits = 0, rules = self.has_names
        cdef set names = set()
        cdef list tokens = value.split()
        cdef Py_ssize_t number = 0
        cdef tuple info
        for token in tokens:
            info = self.tokens.get(token)
            if info is None:
                info = self._token(token)
                if len(self.tokens) >= self.max_cached_tokens:
                    self.tokens.clear()
                self.tokens[token] = info
            bits |= <int64_t>info[0]
            rules |= <int64_t>info[2]
            if number < self.max_tokens:
                names.update(<tuple>info[1])
            number += 1
        if len(tokens) == 1:
            rules |= <int64_t>self.landmark_rules(tokens[0].lower())
        result = (bits, tuple(sorted(names)), rules)
        if len(self.values) >= self.max_values:
            self.values.clear()
        self.values[value] = result
        return result

    cdef tuple _token(self, str token):
        """Hint bits, name hashes and rule flags of one token (hints.py's ``_token_info``).
        Word parts are ASCII runs, read in place: each part's hash is computed as it is cut,
        lowercased on the fly, and a part becomes a string only when its hash is a hint
        word's (to look it up). A token with other characters is read as its ASCII form
        with each of them a "?" (a separator, one byte per character: the same parts at the
        same places)."""
        cdef int64_t rules = self._token_rules(token.lower())
        if token in self.root_classes:
            rules |= self.root
        cdef bint ascii = token.isascii()
        cdef bytes replaced
        cdef Py_ssize_t n
        cdef const char *text
        if ascii:
            text = PyUnicode_AsUTF8AndSize(token, &n)
        else:
            replaced = token.encode("ascii", "replace")
            text, n = replaced, len(replaced)
        cdef Py_ssize_t i = 0, j, start, parts = 0
        cdef int kind
        cdef int64_t bits = 0
        cdef set names = set()
        cdef uint32_t crc
        while i < n:
            kind = _kind(text[i])
            if kind == 0:
                i += 1
                continue
            start, j = i, i + 1
            if kind == 1:
                while j < n and _kind(text[j]) == 1:
                    j += 1
                if j < n and _kind(text[j]) == 2:
                    if j - i > 1:
                        j -= 1  # "HTMLParser": "HTML", then "Parser" from its last capital
                    else:
                        while j < n and _kind(text[j]) == 2:
                            j += 1
            else:
                while j < n and _kind(text[j]) == kind:
                    j += 1
            crc = self._crc_lower(text + start, j - start)
            if crc in self.hint_crcs:
                bits |= <int64_t>self.hint_bits.get(token[start:j].lower(), 0)
            names.add(crc)
            parts += 1
            i = j
        if parts > 1:  # the whole token too, lowercased as Python does
            names.add(self._crc_lower(text, n) if ascii else self._crc_str(token.lower()))
        return bits, tuple(names), rules

    cdef uint32_t _crc_lower(self, const char *p, Py_ssize_t n) noexcept:
        """zlib.crc32 of the ASCII bytes ``p[:n]`` lowercased."""
        return self._crc(p, n, True)

    cdef object _crc_str(self, str name):
        """zlib.crc32 of the name's UTF-8 bytes."""
        cdef bytes raw = name.encode("utf-8")
        return self._crc(raw, len(raw), False)

    cdef uint32_t _crc(self, const char *p, Py_ssize_t n, bint lower) noexcept:
        """zlib.crc32 of the bytes ``p[:n]``, with ASCII capitals read as small letters when
        ``lower``."""
        cdef uint32_t c = 0xFFFFFFFF
        cdef unsigned char b
        cdef Py_ssize_t i
        for i in range(n):
            b = <unsigned char>p[i]
            if lower and 65 <= b <= 90:
                b += 32
            c = self.crc_table[(c ^ b) & 0xFF] ^ (c >> 8)
        return c ^ 0xFFFFFFFF


cdef inline int _kind(Py_UCS4 ch) noexcept nogil:
    """1 an ASCII capital, 2 an ASCII small letter, 3 an ASCII digit, 0 anything else."""
    if 65 <= ch <= 90:
        return 1
    if 97 <= ch <= 122:
        return 2
    if 48 <= ch <= 57:
        return 3
    return 0
