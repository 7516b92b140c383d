"""A term's postings in a segment, read whole from their bytes.

Whoosh reads postings through a matcher: a term-info lookup to make it, a block header read
through the file a few bytes at a time, then a Python call per posting. The searches that
read a term's postings whole (``bulk``, and the counts per kind and per article of
``counting`` and ``column_cache``) read them here in one go: ~20 µs for an article's
postings on the 1k tier, against ~80 µs through Whoosh's matcher.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from io import BytesIO
from itertools import accumulate

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

_INT = struct.Struct("!i")  # Whoosh's write_int


class Stopped(Exception):
    """``stop()`` turned true while a segment's postings were read (a cancel, the time)."""


@dataclass
class Values:
    """A term's postings' values in a segment, as its blocks were decoded (the character
    positions the snippets need, kept rather than read again for the hits shown)."""

    ids: list[int]  # ascending
    starts: list[int]  # where each block begins in ``ids``
    blocks: list  # each block's values, one per posting

    def get(self, doc: int):
        i = bisect_left(self.ids, doc)
        if i == len(self.ids) or self.ids[i] != doc:
            return None
        b = bisect_right(self.starts, i) - 1
        return self.blocks[b][i - self.starts[b]]


def never() -> bool:
    return False


# How often the reading asks stop(): a block is 128 postings, ~60 µs at 100k; a skip to a
# document, about a block's decoding.
STOP_EVERY_BLOCKS = 8
STOP_EVERY_DOCS = 64


def read(info, reader, fieldname: str, text: bytes, stop=never) -> tuple[list[int], list[float], Values | None]:
    """A term's document numbers (deleted ones too), weights and values, from its term info
    (``reader.term_info``): postings in a Whoosh 3 file read whole (``_w3_postings``), others
    through their matcher, a posting at a time, without their values."""
    postfile = getattr(getattr(reader, "_terms", None), "_postfile", None)
    # postings inlined in the term info are read by their matcher, below (Whoosh 3 writes
    # none: its writer's inlining never fires)
    if postfile is not None and not info.is_inlined():
        offset, length = info.extent()
        found = _w3_postings(postfile, offset, length, stop)
        if found is not None:
            return found
    m = reader.postings(fieldname, text)
    if isinstance(m, FilterMatcher):
        m = m.child
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        if not len(ids) % STOP_EVERY_DOCS and stop():
            raise Stopped
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights, None


def _w3_postings(postfile, offset: int, length: int | tuple[int], stop):
    """A Whoosh 3 posting list's document numbers, weights and values (``Values``; variable
    size values only, as a body's character positions are), from its bytes read in one go.

    ``W3LeafMatcher`` reads each block's header through the file: an int and a pickle read a
    few bytes at a time (a seek and a read each), ~40% of its cost on the 100k tier. The
    layout is its writer's (``W3PostingsWriter._write_block``): the magic, then per block a
    signed length (negative: the last), the pickled block info, and the (maybe compressed)
    pickled (ids as deltas, weights, values). None when the bytes are not that."""
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it as unpack_int's 1-tuple
        length = length[0]
    raw = postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    buf = BytesIO(raw)
    ids: list[int] = []
    weights: list[float] = []
    starts: list[int] = []
    values: list | None = []
    pos = 4
    blocks = 0
    while pos < len(raw):
        blocks += 1
        if not blocks % STOP_EVERY_BLOCKS and stop():
            raise Stopped
        (size,) = _INT.unpack_from(raw, pos)
        last = size < 0
        end = pos + _INT.size + abs(size)
        buf.seek(pos + _INT.size)
        count, _maxid, _maxweight, compression, _mn, _mx = pickle.load(buf)
        data = raw[buf.tell():end]
        block = pickle.loads(zlib.decompress(data) if compression else data)
        if values is not None:
            if isinstance(block[2], (tuple, list)) and len(block[2]) == count:
                starts.append(len(ids))
                values.append(block[2])
            else:  # fixed-size values, packed in bytes: not kept
                values = None
        ids.extend(accumulate(block[0]))  # each block's deltas start from 0 (delta_encode)
        w = block[1]
        if w is None:
            weights.extend([1.0] * count)
        elif isinstance(w, float):
            weights.extend([w] * count)
        else:
            weights.extend(w)
        if last:
            return ids, weights, (None if values is None else Values(ids, starts, values))
        pos = end
    return None  # no last block: not a list this reads


def ids_of(reader, fieldname: str, text: str | bytes) -> list[int]:
    """The documents (ascending; deleted ones too) a term has in the segment: none when it
    has none."""
    try:
        info = reader.term_info(fieldname, text)
    except TermNotFound:
        return []
    if isinstance(text, str):
        text = reader.schema[fieldname].to_bytes(text)
    return read(info, reader, fieldname, text)[0]
