# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled DOM walk of segment/html.py: ``_walk`` in C, over Lexbor's own tree.

The Python walk asks selectolax for every node (``tag_id``, ``text_content``,
``attributes``, ``first_child``, ``next``), and each answer builds Python objects. This walk
reads the same fields straight from Lexbor's structs and builds Python objects only for what
it hands on: block texts, class/id values, and the ``LexborNode`` of each metadata element
``collect_meta`` reads. Its outputs (raw blocks, element parents, class/id token hashes,
main-content rule words, metadata sources, code lines) are the Python walk's, value for
value; the Python walk stays as the reference (tests/test_html/test_walk_compiled.py) and
as the fallback.

The structs and their readers are ``_lexbor.pxd``'s (restated from Lexbor 3.1, as
selectolax 1.0.x bundles it), and ``layout_ok`` (``_lexbor.pyx``) checks them against
selectolax's Python API on a probe document before any walk: another Lexbor or selectolax
version makes segment/html.py run its Python walk instead.
"""

from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdint cimport int64_t, uintptr_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcmp

from decruft.segment._lexbor cimport (
    NODE_ELEMENT,
    NODE_TEXT,
    STATIC_NAME_LIMIT,
    LxbAttr,
    LxbCharacterData,
    LxbElement,
    LxbNode,
    _decode,
    _name_id,
    _name_of,
    _node_of,
    _static_ids,
    _value_of,
    _wrap,
)

from decruft.segment._lexbor import LEXBOR_VERSION, _NODE_TYPE, layout_ok

# --- the walk ----------------------------------------------------------------------------

# The constants of segment/html.py and segment/maincontent.py the walk reads, by name.
CONSTANTS = (
    "_IN_HIDDEN",
    "_IN_LINK",
    "_IN_CODE",
    "_IN_PRE",
    "_OFF_MAIN",
    "_KIND_OTHER",
    "_KIND_PRE",
    "_F_BITS",
    "_F_SKIP",
    "_F_BOUNDARY",
    "_F_OWNER",
    "_F_VOID",
    "_F_NO_ATTRS",
    "_F_META",
    "_F_KIND_SHIFT",
    "_F_KIND_MASK",
    "_F_RULE_SHIFT",
    "_F_RULE_MASK",
    "_F_INLINE",
    "MAX_DEPTH_FEATURE",
    "MAX_CODE_INDENT",
    "MAX_HINT_ATTR_CHARS",
    "RULE_FLAGS",
    "TAG_CUT",
    "TAG_FOOTER",
    "TAG_SHIFT",
    "CUT",
    "MC_LAST_IN_SECTION",
    "CLASS_ONLY",
    "ID_ONLY",
)

# Marks a piece that is only spacing (its mask is 0): above every mask bit.
cdef int64_t SPACING = (<int64_t>1) << 62

# The attributes ``_attributes`` reads itself; the main-content rule attributes follow.
cdef Py_ssize_t A_CLASS = 0
cdef Py_ssize_t A_ID = 1
cdef Py_ssize_t A_ROLE = 2
cdef Py_ssize_t A_HIDDEN = 3
OWN_ATTRIBUTES = ("class", "id", "role", "hidden")
# Attribute names looked for, at most this many (a bit each).
cdef Py_ssize_t MAX_NAMES = 32


cdef struct Open:  # an element entered: what its end restores
    LxbNode *node
    int64_t mask  # the ancestor mask outside it
    int64_t top  # the element around it
    int64_t kind  # the enclosing block owner's kind and depth, when it owns blocks
    int64_t depth
    bint is_owner


cdef class Walker:
    """``_walk`` of segment/html.py for one tag table (see there for what it does)."""

    cdef int64_t *flags  # packed flags by tag id
    cdef Py_ssize_t n_flags
    cdef dict meta_names
    cdef uintptr_t text_id, comment_id, body_id
    cdef object value_info, role_bits, attribute_rules, off_main, collect_meta
    # attribute names looked for: bytes, length, Lexbor's static id (0: none)
    cdef list names
    cdef const unsigned char *name_bytes[32]
    cdef size_t name_lengths[32]
    cdef uintptr_t name_ids[32]
    cdef Py_ssize_t n_names
    cdef unsigned int rule_names  # bits of the rule attributes
    cdef list name_strs
    cdef int64_t in_hidden, in_link, in_code, in_pre, off_main_bit, kind_other, kind_pre
    cdef int64_t f_bits, f_skip, f_boundary, f_owner, f_void, f_no_attrs, f_meta
    cdef int64_t f_kind_shift, f_kind_mask, f_rule_shift, f_rule_mask, f_inline
    cdef int64_t max_depth, max_hint_chars, max_indent
    cdef int64_t rule_flags, tag_cut, tag_footer, tag_shift, cut, last_in_section
    cdef int64_t class_only, id_only

    def __cinit__(self):
        self.flags = NULL

    def __dealloc__(self):
        free(self.flags)

    def __init__(
        self,
        dict flags,
        dict meta_names,
        uintptr_t text_id,
        uintptr_t comment_id,
        uintptr_t body_id,
        dict constants,
        tuple rule_attributes,
        object value_info,
        object role_bits,
        object attribute_rules,
        object off_main,
        object collect_meta,
    ):
        cdef Py_ssize_t i
        self.n_flags = max(flags, default=-1) + 1
        if self.n_flags > <Py_ssize_t>STATIC_NAME_LIMIT:
            raise ValueError("tag ids are Lexbor's small constants")
        self.flags = <int64_t *>malloc(max(self.n_flags, 1) * sizeof(int64_t))
        if self.flags == NULL:
            raise MemoryError
        for i in range(self.n_flags):
            self.flags[i] = flags.get(i, constants["_F_INLINE"])
        self.meta_names = meta_names
        self.text_id, self.comment_id, self.body_id = text_id, comment_id, body_id
        self.value_info, self.role_bits = value_info, role_bits
        self.attribute_rules, self.off_main = attribute_rules, off_main
        self.collect_meta = collect_meta
        self.name_strs = list(OWN_ATTRIBUTES) + [
            name for name in sorted(rule_attributes) if name not in OWN_ATTRIBUTES
        ]
        if len(self.name_strs) > MAX_NAMES:
            raise ValueError("too many attribute names")
        self.names = [name.encode() for name in self.name_strs]
        self.n_names = len(self.names)
        static_ids = _static_ids(tuple(self.name_strs))
        if static_ids is None:
            raise RuntimeError("Lexbor's attribute names are not laid out as expected")
        self.rule_names = 0
        for i in range(self.n_names):
            self.name_bytes[i] = <const unsigned char *><char *>self.names[i]
            self.name_lengths[i] = len(self.names[i])
            self.name_ids[i] = static_ids.get(self.name_strs[i], 0)
            if self.name_strs[i] in rule_attributes:
                self.rule_names |= (<unsigned int>1) << i
        self.in_hidden = constants["_IN_HIDDEN"]
        self.in_link = constants["_IN_LINK"]
        self.in_code = constants["_IN_CODE"]
        self.in_pre = constants["_IN_PRE"]
        self.off_main_bit = constants["_OFF_MAIN"]
        self.kind_other = constants["_KIND_OTHER"]
        self.kind_pre = constants["_KIND_PRE"]
        self.f_bits = constants["_F_BITS"]
        self.f_skip = constants["_F_SKIP"]
        self.f_boundary = constants["_F_BOUNDARY"]
        self.f_owner = constants["_F_OWNER"]
        self.f_void = constants["_F_VOID"]
        self.f_no_attrs = constants["_F_NO_ATTRS"]
        self.f_meta = constants["_F_META"]
        self.f_kind_shift = constants["_F_KIND_SHIFT"]
        self.f_kind_mask = constants["_F_KIND_MASK"]
        self.f_rule_shift = constants["_F_RULE_SHIFT"]
        self.f_rule_mask = constants["_F_RULE_MASK"]
        self.f_inline = constants["_F_INLINE"]
        self.max_depth = constants["MAX_DEPTH_FEATURE"]
        self.max_indent = constants["MAX_CODE_INDENT"]
        self.max_hint_chars = constants["MAX_HINT_ATTR_CHARS"]
        self.rule_flags = constants["RULE_FLAGS"]
        self.tag_cut = constants["TAG_CUT"]
        self.tag_footer = constants["TAG_FOOTER"]
        self.tag_shift = constants["TAG_SHIFT"]
        self.cut = constants["CUT"]
        self.last_in_section = constants["MC_LAST_IN_SECTION"]
        self.class_only = constants["CLASS_ONLY"]
        self.id_only = constants["ID_ONLY"]

    def walk(
        self,
        object root,
        list out,
        object sources,
        list parents,
        list tokens,
        list rules,
        list tags,
        list code_lines,
    ):
        """Visit every node under ``root`` once, in document order (see html._walk)."""
        if type(root) is not _NODE_TYPE:
            raise TypeError("root must be a LexborNode")
        parser = root.parser
        cdef LxbNode *node = _node_of(root).first_child
        cdef LxbNode *child
        cdef LxbCharacterData *chars
        cdef uintptr_t tid
        cdef int64_t packed, own, flags, tag, bits
        cdef int64_t kind = self.kind_other
        cdef int64_t depth = 0
        cdef int64_t mask = 0
        cdef int64_t top = -1  # the innermost open element: its index in ``parents``
        # a <pre> line's whitespace while it has no text, the blank lines since the last block
        cdef str lead = ""
        cdef int64_t blanks = 0
        cdef int64_t closing
        cdef int space
        cdef bint is_owner
        cdef Py_ssize_t n_open = 0
        cdef Py_ssize_t open_size = 64
        cdef Py_ssize_t n_pieces = 0
        cdef Py_ssize_t pieces_size = 64
        cdef list pieces = []
        cdef object names
        cdef object text
        cdef Open *stack = <Open *>malloc(open_size * sizeof(Open))
        cdef Open *grown
        # each piece's mask, SPACING for spacing
        cdef int64_t *masks = <int64_t *>malloc(pieces_size * sizeof(int64_t))
        cdef int64_t *masks_grown
        if stack == NULL or masks == NULL:
            free(stack)
            free(masks)
            raise MemoryError
        try:
            while node != NULL:
                tid = node.local_name
                if tid == self.text_id:
                    chars = <LxbCharacterData *>node
                    if node.type == NODE_TEXT and chars.data.data != NULL and chars.data.length:
                        if mask & self.in_pre and memchr(
                            chars.data.data, 0x0A, chars.data.length
                        ) != NULL:
                            text = _decode(chars.data.data, chars.data.length)
                            for number, line in enumerate((<str>text).split("\n")):
                                if number:
                                    if n_pieces:
                                        self._emit(pieces, masks, kind, depth, top, top, out)
                                        n_pieces = 0
                                        blanks = 0
                                    else:
                                        blanks += 1
                                    lead = ""
                                if line and not (<str>line).isspace():
                                    if not n_pieces:
                                        self._code_line(
                                            len(out), blanks, lead, <str>line, code_lines
                                        )
                                        lead = ""
                                        blanks = 0
                                    if n_pieces == pieces_size:
                                        pieces_size *= 2
                                        masks_grown = <int64_t *>realloc(
                                            masks, pieces_size * sizeof(int64_t)
                                        )
                                        if masks_grown == NULL:
                                            raise MemoryError
                                        masks = masks_grown
                                    pieces.append(line)
                                    masks[n_pieces] = mask
                                    n_pieces += 1
                                elif line and not n_pieces:
                                    lead = self._indent(lead, <str>line)
                        else:
                            space = _ascii_space(chars.data.data, chars.data.length)
                            if (
                                space == SPACE_UNKNOWN
                                or n_pieces
                                or space == SPACE_NO
                                or mask & self.in_pre
                            ):
                                text = _decode(chars.data.data, chars.data.length)
                                if space == SPACE_UNKNOWN:
                                    space = SPACE_YES if (<str>text).isspace() else SPACE_NO
                                if space == SPACE_NO and not n_pieces and mask & self.in_pre:
                                    self._code_line(len(out), blanks, lead, <str>text, code_lines)
                                    lead = ""
                                    blanks = 0
                                if space == SPACE_NO or n_pieces:
                                    if n_pieces == pieces_size:
                                        pieces_size *= 2
                                        masks_grown = <int64_t *>realloc(
                                            masks, pieces_size * sizeof(int64_t)
                                        )
                                        if masks_grown == NULL:
                                            raise MemoryError
                                        masks = masks_grown
                                    pieces.append(text)
                                    # spacing says nothing about the block
                                    masks[n_pieces] = mask if space == SPACE_NO else SPACING
                                    n_pieces += 1
                                elif mask & self.in_pre:
                                    lead = self._indent(lead, <str>text)
                elif tid != self.comment_id:  # an element: under <html>, others are comments
                    packed = self.flags[tid] if tid < <uintptr_t>self.n_flags else self.f_inline
                    if packed & self.f_meta:
                        self.collect_meta(_wrap(node, parser), self.meta_names[tid], sources)
                    own = packed & self.f_bits
                    names = ()
                    flags = 0
                    if (
                        not packed & (self.f_skip | self.f_no_attrs)
                        and node.type == NODE_ELEMENT
                        and (<LxbElement *>node).first_attr != NULL
                    ):
                        bits = 0
                        names = self._attributes(<LxbElement *>node, &bits, &flags)
                        own |= bits
                    if not packed & self.f_skip:
                        tag = packed >> self.f_rule_shift & self.f_rule_mask
                        if (
                            not packed & self.f_owner
                            and (flags & self.rule_flags or tag == self.tag_cut)
                            and self.off_main(tag, flags, n_open) == self.cut
                        ):
                            own |= self.off_main_bit
                        if packed & self.f_boundary:
                            if n_pieces:
                                self._emit(pieces, masks, kind, depth, top, top, out)
                                n_pieces = 0
                            lead = ""
                            blanks = 0
                        child = NULL if packed & self.f_void else node.first_child
                        if child != NULL:
                            is_owner = (packed & self.f_owner) != 0
                            if n_open == open_size:
                                open_size *= 2
                                grown = <Open *>realloc(stack, open_size * sizeof(Open))
                                if grown == NULL:
                                    raise MemoryError
                                stack = grown
                            stack[n_open].node = node
                            stack[n_open].mask = mask
                            stack[n_open].top = top
                            stack[n_open].kind = kind
                            stack[n_open].depth = depth
                            stack[n_open].is_owner = is_owner
                            n_open += 1
                            if is_owner:
                                kind = packed >> self.f_kind_shift & self.f_kind_mask
                                depth = min(n_open, self.max_depth)
                            parents.append(top)
                            tokens.append(names)
                            tags.append(tid)
                            if tag == self.tag_footer and self._last_in_section(node):
                                flags |= self.last_in_section
                            rules.append(flags | tag << self.tag_shift)
                            top = len(parents) - 1
                            mask |= own
                            node = child
                            continue
                # nothing to enter: move on, closing every element left on the way up
                while True:
                    if node.next != NULL:
                        node = node.next
                        break
                    if n_open == 0:
                        node = NULL
                        break
                    n_open -= 1
                    node = stack[n_open].node
                    mask = stack[n_open].mask
                    closing = top
                    top = stack[n_open].top
                    if stack[n_open].is_owner:
                        lead = ""
                        blanks = 0
                        if n_pieces:
                            self._emit(pieces, masks, kind, depth, top, closing, out)
                            n_pieces = 0
                        kind = stack[n_open].kind
                        depth = stack[n_open].depth
            if n_pieces:
                self._emit(pieces, masks, kind, depth, top, top, out)
        finally:
            free(stack)
            free(masks)

    cdef object _attributes(self, LxbElement *element, int64_t *bits, int64_t *rules):
        """``_attributes`` of segment/html.py on the element's attributes: sets ``bits``
        and ``rules``, returns the class/id name hashes."""
        cdef LxbAttr *found[32]
        cdef unsigned int present = 0
        cdef LxbAttr *attr = element.first_attr
        cdef const unsigned char *name
        cdef size_t length = 0
        cdef uintptr_t name_id
        cdef Py_ssize_t i
        cdef object value
        cdef object names = ()
        # the last attribute of each name wins, as in selectolax's dict
        while attr != NULL:
            name = _name_of(attr, &length)
            if name == NULL:
                name_id = _name_id(attr)
                for i in range(self.n_names):
                    if self.name_ids[i] == name_id:
                        found[i] = attr
                        present |= (<unsigned int>1) << i
                        break
            else:
                for i in range(self.n_names):
                    if self.name_lengths[i] == length and memcmp(
                        self.name_bytes[i], name, length
                    ) == 0:
                        found[i] = attr
                        present |= (<unsigned int>1) << i
                        break
            attr = attr.next
        if not present:
            return names
        if present & self.rule_names:
            attrs = {}
            for i in range(self.n_names):
                if present & self.rule_names & ((<unsigned int>1) << i):
                    attrs[self.name_strs[i]] = _value_of(found[i])
            rules[0] = self.attribute_rules(attrs)
        if present & ((<unsigned int>1) << A_CLASS):
            value = self._hint_value(found[A_CLASS])
            if value:
                class_bits, names, class_rules = self.value_info(value)
                bits[0] = class_bits
                rules[0] |= class_rules & ~self.id_only
        if present & ((<unsigned int>1) << A_ID):
            value = self._hint_value(found[A_ID])
            if value:
                id_bits, id_names, id_rules = self.value_info(value)
                bits[0] |= id_bits
                names += id_names
                rules[0] |= id_rules & ~self.class_only
        if present & ((<unsigned int>1) << A_ROLE):
            value = self._hint_value(found[A_ROLE])
            if value:
                bits[0] |= self.role_bits(value)
        if present & ((<unsigned int>1) << A_HIDDEN):
            bits[0] |= self.in_hidden
        return names

    cdef object _hint_value(self, LxbAttr *attr):
        """The value's first MAX_HINT_ATTR_CHARS characters (None when it has none). A
        character takes at most 4 bytes, and decoding a byte looks at most 3 bytes ahead,
        so only the first 4 * MAX_HINT_ATTR_CHARS + 4 bytes are decoded."""
        cdef size_t length
        if attr.value == NULL or attr.value.data == NULL:
            return None
        length = min(attr.value.length, <size_t>(4 * self.max_hint_chars + 4))
        return _decode(attr.value.data, length)[: self.max_hint_chars]

    cdef str _indent(self, str lead, str text):
        """``_indent`` of segment/html/walk.py: ``lead`` and the whitespace ``text`` starts
        with, at most MAX_CODE_INDENT characters (only that much of ``text`` is read)."""
        cdef Py_ssize_t room = self.max_indent - len(lead)
        cdef Py_ssize_t n = 0
        cdef Py_ssize_t length = len(text)
        if room <= 0:
            return lead
        while n < room and n < length and Py_UNICODE_ISSPACE(text[n]):
            n += 1
        if n == 0:  # most lines start with their text
            return lead
        return lead + text[:n]

    cdef int _code_line(
        self, Py_ssize_t block, int64_t blanks, str lead, str text, list code_lines
    ) except -1:
        """``_code_line`` of segment/html/walk.py: record a <pre> line with indentation or
        blank lines before it."""
        cdef str indent = self._indent(lead, text)
        if indent or blanks:
            code_lines.append((block, blanks, indent))
        return 0

    cdef bint _last_in_section(self, LxbNode *node):
        """``_last_in_section`` of segment/html.py: whether nothing but text follows the
        element, and each element around it, up to the child of ``<body>``."""
        cdef LxbNode *current = node
        cdef LxbNode *after
        while current != NULL:
            if current.parent == NULL or current.parent.local_name == self.body_id:
                return True
            after = current.next
            if after != NULL and after.local_name == self.text_id:
                after = after.next
            if after != NULL:
                return False
            current = current.parent
        return True

    cdef int _emit(
        self,
        list pieces,
        int64_t *masks,
        int64_t kind,
        int64_t depth,
        int64_t elem,
        int64_t own,
        list out,
    ) except -1:
        """``_emit`` of segment/html.py: end the block made of ``pieces``, then clear them.
        A spacing piece is all whitespace, every other piece is not."""
        cdef Py_ssize_t n = len(pieces)
        cdef Py_ssize_t i
        cdef int64_t block_mask = 0
        cdef int64_t link_chars = 0
        cdef bint every
        for i in range(n):
            if not masks[i] & SPACING:
                block_mask |= masks[i]
        if block_mask & self.in_link:
            for i in range(n):
                if masks[i] & self.in_link and not masks[i] & SPACING:
                    link_chars += _non_space(pieces[i])
        if block_mask & self.in_code:
            every = True
            for i in range(n):
                if not (masks[i] & SPACING or masks[i] & self.in_code):
                    every = False
                    break
            if every:
                kind = self.kind_pre
        if block_mask & self.off_main_bit:
            every = True
            for i in range(n):
                if not (masks[i] & SPACING or masks[i] & self.off_main_bit):
                    every = False
                    break
            if not every:
                block_mask &= ~self.off_main_bit
        out.append(("".join(pieces), kind, depth, block_mask, link_chars, elem, own))
        del pieces[:]
        return 0


cdef int SPACE_NO = 0
cdef int SPACE_YES = 1
cdef int SPACE_UNKNOWN = 2


cdef int _ascii_space(const unsigned char *data, size_t length):
    """Whether text is all whitespace as ``str.isspace`` says, from its UTF-8 bytes: an
    ASCII character decides alone; without one, UNKNOWN when other bytes are left."""
    cdef size_t i
    cdef unsigned char c
    cdef bint other = False
    for i in range(length):
        c = data[i]
        if c >= 0x80:
            other = True
        elif not (c == 0x20 or 0x09 <= c <= 0x0D or 0x1C <= c <= 0x1F):
            return SPACE_NO
    return SPACE_UNKNOWN if other else SPACE_YES


cdef int64_t _non_space(str piece):
    """Non-space characters: the total length of ``piece.split()``."""
    cdef int64_t count = 0
    cdef Py_UCS4 ch
    for ch in piece:
        if not Py_UNICODE_ISSPACE(ch):
            count += 1
    return count
