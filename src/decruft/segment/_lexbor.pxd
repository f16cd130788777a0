# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Lexbor's structs as selectolax's extension lays them out, and the node and attribute
readers over them that the compiled walk shares (``from decruft.segment._lexbor cimport``):
the inline ones are here, the others and the start-up check (``layout_ok``) in
``_lexbor.pyx``.

Lexbor's C functions cannot be called from here: selectolax's extension is loaded with
RTLD_LOCAL, so its symbols do not resolve from another extension, and its .pxd needs
Lexbor's headers, which its wheel does not ship. So the structs are restated below, field
by field, as Lexbor 3.1 (bundled by selectolax 1.0.x) lays them out (``LEXBOR_VERSION`` of
``_lexbor.pyx``), and ``layout_ok`` checks them against selectolax's Python API on a probe
document before any walk: another Lexbor or selectolax version makes segment/html.py run
its Python walk instead.
"""

from cpython.object cimport PyObject
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t

# --- Lexbor's structs ---------------------------------------------------------------------

cdef struct LxbStr:  # lexbor_str_t
    const unsigned char *data
    size_t length

cdef struct LxbNode:  # lxb_dom_node_t
    void *events  # lxb_dom_event_target_t
    uintptr_t local_name  # the tag id of elements, text and comments
    uintptr_t prefix
    uintptr_t ns
    void *owner_document
    LxbNode *next
    LxbNode *prev
    LxbNode *parent
    LxbNode *first_child
    LxbNode *last_child
    void *user
    unsigned int type  # lxb_dom_node_type_t

cdef struct LxbCharacterData:  # lxb_dom_character_data_t (text and comment nodes)
    LxbNode node
    LxbStr data

cdef struct LxbAttr  # lxb_dom_attr_t

cdef struct LxbElement:  # lxb_dom_element_t
    LxbNode node
    uintptr_t upper_name
    uintptr_t qualified_name
    LxbStr *is_value
    LxbAttr *first_attr
    LxbAttr *last_attr
    LxbAttr *attr_id
    LxbAttr *attr_class
    unsigned int custom_state

cdef struct LxbAttr:
    LxbNode node  # node.local_name: the attribute's name id
    uintptr_t upper_name
    uintptr_t qualified_name  # set (non-zero) when the name as written is kept apart
    LxbStr *value
    LxbElement *owner
    LxbAttr *next
    LxbAttr *prev

# lexbor_hash_entry_t: an attribute name made at parse time; ``attr_id`` values at or above
# STATIC_NAME_LIMIT are the address of one (lxb_dom_attr_data_t starts with it). Names of at
# most LEXBOR_HASH_SHORT_SIZE bytes are stored in the entry itself.
cdef union LxbHashName:
    const unsigned char *long_str
    unsigned char short_str[17]

cdef struct LxbHashEntry:
    LxbHashName u
    size_t length
    LxbHashEntry *next

cdef enum:
    HASH_SHORT_SIZE = 16
    # Names Lexbor knows in advance (class, id, style, ...) have small ids (below
    # LXB_DOM_ATTR__LAST_ENTRY, a few hundred); the others are addresses.
    STATIC_NAME_LIMIT = 0x10000
    NODE_ELEMENT = 1
    NODE_TEXT = 3

# selectolax's LexborNode object (selectolax/lexbor.pxd): its vtable, the node, the parser
# and two flags.
cdef extern from *:
    """
    typedef struct {
        PyObject_HEAD
        void *vtab;
        void *node;
        PyObject *parser;
        int is_fragment_root;
        int is_template_content;
    } DecruftLexborNodeObject;
    """
    ctypedef struct DecruftLexborNodeObject:
        void *node
        PyObject *parser
        int is_fragment_root
        int is_template_content


# --- readers of nodes and attributes --------------------------------------------------------

cdef inline LxbNode *_node_of(object node):
    return <LxbNode *>(<DecruftLexborNodeObject *><PyObject *>node).node


cdef inline str _decode(const unsigned char *data, size_t length):
    """Text as selectolax decodes it: UTF-8, undecodable bytes as U+FFFD."""
    return PyUnicode_DecodeUTF8(<const char *>data, <Py_ssize_t>length, "replace")


cdef inline const unsigned char *_name_of(LxbAttr *attr, size_t *length):
    """The bytes of an attribute's name as selectolax reports it (the name as written
    when Lexbor keeps it, else the lowercased one); NULL for a name Lexbor knows in
    advance, whose id says it."""
    cdef uintptr_t name_id = attr.qualified_name
    cdef LxbHashEntry *entry
    if name_id == 0:
        name_id = attr.node.local_name
    if name_id < STATIC_NAME_LIMIT:
        return NULL
    entry = <LxbHashEntry *>name_id
    length[0] = entry.length
    if entry.length <= HASH_SHORT_SIZE:
        return entry.u.short_str
    return entry.u.long_str


cdef inline uintptr_t _name_id(LxbAttr *attr):
    return attr.qualified_name if attr.qualified_name != 0 else attr.node.local_name


# in _lexbor.pyx
cdef object _wrap(LxbNode *node, object parser)
cdef object _value_of(LxbAttr *attr)
cdef dict _static_ids(tuple names)
