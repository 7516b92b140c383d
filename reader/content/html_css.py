"""CSS selection on BeautifulSoup trees: soupsieve's meaning, at a fraction of its cost.

Cleaning a page runs a few hundred selectors (a rule's drops, every comment's author, date and
text alternatives), and soupsieve sets up a matcher and walks the whole tree for each: that
was most of the cleaning time. Here a selector is parsed by soupsieve (so it means exactly
what it meant) and its parsed form is compiled once into plain Python tests; a page gets an
index of its elements by id, class and tag name in document order, with each element's span
of descendants, so a selection only tests the elements that carry the key of the selector's
last part and lie inside the element searched.

The tree may change between selections (comments are taken out, boilerplate dropped): every
element found is checked to be still where the index saw it (under the searched element,
not decomposed). Code that renames or moves elements and selects again afterwards calls
``forget(soup)``. Selectors using what is not compiled here (``:contains()``, ``:lang()``,
``:checked``, namespaces, ``nth-child(… of S)``) are run by soupsieve itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any, Callable

import soupsieve
from bs4 import BeautifulSoup, Tag
from soupsieve import css_types as ct

Test = Callable[[Tag, Any], bool]  # (element, scope) → matches
# Bumped by every selection: the caches of relation tests hold for one selection only (the
# tree may change between two).
_GENERATION = [0]
_INDEX = "_reader_css_index"
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NOT_WS = re.compile("[^ \t\r\n\f]+")  # soupsieve's RE_NOT_WS: how it splits a class string


class Unsupported(Exception):
    """A selector feature not compiled here: soupsieve runs that selector."""


def _lower(text: str) -> str:
    return text.translate(_ASCII_UPPER)


# ── navigation, as soupsieve sees the tree ─────────────────────────────────────────────

def _is_template(el: Any) -> bool:
    name = el.name
    return name is not None and len(name) == 8 and _lower(name) == "template"


def _parent(el: Tag) -> Tag | None:
    """The parent element; None at the document or at a <template> (soupsieve's rule)."""
    parent = el.parent
    if parent is None or isinstance(parent, BeautifulSoup):
        return None
    name = parent.name
    if len(name) == 8 and _lower(name) == "template":
        return None
    return parent


def _tag_children(el: Any) -> list[Tag]:
    return [c for c in el.contents if isinstance(c, Tag)]


def _descendant_tags(el: Tag):
    """Tag descendants in document order, not entering <template>s (but yielding them)."""
    stack = list(reversed(_tag_children(el))) if not _is_template(el) else []
    while stack:
        node = stack.pop()
        yield node
        if not _is_template(node):
            stack.extend(reversed(_tag_children(node)))


def _prev_tag(el: Tag) -> Tag | None:
    sib = el.previous_sibling
    while sib is not None and not isinstance(sib, Tag):
        sib = sib.previous_sibling
    return sib


def _next_tag(el: Tag) -> Tag | None:
    sib = el.next_sibling
    while sib is not None and not isinstance(sib, Tag):
        sib = sib.next_sibling
    return sib


def _attr(el: Tag, name: str) -> Any:
    """soupsieve's attribute lookup for HTML: names compared in ASCII lower case."""
    attrs = el.attrs
    if name in attrs:
        value = attrs[name]
        return "" if value is None else value
    for key, value in attrs.items():
        if _lower(key) == name:
            return "" if value is None else value
    return None


def _classes(el: Tag) -> Any:
    classes = _attr(el, "class")
    if classes is None:
        return ()
    if isinstance(classes, str):
        return _split_ws(classes)
    return classes


def _split_ws(text: str) -> list[str]:
    return _NOT_WS.findall(text)


# ── compiling soupsieve's parsed selectors ─────────────────────────────────────────────

def _compile_list(sl: ct.SelectorList) -> Test:
    if sl.is_html:
        raise Unsupported("html-namespaced internal list")
    tests = [_compile_one(s) for s in sl.selectors]
    if not tests:
        return lambda el, scope: False
    if sl.is_not:
        return lambda el, scope: not any(t(el, scope) for t in tests)
    if len(tests) == 1:
        return tests[0]
    return lambda el, scope: any(t(el, scope) for t in tests)


def _compile_one(sel: Any) -> Test:
    if sel is ct.Null or not isinstance(sel, ct.Selector):
        raise Unsupported("null selector")
    if sel.flags & ~ct.SEL_SCOPE or sel.contains or sel.lang:
        raise Unsupported("pseudo-class")
    checks: list[Test] = []
    tag = sel.tag
    if tag is not None:
        if tag.prefix is not None:
            raise Unsupported("namespace")
        if tag.name not in (None, "*"):
            want = _lower(tag.name)
            checks.append(lambda el, scope, want=want: el.name is not None and (el.name == want or _lower(el.name) == want))
    if sel.flags & ct.SEL_SCOPE:
        checks.append(lambda el, scope: el is scope)
    for n in sel.nth:
        checks.append(_compile_nth(n))
    for ident in sel.ids:
        checks.append(lambda el, scope, ident=ident: ident == (_attr(el, "id") or ""))
    if sel.classes:
        wanted = tuple(sel.classes)
        def has_classes(el: Tag, scope: Any) -> bool:
            have = _classes(el)
            return all(c in have for c in wanted)
        checks.append(has_classes)
    for a in sel.attributes:
        checks.append(_compile_attribute(a))
    for sub in sel.selectors:
        checks.append(_compile_list(sub))
    if sel.relation:
        checks.append(_compile_relation(sel.relation))
    if not checks:
        return lambda el, scope: True
    if len(checks) == 1:
        return checks[0]
    return lambda el, scope: all(c(el, scope) for c in checks)


def _compile_attribute(a: Any) -> Test:
    if a.prefix:
        raise Unsupported("attribute namespace")
    name = _lower(a.attribute)
    pattern, ignore_case, inverse = a.pattern, a.ignore_case, a.inverse

    def test(el: Tag, scope: Any) -> bool:
        value = _attr(el, name)
        if value is None:
            return bool(inverse)
        if pattern is None:
            return True
        text = value if isinstance(value, str) else " ".join(value)
        if ignore_case:
            text = _lower(text)
        return pattern.search(text) is not None

    return test


def _compile_nth(n: Any) -> Test:
    if n.selectors:
        raise Unsupported("nth of S")
    a, b, of_type, last = n.a, n.b, n.of_type, n.last

    def test(el: Tag, scope: Any) -> bool:
        parent = el.parent
        if parent is None:
            index = 1
        else:
            siblings = [c for c in parent.contents if isinstance(c, Tag) and (not of_type or c.name == el.name)]
            if last:
                siblings.reverse()
            index = next((i for i, c in enumerate(siblings, 1) if c is el), 0)
        if not index:
            return False
        if a != 0:
            diff = index - b
            return not (diff % a or diff // a < 0)
        return index == b

    return test


def _compile_relation(relation: ct.SelectorList) -> Test:
    kind = relation[0].rel_type
    other = _compile_list(relation)
    if kind == " ":
        # "Some ancestor matches" is shared by siblings and cousins: cached for one selection.
        cache: dict[int, bool] = {}
        generation = [-1]

        def ancestor(el: Tag, scope: Any) -> bool:
            if generation[0] != _GENERATION[0]:
                cache.clear()
                generation[0] = _GENERATION[0]
            path: list[int] = []
            found = False
            parent = _parent(el)
            while parent is not None:
                key = id(parent)
                known = cache.get(key)
                if known is not None:
                    found = known
                    break
                path.append(key)
                if other(parent, scope):
                    found = True
                    break
                parent = _parent(parent)
            for key in path:
                cache[key] = found
            return found
        return ancestor
    if kind == ">":
        return lambda el, scope: (p := _parent(el)) is not None and other(p, scope)
    if kind == "~":
        def earlier(el: Tag, scope: Any) -> bool:
            sib = _prev_tag(el)
            while sib is not None:
                if other(sib, scope):
                    return True
                sib = _prev_tag(sib)
            return False
        return earlier
    if kind == "+":
        return lambda el, scope: (s := _prev_tag(el)) is not None and other(s, scope)
    if kind == ": ":
        return lambda el, scope: any(other(d, scope) for d in _descendant_tags(el))
    if kind == ":>":
        return lambda el, scope: not _is_template(el) and any(other(c, scope) for c in _tag_children(el))
    if kind == ":~":
        def later(el: Tag, scope: Any) -> bool:
            sib = _next_tag(el)
            while sib is not None:
                if other(sib, scope):
                    return True
                sib = _next_tag(sib)
            return False
        return later
    if kind == ":+":
        return lambda el, scope: (s := _next_tag(el)) is not None and other(s, scope)
    raise Unsupported(f"combinator {kind!r}")


def _keys(sel: Any) -> list[tuple[str, str]]:
    """Index buckets that each hold every match of ``sel``: its id, classes, tag name and
    attribute names (the smallest bucket of a page is searched)."""
    keys = [("id", i) for i in sel.ids] + [("class", c) for c in sel.classes]
    if sel.tag is not None and sel.tag.name not in (None, "*"):
        keys.append(("tag", _lower(sel.tag.name)))
    keys += [("attr", _lower(a.attribute)) for a in sel.attributes if not a.inverse]
    return keys


class Compiled:
    """One selector (list): its soupsieve form, and its compiled test when there is one."""

    def __init__(self, css: str) -> None:
        self.sieve = soupsieve.compile(css)  # raises on a bad selector, as soupsieve does
        self.test: Test | None
        self.keys: list[list[tuple[str, str]]] | None  # per selector of the list
        self.tests: list[Test] = []
        try:
            self.test = _compile_list(self.sieve.selectors)
            if not self.sieve.selectors.is_not:
                self.tests = [_compile_one(s) for s in self.sieve.selectors]
            keys = [_keys(s) for s in self.sieve.selectors]
            self.keys = None if not all(keys) or not self.tests else keys
        except Unsupported:
            self.test, self.keys = None, None

    def select(self, root: Tag, limit: int = 0) -> list[Tag]:
        """The elements under ``root`` (not itself) that match, in document order."""
        if self.test is None:
            return list(self.sieve.select(root, limit=limit))
        _GENERATION[0] += 1
        scope = _scope(root)
        found: list[Tag] = []
        for el, test in self._candidates(root):
            if test(el, scope):
                found.append(el)
                if limit and len(found) >= limit:
                    break
        return found

    def match(self, el: Tag) -> bool:
        if self.test is None:
            return bool(self.sieve.match(el))
        if isinstance(el, BeautifulSoup) or not isinstance(el, Tag):
            return False
        _GENERATION[0] += 1
        return self.test(el, el)

    def _candidates(self, root: Tag):
        """(element, the test to run on it): the elements of the index buckets under ``root``,
        each with the selectors of the list whose bucket it came from; else every element."""
        index = _index_of(root) if self.keys is not None else None
        first = index.pos.get(id(root)) if index is not None else None
        if index is None or first is None or _is_template(root):
            # Unindexed (a new tree, a template's contents) or a selector with no key.
            test = self.test
            yield from ((el, test) for el in (_template_descendants(root) if _is_template(root) else _descendant_tags(root)))
            return
        last = index.last_pos(root)
        picked: list[tuple[int, int, Tag]] = []
        empty = _Bucket()
        for n, keys in enumerate(self.keys or ()):
            bucket = index.smallest(keys) or empty
            lo = bisect_right(bucket.positions, first)
            hi = bisect_right(bucket.positions, last)
            picked.extend((p, n, el) for p, el in zip(bucket.positions[lo:hi], bucket.tags[lo:hi]))
        if len(self.keys or ()) > 1:
            picked.sort(key=lambda item: (item[0], item[1]))
        tests = self.tests
        i = 0
        while i < len(picked):
            pos, n, el = picked[i]
            j = i + 1
            while j < len(picked) and picked[j][0] == pos:
                j += 1
            if _still_under(el, root):
                if j == i + 1:
                    yield el, tests[n]
                else:
                    group = [tests[m] for _, m, _ in picked[i:j]]
                    yield el, (lambda e, scope, group=group: any(t(e, scope) for t in group))
            i = j


def _template_descendants(root: Tag):
    # Selecting from a <template> reaches its contents (soupsieve's rule), not nested ones'.
    stack = list(reversed(_tag_children(root)))
    while stack:
        node = stack.pop()
        yield node
        if not _is_template(node):
            stack.extend(reversed(_tag_children(node)))


def _scope(root: Tag) -> Tag | None:
    if isinstance(root, BeautifulSoup):
        return next((c for c in root.contents if isinstance(c, Tag)), None)
    return root


def _still_under(el: Tag, root: Tag) -> bool:
    """``el`` has not been decomposed or taken out from under ``root`` since it was indexed."""
    if "_decomposed" in el.__dict__:
        return False
    parent = el.parent
    while parent is not None:
        if parent is root:
            return True
        name = parent.name
        if len(name) == 8 and _lower(name) == "template":
            return False
        parent = parent.parent
    return False


class _Bucket:
    __slots__ = ("positions", "tags")

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.tags: list[Tag] = []


class _Index:
    """Every element of a document in document order (positions from 1; the document is 0),
    by id, class and tag name; by attribute name when first asked for."""

    def __init__(self, doc: BeautifulSoup) -> None:
        self.doc = doc
        self.buckets: dict[tuple[str, str], _Bucket] = {}
        self.pos: dict[int, int] = {id(doc): 0}
        self.keep: list[Tag] = []  # every element, in order; holds what the ids refer to
        buckets = self.buckets
        keep = self.keep
        pos_of = self.pos
        pos = 0

        def add(key: tuple[str, str]) -> None:
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = _Bucket()
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
                    for c in (_split_ws(classes) if isinstance(classes, str) else classes):
                        add(("class", c))
                ident = attrs.get("id")
                if ident:
                    add(("id", ident))
        self.size = pos

    def bucket(self, key: tuple[str, str]) -> _Bucket | None:
        found = self.buckets.get(key)
        if found is None and key[0] == "attr":
            name = key[1]
            found = self.buckets[key] = _Bucket()
            for n, el in enumerate(self.keep, 1):
                attrs = el.attrs
                if name in attrs or (attrs and any(_lower(k) == name for k in attrs if not k.islower())):
                    found.positions.append(n)
                    found.tags.append(el)
        return found

    def smallest(self, keys: list[tuple[str, str]]) -> _Bucket | None:
        """The smallest bucket of ``keys``; an attribute's bucket (a scan of the page when
        first asked for) only when the id, class and tag buckets are not already small."""
        best: _Bucket | None = None
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


def _document(el: Tag) -> BeautifulSoup | None:
    node: Any = el
    while node.parent is not None:
        node = node.parent
    return node if isinstance(node, BeautifulSoup) else None


def _index_of(root: Tag) -> _Index | None:
    doc = _document(root)
    if doc is None:
        return None
    index = doc.__dict__.get(_INDEX)
    if index is None:
        index = _Index(doc)
        doc.__dict__[_INDEX] = index
    return index


def forget(doc: Tag) -> None:
    """Drop the index of ``doc`` (its elements were renamed or moved)."""
    top = _document(doc) if not isinstance(doc, BeautifulSoup) else doc
    if top is not None:
        top.__dict__.pop(_INDEX, None)


@lru_cache(maxsize=4096)
def compiled(css: str) -> Compiled:
    return Compiled(css)


def select(root: Tag, css: str, limit: int = 0) -> list[Tag]:
    """``root.select(css)`` (raises on a bad selector, as soupsieve does)."""
    return compiled(css).select(root, limit)


def select_one(root: Tag, css: str) -> Tag | None:
    found = compiled(css).select(root, 1)
    return found[0] if found else None


def match(el: Tag, css: str) -> bool:
    """``el.css.match(css)``."""
    return compiled(css).match(el)
