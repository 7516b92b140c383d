"""Whoosh's ``SegmentWriter`` with three per-posting costs taken out of writing a segment.

A segment's postings are sorted before they are written: Whoosh's ``PostingPool`` keeps
``limitmb`` of them in memory, then writes each full pool to a temporary run file and merges the
runs at the end. At 100k articles a worker's segment holds ~36M postings, dozens of runs, and
every posting was pickled alone on the way out and unpickled alone on the way back (~4.5 µs a
posting under the profiler). ``BatchedPool`` pickles lists of ``BATCH`` postings, and adds a
posting without Whoosh's type checks; the runs, their order and the merge are Whoosh's.

Then, writing each posting, Whoosh reads the document's field length (for the block's length
bounds) from the segment's just-written length column: a seek and a read per posting. The
writer's per-document reader keeps those columns in memory instead (``column_cache``, as a
searcher does).
"""

from __future__ import annotations

import copy
from itertools import islice
from pickle import HIGHEST_PROTOCOL, dump, dumps, load

from whoosh import formats
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from reader.index.analysis import WordAnalyzer
from reader.index.column_cache import loaded_lengths

# Postings per pickle: enough that the per-call cost vanishes, few enough that the merge,
# which holds a batch of every run at once (~50 runs a worker at 100k, a posting up to a few KB
# with its positions), stays small: 4,096 took a worker from 521 to 828 MB there.
BATCH = 512


class BatchedPool(PostingPool):
    def add(self, item) -> None:
        # Whoosh's own, without its type checks (our writer makes the items): the same size
        # estimate, so the runs end where Whoosh's would
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items) -> None:
        try:
            it = iter(items)  # a sorted list, or a merge of runs (``reduce_to``)
            while batch := list(islice(it, BATCH)):
                dump(batch, f, HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


class _Writer(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with a ``BatchedPool`` (the same memory limit) and its field
    lengths read into memory when the postings are written; ``fused``: the text fields index
    through ``fused_schema``, and a commit puts the index's own schema back first (it writes the
    writer's schema into the index)."""

    def __init__(self, ix, *, fused: bool = False, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = BatchedPool(self._tempstorage, self.newsegment, limitmb=self.pool.limit // (1024 * 1024))
        self._own_schema = self.schema
        if fused:
            self.schema = fused_schema(self.schema)

    def commit(self, *args, **kwargs):
        self.schema = self._own_schema
        return super().commit(*args, **kwargs)

    def per_document_reader(self):
        pdr = super().per_document_reader()
        if isinstance(getattr(pdr, "_readers", None), dict) and hasattr(pdr, "_cached_reader"):
            pdr._cached_reader = loaded_lengths(pdr, pdr._cached_reader)
            pdr.doc_field_length = _lengths_from(pdr)
        return pdr


def segment_writer(ix, *, fused: bool = False, **kwargs) -> SegmentWriter:
    """A writer for ``ix`` as ``SegmentWriter(ix, **kwargs)``, with this module's changes
    (``fused``: see ``_Writer``)."""
    return _Writer(ix, fused=fused, **kwargs)


def _lengths_from(pdr):
    """``pdr.doc_field_length`` with each field's length column looked up once: the posting
    writer asks it for every posting."""
    columns: dict = {}
    whooshs = pdr.doc_field_length

    def doc_field_length(docnum, fieldname, default=0):
        column = columns.get(fieldname)
        if column is None:
            column = columns[fieldname] = pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) or False
        if column is False:  # no lengths kept for the field
            return whooshs(docnum, fieldname, default)
        lbyte = column[docnum]
        return byte_to_length(lbyte) if lbyte else default

    return doc_field_length


def fused_schema(schema):
    """A copy of ``schema`` whose text fields with positions and characters (the bodies) index
    in one loop: the words' spans straight from ``WordAnalyzer.spans`` into Whoosh's encoding,
    without a ``Token`` per word and the generators between (``Characters.word_values``,
    ``FieldType.index``). The postings are byte for byte Whoosh's (tested)."""
    fused = copy.copy(schema)
    fused._fields = dict(schema._fields)
    for name, field in schema._fields.items():
        if type(field.format) is formats.Characters and type(field.analyzer) is WordAnalyzer:
            twin = copy.copy(field)
            twin.index = _fused_index(field)
            fused._fields[name] = twin
    return fused


def _fused_index(field):
    spans = field.analyzer.spans
    boost = field.format.field_boost
    whooshs = field.index

    def index(value, **kwargs):
        if kwargs or not isinstance(value, str):
            yield from whooshs(value, **kwargs)
            return
        seen: dict[str, list] = {}
        for text, pos, start, end in spans(value):
            found = seen.get(text)
            if found is None:
                seen[text] = [(pos, start, end)]
            else:
                found.append((pos, start, end))
        for text, places in seen.items():  # Characters.encode: deltas, pickled
            deltas = []
            posbase = charbase = 0
            for pos, start, end in places:
                deltas.append((pos - posbase, start - charbase, end - start))
                posbase, charbase = pos, end
            n = len(places)
            yield text.encode("utf-8"), n, float(n) * boost, pack_uint(n) + dumps(deltas, 2)

    return index
