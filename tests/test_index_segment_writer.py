"""``segment_writer`` (batched pool runs, field lengths in memory while the postings are
written) writes the same index as Whoosh's own ``SegmentWriter``: every term's postings (ids,
weights, values), every stored field and every field length — with a pool small enough that
the postings go through many run files, and through Whoosh's merging of runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from reader.content.rules import load_rules
from reader.index import segment_writer as sw
from reader.index import storage
from reader.index.writing import clean_one
from conftest import REPO_ROOT


def _docs() -> list[dict]:
    rules = load_rules(None)
    docs = []
    for path in sorted(p for p in (REPO_ROOT / "content").rglob("*") if p.is_file()):
        rel = path.relative_to(REPO_ROOT / "content").as_posix()
        result = clean_one(path, rel, rel.rsplit(".", 1)[0], rules)
        assert not isinstance(result, str), result
        docs.extend(result.docs)
    return docs


def _write(index_dir: Path, make, docs: list[dict]) -> None:
    ix = storage.reset(index_dir)
    w = make(ix)
    for doc in docs:
        w.add_document(**doc)
    w.commit()


def _everything(index_dir: Path) -> tuple:
    ix = storage.open_index(index_dir)
    with ix.reader() as r:
        postings = {(fieldname, text): list(_walk(r.postings(fieldname, text)))
                    for fieldname, text in r.all_terms()}
        stored = [r.stored_fields(d) for d in r.all_doc_ids()]
        scored = r.schema.scorable_names()
        lengths = [[r.doc_field_length(d, f) for f in scored] for d in r.all_doc_ids()]
    return postings, stored, lengths


def _walk(m):
    while m.is_active():
        yield m.id(), m.weight(), m.value()
        m.next()


@pytest.mark.parametrize("fused", [False, True])
@pytest.mark.parametrize("limitmb", [128, 0.05])
def test_the_same_index_as_whooshs_writer(tmp_path, monkeypatch, limitmb, fused):
    docs = _docs()
    runs = []
    write_run = sw.BatchedPool._write_run

    def counted(self, f, items):
        runs.append(1)
        return write_run(self, f, items)

    monkeypatch.setattr(sw.BatchedPool, "_write_run", counted)
    # maxfiles: the merge of many runs goes through Whoosh's reduce_to (runs of runs)
    items = sw.BatchedPool.items
    monkeypatch.setattr(sw.BatchedPool, "items", lambda self, maxfiles=128: items(self, maxfiles=4))

    def ours(ix):
        w = sw.segment_writer(ix, fused=fused)
        assert ("index" in vars(w.schema["body"])) is fused
        w.pool.limit = int(limitmb * 1024 * 1024)
        return w

    def whooshs(ix):
        w = SegmentWriter(ix)
        w.pool.limit = int(limitmb * 1024 * 1024)
        return w

    _write(tmp_path / "ours", ours, docs)
    _write(tmp_path / "whooshs", whooshs, docs)
    if limitmb < 1:
        assert len(runs) > 8  # many runs, merged 4 at a time
    else:
        assert not runs  # the seeds fit in memory: sorted there, as Whoosh does
    a, b = _everything(tmp_path / "ours"), _everything(tmp_path / "whooshs")
    assert a[0] and a[0] == b[0]
    assert a[1] == b[1] and a[2] == b[2]
    # the index keeps its own schema (the fused copy's functions never reach the TOC)
    schema = storage.open_index(tmp_path / "ours").schema
    assert storage.signature(schema) == storage.signature(storage.open_index(tmp_path / "whooshs").schema)
    assert not any("index" in vars(schema[name]) for name in schema.names())


def test_the_fused_fields_are_the_bodies_and_index_as_whooshs(tmp_path):
    """Every text field with characters is fused; for each seed body its (bytes, frequency,
    weight, value) items are Whoosh's own, in order."""
    ix = storage.reset(tmp_path / "ix")
    fused = sw.fused_schema(ix.schema)
    names = [n for n in ix.schema.names() if "index" in vars(fused[n])]
    assert "body" in names
    for doc in _docs():
        for name in names:
            if doc.get(name):
                assert list(fused[name].index(doc[name])) == list(ix.schema[name].index(doc[name]))
