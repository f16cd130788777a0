# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Lexbor's nodes read from their structs (``_lexbor.pxd``) by the compiled walk
(``_walk.pyx``), and the start-up check that the structs are laid out as restated there:
``layout_ok`` reads every node of a probe document both ways, from the structs and through
selectolax's Python API, before any walk.
"""

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from libc.stdint cimport uintptr_t

import selectolax.lexbor as _lexbor

# The Lexbor version whose struct layouts _lexbor.pxd restates.
LEXBOR_VERSION = (3, 1)

_NODE_TYPE = _lexbor.LexborNode
_NEW_NODE = _lexbor.LexborNode.__new__


cdef object _wrap(LxbNode *node, object parser):
    """A LexborNode for ``node``, as selectolax's ``LexborNode.new`` makes one."""
    cdef object wrapped = _NEW_NODE(_NODE_TYPE)
    cdef DecruftLexborNodeObject *raw = <DecruftLexborNodeObject *><PyObject *>wrapped
    cdef PyObject *old = raw.parser
    Py_INCREF(parser)
    raw.parser = <PyObject *>parser
    Py_XDECREF(old)
    raw.node = <void *>node
    raw.is_fragment_root = 0
    raw.is_template_content = 0
    return wrapped


cdef object _value_of(LxbAttr *attr):
    """An attribute's value as selectolax reports it (None when it has none)."""
    if attr.value == NULL or attr.value.data == NULL:
        return None
    return _decode(attr.value.data, attr.value.length)


# --- the start-up check ------------------------------------------------------------------

# Markup that holds what the walk reads: nested elements, text with undecodable bytes,
# comments, attributes with and without values, names Lexbor knows and does not know,
# short and long, written in capitals, namespaced (SVG), repeated; <template> content.
_PROBE = (
    b"<!DOCTYPE html><html lang=en><head><title>t\xff</title>"
    b'<meta name="a" content="b"><script type="application/ld+json">{}</script></head>'
    b'<body class="x  y" id=main ROLE=Main hidden data-ad data-advertisement="1" '
    b'data-text-ad="" aria-hidden=true aria-expanded=false style="display:none" rel=next '
    b'itemprop=url data-a-rather-long-attribute-name="v\xfe" class=dup>'
    b"<!-- c --><p>one <b>two</b>\n<br>three\xc3\xa9</p><div><span>x</span>  </div>"
    b'<svg viewBox="0 0 1 1"><use xlink:href="#a" href="#b"/></svg>'
    b"<template><p>in</p></template><pre>a\nb</pre>"
    b"<custom-el Foo=Bar>z</custom-el></body></html>"
)


def layout_ok() -> bool:
    """Whether Lexbor's structs are laid out as restated here, checked node by node on a
    probe document against selectolax's Python API."""
    if (_lexbor.LEXBOR_VERSION_MAJOR, _lexbor.LEXBOR_VERSION_MINOR) != LEXBOR_VERSION:
        return False
    if _NODE_TYPE.__basicsize__ != sizeof(DecruftLexborNodeObject):
        return False
    tree = _lexbor.LexborHTMLParser(_PROBE)
    root = tree.root
    if root is None or type(root) is not _NODE_TYPE:
        return False
    pending = [root]
    while pending:
        node = pending.pop()
        if not _same_node(node, tree):
            return False
        child = node.first_child
        while child is not None:
            pending.append(child)
            child = child.next
    return _static_ids(("class", "id", "role", "data-a-rather-long-attribute-name")) is not None


cdef dict _static_ids(tuple names):
    """The ids of those of ``names`` Lexbor knows in advance, read from an element that has
    every one of them, in the order selectolax lists them (None if that fails)."""
    markup = "<div " + " ".join(f"{name}=v" for name in names) + "></div>"
    probe = _lexbor.LexborHTMLParser(markup).css_first("div")
    if probe is None or <uintptr_t>_node_of(probe) != <uintptr_t>probe.mem_id:
        return None
    keys = list(probe.attributes)
    if sorted(keys) != sorted(names):
        return None
    cdef LxbElement *element = <LxbElement *>_node_of(probe)
    cdef LxbAttr *attr = element.first_attr
    cdef size_t length = 0
    cdef const unsigned char *name
    ids = {}
    for key in keys:
        if attr == NULL or attr.owner != element:
            return None
        name = _name_of(attr, &length)
        if name == NULL:
            ids[key] = _name_id(attr)
        elif _decode(name, length) != key:
            return None
        attr = attr.next
    return ids if attr == NULL else None


cdef inline object _address(LxbNode *node):
    return None if node == NULL else <uintptr_t>node


cdef inline object _mem_id(object node):
    return None if node is None else node.mem_id


cdef bint _same_node(object node, object tree):
    """Whether the struct fields of ``node`` say what selectolax says about it."""
    cdef LxbNode *raw = _node_of(node)
    cdef LxbCharacterData *text
    if <uintptr_t>raw != <uintptr_t>node.mem_id or node.parser is not tree:
        return False
    if raw.local_name != <uintptr_t>node.tag_id:
        return False
    if (
        _address(raw.first_child) != _mem_id(node.first_child)
        or _address(raw.last_child) != _mem_id(node.last_child)
        or _address(raw.next) != _mem_id(node.next)
        or _address(raw.prev) != _mem_id(node.prev)
    ):
        return False
    parent = node.parent
    if parent is not None and _address(raw.parent) != parent.mem_id:
        return False
    if (raw.type == NODE_ELEMENT) != node.is_element_node:
        return False
    if (raw.type == NODE_TEXT) != node.is_text_node:
        return False
    if raw.type == NODE_TEXT:
        expected = node.text_content
        text = <LxbCharacterData *>raw
        if expected is None:
            if text.data.data != NULL:
                return False
        elif text.data.data == NULL or _decode(text.data.data, text.data.length) != expected:
            return False
    if raw.type == NODE_ELEMENT and not _same_attributes(<LxbElement *>raw, node.attributes):
        return False
    wrapped = _wrap(raw, tree)
    return (
        wrapped.mem_id == node.mem_id
        and wrapped.parser is tree
        and wrapped.tag_id == node.tag_id
        and wrapped.html == node.html
    )


cdef bint _same_attributes(LxbElement *element, dict expected):
    """Whether the element's attributes, read from the structs, are ``expected`` (names
    Lexbor knows in advance are not read, only their values)."""
    cdef LxbAttr *attr = element.first_attr
    cdef const unsigned char *name
    cdef size_t length = 0
    items = list(expected.items())
    cdef Py_ssize_t i = 0
    while attr != NULL:
        if i >= len(items) or attr.owner != element:
            return False
        key, value = items[i]
        name = _name_of(attr, &length)
        if name != NULL and _decode(name, length) != key:
            return False
        if _value_of(attr) != value:
            return False
        attr = attr.next
        i += 1
    return i == len(items)
