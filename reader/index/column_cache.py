"""Column readers kept per segment reader, in memory, for as long as the searcher lives.

Every search counts its hits per article and per month from the ``article`` and ``when``
columns (``searching._run``'s facets). Whoosh makes a new column reader each time one is asked
for: a variable-length column then rebuilds its offsets from the lengths, a Python loop over
every document of the segment (~20 ms a search at 10k articles with their comments, more than
the search), and each value is then a seek and a read of the segment file (~5 µs a hit). A
segment never changes once written, so its columns are read once, into memory: ``article``
as its bytes with Whoosh's offsets into them, ``when`` and the field lengths BM25 scores with
as arrays of numbers.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.columns import ColumnReader, NumericColumn, VarBytesColumn

from reader.index.postings import ids_of
from reader.index.schema import KINDS

LOADED = (VarBytesColumn.Reader, NumericColumn.Reader)


def cache_columns(searcher: Any) -> None:
    """Make each leaf reader of ``searcher`` keep the column readers it hands out (idempotent:
    a refreshed searcher re-uses the readers of unchanged segments, caches and all)."""
    for reader, _offset in searcher.reader().leaf_readers():
        if "column_reader" not in vars(reader):
            reader.column_reader = _caching(reader.column_reader)
        perdoc = getattr(reader, "_perdoc", None)  # the field lengths BM25 reads for every hit
        if perdoc is not None and isinstance(getattr(perdoc, "_readers", None), dict) \
                and "_cached_reader" not in vars(perdoc):
            perdoc._cached_reader = loaded_lengths(perdoc, perdoc._cached_reader)


def _caching(make):
    cache: dict[tuple[str, bool], Any] = {}

    def column_reader(fieldname, column=None, reverse=False, translate=True):
        if column is not None or reverse:  # a reversed reader is set up in place: never shared
            return make(fieldname, column, reverse, translate)
        key = (fieldname, translate)
        found = cache.get(key)
        if found is None:
            found = cache[key] = _loaded(make(fieldname, translate=translate))
        return found

    column_reader.cache = cache  # what it holds (tests look)
    return column_reader


def loaded_lengths(perdoc, make):
    def cached_reader(fieldname, column):
        found = perdoc._readers.get(fieldname)
        if found is None or type(found) in LOADED:
            found = make(fieldname, column)  # Whoosh's own, kept in perdoc._readers
            if found is not None:
                found = perdoc._readers[fieldname] = _loaded(found)
        return found

    return cached_reader


def _loaded(creader):
    """``creader`` read into memory, when it is one of the kinds the facets use; a translating
    wrapper keeps its translation around the loaded reader."""
    inner = getattr(creader, "_reader", None)
    if inner is not None and type(inner) in LOADED:  # TranslatingColumnReader
        creader._reader = _loaded(inner)
        return creader
    try:
        if type(creader) is VarBytesColumn.Reader:
            return LoadedBytes(creader)
        if type(creader) is NumericColumn.Reader:
            return Numbers(creader)
    except AttributeError:  # another Whoosh's private layout: its own reader still works
        pass
    return creader


class LoadedBytes(ColumnReader):
    """A variable-length bytes column with its data in memory: Whoosh's own offsets and
    lengths (built once, by its reader) and the values' bytes read in one go; a value is a
    slice, not a seek and a read. Its first use costs what Whoosh's reader cost every search
    (the offsets loop) plus one read; a CLI search, which opens the index once, pays no more."""

    def __init__(self, creader) -> None:
        lengths, offsets = creader._lengths, creader._offsets
        size = (offsets[-1] + lengths[-1]) if len(lengths) else 0
        self._blob = creader._dbfile.get(creader._basepos, size) if size else b""
        self._lengths = lengths
        self._offsets = offsets
        self._doccount = creader._doccount

    def __len__(self) -> int:
        return self._doccount

    def __getitem__(self, docnum: int) -> bytes:
        length = self._lengths[docnum]
        if not length:
            return b""
        offset = self._offsets[docnum]
        return self._blob[offset:offset + length]

    def sort_key(self, docnum: int) -> bytes:
        return self[docnum]

    def __iter__(self):
        blob = self._blob
        for offset, length in zip(self._offsets, self._lengths):
            yield blob[offset:offset + length]


class Numbers(ColumnReader):
    """A numeric column as one array."""

    def __init__(self, creader) -> None:
        count = creader._count
        raw = creader._dbfile.get(creader._basepos, count * creader._fixedlen) if count else b""
        values = array(creader._typecode)
        values.frombytes(raw)
        if values.itemsize > 1 and array("H", [1]).tobytes()[0] == 1:  # stored big-endian ("!")
            values.byteswap()
        if len(values) < creader._doccount:  # the last documents had no value: the default
            try:
                values.extend([creader._default] * (creader._doccount - len(values)))
            except (TypeError, OverflowError):  # a default the array cannot hold: asked for below
                pass
        self._values = values
        self._default = creader._default
        self._doccount = creader._doccount

    @property
    def values(self) -> array:
        """The values, one per document (past the end, if any, the default)."""
        return self._values

    def __len__(self) -> int:
        return self._doccount

    def __getitem__(self, docnum: int):
        if docnum >= len(self._values):
            return self._default
        return self._values[docnum]

    def sort_key(self, docnum: int):
        return self[docnum]

    def __iter__(self):
        yield from self._values
        for _ in range(self._doccount - len(self._values)):
            yield self._default


def is_loaded(reader: Any, field: str) -> bool:
    """Whether ``field``'s column of this segment reader is in memory (read by ``warm`` or an
    earlier use), so that reading it for every match costs no more than a lookup."""
    cache = getattr(reader.column_reader, "cache", None)
    return cache is not None and (field, False) in cache


def has_kind_codes(reader: Any) -> bool:
    return "_reader_kind_codes" in vars(reader)


def kinds_by_frequency(reader: Any) -> list[tuple[int, str]]:
    """The kinds a segment holds, as (code: 1-based place in ``schema.KINDS``, kind), rarest
    first. Every document has one kind, so the last one's documents are all the others': its
    posting list (comments, nine in ten) is the one never worth reading. Kept on the reader
    (a segment's postings never change): six term lookups each search otherwise."""
    found = vars(reader).get("_reader_kinds_by_frequency")
    if found is None:
        present = sorted((reader.doc_frequency("kind", kind), code, kind) for code, kind in enumerate(KINDS, 1)
                         if ("kind", kind) in reader)
        found = reader._reader_kinds_by_frequency = [(code, kind) for _n, code, kind in present]
    return found


def kind_codes(reader: Any) -> bytes:
    """Each document's kind in a segment, as its 1-based place in ``schema.KINDS``, once per
    segment reader. ``kind`` has no column (it is a term per document): the array starts as
    the commonest kind, and only the other kinds' posting lists are read into it."""
    codes = vars(reader).get("_reader_kind_codes")
    if codes is None:
        *rarer, (common, _) = kinds_by_frequency(reader) or [(0, "")]
        found = bytearray([common]) * reader.doc_count_all()
        for code, kind in rarer:
            for docnum in ids_of(reader, "kind", kind):  # deleted ones too: never matched
                found[docnum] = code
        codes = reader._reader_kind_codes = bytes(found)
    return codes


def warm(searcher: Any, fields: tuple[str, ...] = ("article", "when")) -> None:
    """Read the facet columns and the scored fields' lengths of every segment now (a worker
    calls it once the index is ready), so that the first search does not spend its time
    budget reading them: at 100k articles and their comments, ~0.5 s of Python."""
    scored = searcher.schema.scorable_names()
    for reader, _offset in searcher.reader().leaf_readers():
        for field in fields:
            if reader.has_column(field):
                reader.column_reader(field, translate=False)
        kind_codes(reader)
        if reader.doc_count_all():
            for field in scored:
                reader.doc_field_length(0, field)
