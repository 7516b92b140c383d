"""CSS selection on BeautifulSoup trees: soupsieve's meaning, at a fraction of its cost.

Cleaning a page runs a few hundred selectors (a rule's drops, every comment's author, date and
text alternatives), and soupsieve sets up a matcher and walks the whole tree for each: that
was most of the cleaning time. Here a selector is parsed by soupsieve (so it means exactly
what it meant) and its parsed form is compiled once into plain Python tests, run only on the
elements of the page's index (``html_index``) that carry the key of the selector's last part
and lie inside the element searched, each checked to be still there (comments are taken out
and boilerplate dropped between selections). Selectors using what is not compiled here
(``:contains()``, ``:lang()``, ``:checked``, namespaces, ``nth-child(… of S)``) are run by
soupsieve itself.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any, Callable

import soupsieve
from bs4 import BeautifulSoup, Tag
from soupsieve import css_types as ct

from reader.content.html_index import (
    Bucket,
    attr_value,
    classes_of,
    descendant_tags,
    index_of,
    is_template,
    lower,
    next_tag,
    parent_of,
    prev_tag,
    still_under,
    tag_children,
    template_descendants,
)

Test = Callable[[Tag, Any], bool]  # (element, scope) → matches
# Bumped by every selection: the caches of relation tests hold for one selection only (the
# tree may change between two).
_GENERATION = [0]


class Unsupported(Exception):
    """A selector feature not compiled here: soupsieve runs that selector."""


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
            want = lower(tag.name)
            checks.append(lambda el, scope, want=want: el.name is not None and (el.name == want or lower(el.name) == want))
    if sel.flags & ct.SEL_SCOPE:
        checks.append(lambda el, scope: el is scope)
    for n in sel.nth:
        checks.append(_compile_nth(n))
    for ident in sel.ids:
        checks.append(lambda el, scope, ident=ident: ident == (attr_value(el, "id") or ""))
    if sel.classes:
        wanted = tuple(sel.classes)
        def has_classes(el: Tag, scope: Any) -> bool:
            have = classes_of(el)
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
    name = lower(a.attribute)
    pattern, ignore_case, inverse = a.pattern, a.ignore_case, a.inverse

    def test(el: Tag, scope: Any) -> bool:
        value = attr_value(el, name)
        if value is None:
            return bool(inverse)
        if pattern is None:
            return True
        text = value if isinstance(value, str) else " ".join(value)
        if ignore_case:
            text = lower(text)
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
            parent = parent_of(el)
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
                parent = parent_of(parent)
            for key in path:
                cache[key] = found
            return found
        return ancestor
    if kind == ">":
        return lambda el, scope: (p := parent_of(el)) is not None and other(p, scope)
    if kind == "~":
        def earlier(el: Tag, scope: Any) -> bool:
            sib = prev_tag(el)
            while sib is not None:
                if other(sib, scope):
                    return True
                sib = prev_tag(sib)
            return False
        return earlier
    if kind == "+":
        return lambda el, scope: (s := prev_tag(el)) is not None and other(s, scope)
    if kind == ": ":
        return lambda el, scope: any(other(d, scope) for d in descendant_tags(el))
    if kind == ":>":
        return lambda el, scope: not is_template(el) and any(other(c, scope) for c in tag_children(el))
    if kind == ":~":
        def later(el: Tag, scope: Any) -> bool:
            sib = next_tag(el)
            while sib is not None:
                if other(sib, scope):
                    return True
                sib = next_tag(sib)
            return False
        return later
    if kind == ":+":
        return lambda el, scope: (s := next_tag(el)) is not None and other(s, scope)
    raise Unsupported(f"combinator {kind!r}")


def _keys(sel: Any) -> list[tuple[str, str]]:
    """Index buckets that each hold every match of ``sel``: its id, classes, tag name and
    attribute names (the smallest bucket of a page is searched)."""
    keys = [("id", i) for i in sel.ids] + [("class", c) for c in sel.classes]
    if sel.tag is not None and sel.tag.name not in (None, "*"):
        keys.append(("tag", lower(sel.tag.name)))
    keys += [("attr", lower(a.attribute)) for a in sel.attributes if not a.inverse]
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
        index = index_of(root) if self.keys is not None else None
        first = index.pos.get(id(root)) if index is not None else None
        if index is None or first is None or is_template(root):
            # Unindexed (a new tree, a template's contents) or a selector with no key.
            test = self.test
            yield from ((el, test) for el in (template_descendants(root) if is_template(root) else descendant_tags(root)))
            return
        last = index.last_pos(root)
        picked: list[tuple[int, int, Tag]] = []
        empty = Bucket()
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
            if still_under(el, root):
                if j == i + 1:
                    yield el, tests[n]
                else:
                    group = [tests[m] for _, m, _ in picked[i:j]]
                    yield el, (lambda e, scope, group=group: any(t(e, scope) for t in group))
            i = j


def _scope(root: Tag) -> Tag | None:
    if isinstance(root, BeautifulSoup):
        return next((c for c in root.contents if isinstance(c, Tag)), None)
    return root


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
