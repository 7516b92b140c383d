"""The elements of a parsed page by id, class, tag and attribute name, for html_css.

One walk over the page lists every element in document order (its position) and files it
under its id, its classes and its tag name; a bucket of elements carrying an attribute is
made when first asked for. html_css finds a selector's candidates in the smallest bucket of
its last part, between the positions of the searched element and of its last descendant
(bisect). The tree may change after the walk: ``still_under`` checks that an element found
was not decomposed or taken out since; code that renames or moves elements and selects
again afterwards calls ``forget``. The navigation helpers follow soupsieve's view of the
tree (names and attributes compared in ASCII lower case; a <template>'s contents apart).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

_INDEX = "_reader_css_index"
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NOT_WS = re.compile("[^ \t\r\n\f]+")  # soupsieve's RE_NOT_WS: how it splits a class string


def lower(text: str) -> str:
    return text.translate(_ASCII_UPPER)


# ── navigation, as soupsieve sees the tree ─────────────────────────────────────────────

def is_template(el: Any) -> bool:
    name = el.name
    return name is not None and len(name) == 8 and lower(name) == "template"


def parent_of(el: Tag) -> Tag | None:
    """The parent element; None at the document or at a <template> (soupsieve's rule)."""
    parent = el.parent
    if parent is None or isinstance(parent, BeautifulSoup):
        return None
    name = parent.name
    if len(name) == 8 and lower(name) == "template":
        return None
    return parent


def tag_children(el: Any) -> list[Tag]:
    return [c for c in el.contents if isinstance(c, Tag)]


def descendant_tags(el: Tag):
    """Tag descendants in document order, not entering <template>s (but yielding them)."""
    stack = list(reversed(tag_children(el))) if not is_template(el) else []
    while stack:
        node = stack.pop()
        yield node
        if not is_template(node):
            stack.extend(reversed(tag_children(node)))


def prev_tag(el: Tag) -> Tag | None:
    sib = el.previous_sibling
    while sib is not None and not isinstance(sib, Tag):
        sib = sib.previous_sibling
    return sib


def next_tag(el: Tag) -> Tag | None:
    sib = el.next_sibling
    while sib is not None and not isinstance(sib, Tag):
        sib = sib.next_sibling
    return sib


def attr_value(el: Tag, name: str) -> Any:
    """soupsieve's attribute lookup for HTML: names compared in ASCII lower case."""
    attrs = el.attrs
    if name in attrs:
        value = attrs[name]
        return "" if value is None else value
    for key, value in attrs.items():
        if lower(key) == name:
            return "" if value is None else value
    return None


def classes_of(el: Tag) -> Any:
    classes = attr_value(el, "class")
    if classes is None:
        return ()
    if isinstance(classes, str):
        return split_ws(classes)
    return classes


def split_ws(text: str) -> list[str]:
    return _NOT_WS.findall(text)


def template_descendants(root: Tag):
    # Selecting from a <template> reaches its contents (soupsieve's rule), not nested ones'.
    stack = list(reversed(tag_children(root)))
    while stack:
        node = stack.pop()
        yield node
        if not is_template(node):
            stack.extend(reversed(tag_children(node)))


def still_under(el: Tag, root: Tag) -> bool:
    """``el`` has not been decomposed or taken out from under ``root`` since it was indexed."""
    if "_decomposed" in el.__dict__:
        return False
    parent = el.parent
    while parent is not None:
        if parent is root:
            return True
        name = parent.name
        if len(name) == 8 and lower(name) == "template":
            return False
        parent = parent.parent
    return False


class Bucket:
    __slots__ = ("positions", "tags")

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.tags: list[Tag] = []


class Index:
    """Every element of a document in document order (positions from 1; the document is 0),
    by id, class and tag name; by attribute name when first asked for."""

    def __init__(self, doc: BeautifulSoup) -> None:
        self.doc = doc
        self.buckets: dict[tuple[str, str], Bucket] = {}
        self.pos: dict[int, int] = {id(doc): 0}
        self.keep: list[Tag] = []  # every element, in order; holds what the ids refer to
        buckets = self.buckets
        keep = self.keep
        pos_of = self.pos
        pos = 0

        def add(key: tuple[str, str]) -> None:
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = Bucket()
            bucket.positions.append(pos)
            bucket.tags.append(el)

        for el in doc.descendants:
            if not isinstance(el, Tag):
                continue
            pos += 1
            pos_of[id(el)] = pos
            keep.append(el)
            add(("tag", el.name))  # the parser gives lower-case names
            attrs = el.attrs
            if attrs:
                classes = attrs.get("class")
                if classes:
                    for c in (split_ws(classes) if isinstance(classes, str) else classes):
                        add(("class", c))
                ident = attrs.get("id")
                if ident:
                    add(("id", ident))
        self.size = pos

    def bucket(self, key: tuple[str, str]) -> Bucket | None:
        found = self.buckets.get(key)
        if found is None and key[0] == "attr":
            name = key[1]
            found = self.buckets[key] = Bucket()
            for n, el in enumerate(self.keep, 1):
                attrs = el.attrs
                if name in attrs or (attrs and any(lower(k) == name for k in attrs if not k.islower())):
                    found.positions.append(n)
                    found.tags.append(el)
        return found

    def smallest(self, keys: list[tuple[str, str]]) -> Bucket | None:
        """The smallest bucket of ``keys``; an attribute's bucket (a scan of the page when
        first asked for) only when the id, class and tag buckets are not already small."""
        best: Bucket | None = None
        for key in keys:
            if key[0] != "attr":
                found = self.buckets.get(key)
                if found is None:
                    return None  # nothing on the page has it: nothing can match
                if best is None or len(found.positions) < len(best.positions):
                    best = found
        if best is not None and len(best.positions) <= 32:
            return best
        for key in keys:
            if key[0] == "attr":
                found = self.bucket(key)
                if found is not None and (best is None or len(found.positions) < len(best.positions)):
                    best = found
        return best

    def last_pos(self, root: Tag) -> int:
        """The position of the last element inside ``root`` as indexed."""
        if root is self.doc:
            return self.size
        node: Any = root
        while True:
            child = next((c for c in reversed(node.contents) if isinstance(c, Tag) and id(c) in self.pos), None)
            if child is None:
                return self.pos.get(id(node), 0)
            node = child


def document_of(el: Tag) -> BeautifulSoup | None:
    node: Any = el
    while node.parent is not None:
        node = node.parent
    return node if isinstance(node, BeautifulSoup) else None


def index_of(root: Tag) -> Index | None:
    doc = document_of(root)
    if doc is None:
        return None
    index = doc.__dict__.get(_INDEX)
    if index is None:
        index = Index(doc)
        doc.__dict__[_INDEX] = index
    return index


def forget(doc: Tag) -> None:
    """Drop the index of ``doc`` (its elements were renamed or moved)."""
    top = document_of(doc) if not isinstance(doc, BeautifulSoup) else doc
    if top is not None:
        top.__dict__.pop(_INDEX, None)


