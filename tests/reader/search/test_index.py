from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import SearchError
from reader.search import SearchIndex, tokenize
from reader.search import index as index_module


def _fill(ix: SearchIndex) -> None:
    ix.add_article("f-1", "Flooding in Mozambique", "Heavy rains displaced thousands of families.", "", "f")
    ix.add_article("f-2", "Budget talks", "Parliament debated the budget. Floods were mentioned once.", "", "f")
    ix.add_article(
        "f-3",
        "Harvest report",
        "Farmers expect a good harvest this year.",
        "A farmer holds a pangolin. (AP Photo)",
        "f",
    )
    ix.add_highlight("h-1", "f-2", "Parliament debated the budget", "Ask the minister about zebras", ["policy"])


def test_finds_words_in_captions_and_notes_and_marks_them(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        [caption_hit] = ix.search("pangolin")
        assert (caption_hit.kind, caption_hit.article_id) == ("article", "f-3")
        start, end = caption_hit.marks[0]
        assert caption_hit.snippet[start:end] == "pangolin"
        [note_hit] = ix.search("zebras")
        assert (note_hit.kind, note_hit.highlight_id, note_hit.article_id) == ("highlight", "h-1", "f-2")
        assert note_hit.title == "Budget talks"  # a highlight shows its article's title
        assert [note_hit.snippet[s:e] for s, e in note_hit.marks] == ["zebras"]


def test_title_hit_ranks_first(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        for i in range(5):
            ix.add_article(f"f-b{i}", f"Story {i}", f"Some text about rain and flooding number {i}.", "")
        ix.add_article("f-t", "Flooding hits the coast", "Water everywhere in the town today.", "")
        hits = ix.search("flooding")
        assert hits[0].article_id == "f-t"
        assert len(hits) == 6


def test_all_words_must_match_else_any(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        assert {h.article_id for h in ix.search("parliament budget")} == {"f-2"}
        assert [h.article_id for h in ix.search("harvest unicorn")] == ["f-3"]  # none has both
        assert ix.search("unicorn") == []
        assert ix.search("   ,,, ") == []


def test_accents_case_and_scripts(tmp_path: Path) -> None:
    assert tokenize("CAFÉ Straße ﬁnal") == ["cafe", "strasse", "final"]
    with SearchIndex.open(tmp_path) as ix:
        ix.add_article("f-1", "Café society", "Les élèves sont allés à l'école.", "")
        ix.add_article("f-2", "Москва", "Президент выступил с речью.", "")
        ix.add_article("f-3", "東京", "東京で地震があった。", "")
        assert [h.article_id for h in ix.search("cafe ECOLE")] == ["f-1"]
        assert [h.article_id for h in ix.search("президент")] == ["f-2"]
        assert [h.article_id for h in ix.search("地震")] == ["f-3"]


def test_persists_and_replaces_and_removes(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
    with SearchIndex.open(tmp_path) as ix:
        assert not ix.needs_rebuild
        assert [h.article_id for h in ix.search("pangolin")] == ["f-3"]
        ix.add_article("f-3", "Harvest report", "Updated: the harvest failed.", "")  # a new version
        assert ix.search("pangolin") == []
        assert ix.remove_highlight("h-1")
        ix.remove_article("f-1")
        ix.flush()
    with SearchIndex.open(tmp_path) as ix:
        assert ix.search("pangolin") == [] and ix.search("zebras") == [] and ix.search("mozambique") == []
        assert [h.article_id for h in ix.search("failed")] == ["f-3"]
        assert ix.article_ids() == {"f-2", "f-3"}


def test_many_flushes_merge_segments_and_keep_results(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        for batch in range(25):
            for i in range(4):
                ix.add_article(f"f-{batch}-{i}", f"Batch {batch}", f"common word{batch} item{i}", "")
            if batch % 3 == 0:
                ix.remove_article(f"f-{batch}-0")
            ix.flush()
        segments = [p for p in tmp_path.iterdir() if p.suffix == ".gls"]
        assert len(segments) <= index_module.MAX_SEGMENTS
    with SearchIndex.open(tmp_path) as ix:
        assert len(ix.search("common", limit=1000)) == 100 - 9
        assert {h.article_id for h in ix.search("word3")} == {"f-3-1", "f-3-2", "f-3-3"}
        assert {h.article_id for h in ix.search("word4")} == {f"f-4-{i}" for i in range(4)}


def test_missing_index_asks_for_a_rebuild(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path / "new") as ix:
        assert ix.needs_rebuild and ix.problem
        ix.clear()
        _fill(ix)
        ix.flush()
        assert not ix.needs_rebuild


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest", "missing"])
def test_damaged_index_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
    [segment] = [p for p in tmp_path.iterdir() if p.suffix == ".gls"]
    data = bytearray(segment.read_bytes())
    if damage == "flip":
        data[len(data) // 3] ^= 0x40
        segment.write_bytes(bytes(data))
    elif damage == "truncate":
        segment.write_bytes(bytes(data[: len(data) - 20]))
    elif damage == "manifest":
        (tmp_path / "manifest.json").write_text('{"format": 1, "segm', encoding="utf-8")
    else:
        segment.unlink()
    with SearchIndex.open(tmp_path) as ix:
        assert ix.needs_rebuild
        assert "damaged" in (ix.problem or "")
        assert ix.search("pangolin") == []
        ix.clear()
        _fill(ix)
        ix.flush()
    with SearchIndex.open(tmp_path) as ix:
        assert not ix.needs_rebuild
        assert [h.article_id for h in ix.search("pangolin")] == ["f-3"]


def test_damage_found_while_searching_is_reported(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
    ix = SearchIndex.open(tmp_path)
    try:
        [segment] = [p for p in tmp_path.iterdir() if p.suffix == ".gls"]
        segment.write_bytes(segment.read_bytes()[:20])  # cut short under an open index
        with pytest.raises(SearchError, match="damaged"):
            ix.search("pangolin")
        assert ix.needs_rebuild
    finally:
        ix.close()


def test_leftovers_of_a_crash_are_ignored_and_removed(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
    (tmp_path / "seg-00000099.gls.tmp").write_bytes(b"half a segment")
    (tmp_path / "seg-00000098.gls").write_bytes(b"a segment the manifest never named")
    (tmp_path / "manifest.json.tmp").write_bytes(b"{")
    with SearchIndex.open(tmp_path) as ix:
        assert not ix.needs_rebuild
        assert [h.article_id for h in ix.search("pangolin")] == ["f-3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "seg-00000001.gls"]


def test_unflushed_changes_are_searchable(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
        ix.add_article("f-9", "Late news", "A comet was seen.", "")
        ix.remove_article("f-3")
        assert [h.article_id for h in ix.search("comet")] == ["f-9"]
        assert ix.search("pangolin") == []


def test_hostile_input_is_fast_and_harmless(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        ix.add_article("f-1", "x\x1fy", "a" * 200_000 + " needle " + "\x00\ud800 " * 10, "")
        ix.flush()
        assert [h.article_id for h in ix.search("needle")] == ["f-1"]
        assert ix.search("a" * 200_000) == []  # an over-long word is not a term


def test_a_rebuild_leaves_nothing_for_the_garbage_collector_to_walk(tmp_path: Path) -> None:
    """Every object the cyclic collector tracks makes each full collection longer, and a
    full collection stops the GUI thread too: the unflushed buffer of a rebuild (one entry
    per article and one postings row per word) must hold no tracked objects once a
    collection has looked at them."""
    import gc

    with SearchIndex.open(tmp_path) as ix:
        for i in range(200):
            ix.add_article(f"f-{i}", f"Story {i} about rivers", f"Word{i} and the river crossing report {i}.", "", "f")
        gc.collect()
        gc.collect()  # a tuple is let go once its items were: the outer ones on the next pass
        buffer = ix._buffer
        assert buffer.docs and buffer.postings
        tracked = [d for d in buffer.docs.values() if gc.is_tracked(d) or gc.is_tracked(d[0])]
        tracked += [p for p in buffer.postings.values() if gc.is_tracked(p)]
        assert tracked == []
        assert [h.article_id for h in ix.search("word7")] == ["f-7"]


def _segment(directory: Path) -> Path:
    [segment] = [p for p in directory.iterdir() if p.suffix == ".gls"]
    return segment


def test_a_segment_changed_in_the_same_clock_tick_as_its_writing_is_still_noticed(tmp_path: Path) -> None:
    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
        segment = _segment(tmp_path)
        data = bytearray(segment.read_bytes())
        data[len(data) // 3] ^= 0x40
        segment.write_bytes(bytes(data))  # at once: no clock tick may have passed since its writing
    with SearchIndex.open(tmp_path) as ix:
        assert ix.needs_rebuild and "damaged" in (ix.problem or "")


def test_a_copied_index_is_checked_whole_and_then_used(tmp_path: Path) -> None:
    import shutil

    with SearchIndex.open(tmp_path / "a") as ix:
        _fill(ix)
        ix.flush()
    shutil.copytree(tmp_path / "a", tmp_path / "b", copy_function=shutil.copyfile)  # new files, other stamps
    with SearchIndex.open(tmp_path / "b") as ix:
        assert not ix.needs_rebuild and ix.problems() == []
        assert [h.article_id for h in ix.search("pangolin")] == ["f-3"]


def test_damage_that_left_the_files_stamp_alone_is_found_by_the_whole_check(tmp_path: Path) -> None:
    import os

    with SearchIndex.open(tmp_path) as ix:
        _fill(ix)
        ix.flush()
    segment = _segment(tmp_path)
    before = os.stat(segment)
    data = bytearray(segment.read_bytes())
    data[len(data) // 3] ^= 0x40
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a disk's own decay would leave it
    with SearchIndex.open(tmp_path, readonly=True) as ix:
        assert not ix.needs_rebuild  # an open trusts a file its writer left as it was
        [problem] = ix.problems()
        assert "damaged" in problem and "checksum" in problem
