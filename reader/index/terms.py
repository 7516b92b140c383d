"""Each field's terms, sorted, with their document frequencies: loaded once per index reader and
reused by every prefix, wildcard and fuzzy expansion of that reader.

Whoosh expands ``wil*`` and ``word~`` by walking its on-disk term dictionary, one seek and read
per term and per segment, and an index of several segments merges the walks term by term
(``MultiReader``): ~20 µs a term, and a fuzzy term walks every term with its first letter.
Here a field's terms are read per first character (a *bucket*: one read of the segment's
term file, parsed in one loop), merged across segments once, and kept on the reader object:
a prefix is two bisects, a fuzzy term an edit-distance check of the bucket's words of about
the right length. A new reader (after a commit: ``Searcher.refresh``) starts empty, so the
lists never outlive the index they were read from.

Memory is bounded: at most ``MAX_TERMS`` terms stay cached per reader, the least recently used
buckets going first (~75 bytes a term: a str, a 4-byte frequency and, once a fuzzy term
looked at the bucket, a 4-byte letter mask).
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from whoosh.support.levenshtein import distance

MAX_TERMS = 1_000_000
_ATTR = "_reader_term_lists"
_LENGTHS = struct.Struct("!ii")  # Whoosh's hash-file record header: key length, value length
_USHORT = struct.Struct("!H")  # the field number before every key of a W3 term file
_DOC_FREQ = struct.Struct("!I")  # a W3 term info: flags (B), weight (f), doc frequency (I), ...
_DOC_FREQ_AT = 5


@dataclass
class Bucket:
    """The terms of one field starting with one character: sorted, with doc frequencies."""

    terms: list[str]
    dfs: array = field(default_factory=lambda: array("I"))
    _masks: array | None = None

    def masks(self) -> array:
        """Each term's letter mask (``letters``), made on the first fuzzy look at the bucket."""
        if self._masks is None:
            self._masks = array("I", map(letters, self.terms))
        return self._masks

    def range(self, prefix: str) -> tuple[int, int]:
        """Indexes [lo, hi) of the terms starting with ``prefix``."""
        lo = bisect_left(self.terms, prefix)
        if not prefix:
            return lo, len(self.terms)
        last = ord(prefix[-1])
        if last >= 0x10FFFF:
            return lo, len(self.terms)
        return lo, bisect_left(self.terms, prefix[:-1] + chr(last + 1), lo)


def letters(word: str) -> int:
    """The set of a word's characters as bits (folded to 32: distinct characters may share a
    bit). A letter of one word missing from the other costs at least one edit (a swap moves
    letters, it adds none), so more than ``k`` such bits either way means more than ``k``
    edits: a check of two integers before the edit distance, which is ~15 µs in Python."""
    mask = 0
    for c in set(word):
        mask |= 1 << (ord(c) & 31)
    return mask


def _successor(b: bytes) -> bytes | None:
    """The first byte string after every string starting with ``b``."""
    b = b.rstrip(b"\xff")
    return b[:-1] + bytes([b[-1] + 1]) if b else None


def _leaf_terms(leaf, fieldname: str, first: bytes) -> Iterator[tuple[bytes, int]]:
    """(term bytes, doc frequency) of one segment's terms of ``fieldname`` starting with ``first``.

    Reads Whoosh's W3 term file directly (one read for the range, parsed here): its own term
    iterator costs ~6 µs a term in seeks, reads and ``TermInfo`` objects. Any other codec goes
    the public way."""
    try:
        terms = leaf._terms
        tindex = terms._tindex
        fnum = terms._fieldmap.get(fieldname)
        dbfile = tindex.dbfile
        closest = tindex.closest_key_pos
        end_of_data = tindex.endofdata
    except AttributeError:
        for btext in leaf.expand_prefix(fieldname, first):
            yield btext, leaf.doc_frequency(fieldname, btext)
        return
    if fnum is None:
        return
    head = _USHORT.pack(fnum)
    start = closest(head + first)
    if start is None:
        return
    after = _successor(head + first)
    end = closest(after) if after is not None else None
    if end is None:
        end = end_of_data
    if end <= start:
        return
    buf = dbfile.get(start, end - start)
    unpack_lengths, unpack_df = _LENGTHS.unpack_from, _DOC_FREQ.unpack_from
    off, n = 0, len(buf)
    while off < n:
        keylen, datalen = unpack_lengths(buf, off)
        key = off + _LENGTHS.size
        data = key + keylen
        yield buf[key + _USHORT.size:data], unpack_df(buf, data + _DOC_FREQ_AT)[0]
        off = data + datalen


class TermLists:
    """The term buckets of one index reader (see the module's docstring)."""

    def __init__(self, reader, max_terms: int = MAX_TERMS) -> None:
        self.reader = reader
        self.max_terms = max_terms
        self._buckets: OrderedDict[tuple[str, str], Bucket] = OrderedDict()
        self.cached = 0  # terms held now
        self.loads = 0  # buckets read (a test's way to see the cache reused)

    def bucket(self, fieldname: str, first: str) -> Bucket:
        key = (fieldname, first)
        b = self._buckets.get(key)
        if b is not None:
            self._buckets.move_to_end(key)
            return b
        b = self._load(fieldname, first)
        self.loads += 1
        self._buckets[key] = b
        self.cached += len(b.terms)
        while self.cached > self.max_terms and len(self._buckets) > 1:
            _, old = self._buckets.popitem(last=False)
            self.cached -= len(old.terms)
        return b

    def _load(self, fieldname: str, first: str) -> Bucket:
        leaves = [leaf for leaf, _ in self.reader.leaf_readers()]
        fb = first.encode("utf-8")
        if len(leaves) == 1:
            pairs = list(_leaf_terms(leaves[0], fieldname, fb))  # already sorted, no duplicates
        else:
            merged: dict[bytes, int] = {}
            for leaf in leaves:
                for btext, df in _leaf_terms(leaf, fieldname, fb):
                    merged[btext] = merged.get(btext, 0) + df
            pairs = sorted(merged.items())
        # the UTF-8 order of the bytes is the code point order of the str: still sorted
        return Bucket([b.decode("utf-8") for b, _ in pairs],
                      array("I", (df for _, df in pairs)))

    # -- expansions -----------------------------------------------------------------------------

    def with_prefix(self, fieldname: str, prefix: str) -> Iterator[tuple[str, int]]:
        """(term, doc frequency) of the terms starting with ``prefix`` (not empty), in order."""
        b = self.bucket(fieldname, prefix[0])
        lo, hi = b.range(prefix)
        terms, dfs = b.terms, b.dfs
        for i in range(lo, hi):
            yield terms[i], dfs[i]

    def within(self, fieldname: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """The terms within ``maxdist`` edits of ``text`` sharing its first ``prefix`` (≥ 1)
        characters: what Whoosh's ``IndexReader.terms_within`` gives (the same distance
        function, Damerau-Levenshtein), in order. A term's length differs from ``text``'s by
        at most its distance, and its ``letters`` differ from ``text``'s by at most as many bits:
        only the terms that pass both are checked."""
        b = self.bucket(fieldname, text[0])
        lo, hi = b.range(text[:prefix])
        n = len(text)
        terms, masks = b.terms, b.masks()
        want = letters(text)
        out = []
        for i in range(lo, hi):
            word = terms[i]
            if abs(len(word) - n) > maxdist:
                continue
            m = masks[i]
            if (m & ~want).bit_count() > maxdist or (want & ~m).bit_count() > maxdist:
                continue
            if distance(word, text, limit=maxdist) <= maxdist:
                out.append(word)
        return out


def lists_for(reader) -> TermLists | None:
    """The reader's term lists, made on first use and kept on the reader (so a searcher kept
    open reuses them, and a refreshed searcher's new reader starts afresh); None for a reader
    that cannot hold them."""
    lists = getattr(reader, _ATTR, None)
    if lists is None:
        lists = TermLists(reader)
        try:
            setattr(reader, _ATTR, lists)
        except AttributeError:
            return None
    return lists
