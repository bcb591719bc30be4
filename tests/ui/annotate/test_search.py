"""Search as you type, off the GUI thread, and opening a result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reader.library import Library
from reader.search import SearchHit
from ui.annotate import SearchPanel
from ui.annotate.search import HitRole, snippet_html
from ui.articles.model import short_date

from .conftest import add_articles


def test_typing_shows_ranked_results_with_bold_matches_and_enter_opens_one(qtbot: Any, library: Library) -> None:
    articles = add_articles(library, 3)
    h = library.highlight_quote(articles[1].id, "winter repairs", note="Lighthouse budget overrun")
    panel = SearchPanel(library)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.box.resultsReady, timeout=10000) as blocker:
        QTest.keyClicks(panel.box, "lighthouse")
    query, hits = blocker.args
    assert query == "lighthouse"
    assert [(x.kind, x.highlight_id) for x in hits] == [("highlight", h.id)]
    hit = panel.model.index(0).data(HitRole)
    assert "<b>" in snippet_html(hit).lower() and "lighthouse" in snippet_html(hit).lower()
    with qtbot.waitSignal(panel.openResult) as opened:
        QTest.keyClick(panel.box, Qt.Key.Key_Return)
    assert opened.args == [articles[1].id, h.id]


def test_article_results_and_nothing_found(qtbot: Any, library: Library) -> None:
    articles = add_articles(library, 2)
    panel = SearchPanel(library)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.box.resultsReady, timeout=10000) as blocker:
        panel.box.setText("commuters tourists")
    hits = blocker.args[1]
    assert {x.article_id for x in hits} == {a.id for a in articles}
    assert all(x.kind == "article" for x in hits)
    with qtbot.waitSignal(panel.box.resultsReady, timeout=10000):
        panel.box.setText("zeppelin")
    assert panel.model.rowCount() == 0
    assert "Nothing matches" in panel.status.text()


def test_a_stale_result_never_replaces_a_newer_query(qtbot: Any, library: Library) -> None:
    add_articles(library, 2)
    panel = SearchPanel(library)
    qtbot.addWidget(panel)
    shown: list[str] = []
    panel.box.resultsReady.connect(lambda q, _h: shown.append(q))
    panel.box.setText("ferry")
    panel.box.search_now()  # in flight...
    stale_generation = panel.box.generation
    with qtbot.waitSignal(panel.box.resultsReady, timeout=10000):
        panel.box.setText("officials")  # ...and typed over before it reports
    assert shown[-1] == "officials"
    assert "ferry" not in shown
    # A late answer for the old generation is dropped.
    late = SearchHit("article", "x", None, 1.0, "Old", "ferry", ((0, 5),))
    panel.box._done(stale_generation, "ferry", [late])
    assert shown[-1] == "officials" and panel.model.rowCount() > 0
    assert all(panel.model.index(r).data(HitRole).article_id != "x" for r in range(panel.model.rowCount()))


def test_copies_of_one_story_are_told_apart_by_feed_date_and_what_matched(qtbot: Any, library: Library) -> None:
    wire = add_articles(library, 1, feed_title="Wire Service", url="https://wire.example/feed.xml")[0]
    local = add_articles(library, 1, feed_title="Harbour Times", hours_ago=24 * 40)[0]
    library.highlight_quote(local.id, "winter repairs", note="Ask the ferry company")
    panel = SearchPanel(library)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.box.resultsReady, timeout=10000):
        panel.box.setText("ferry")
    shown = {}
    for row in range(panel.model.rowCount()):
        hit = panel.model.index(row).data(HitRole)
        shown[(hit.article_id, hit.kind)] = panel.model.index(row).data()
    # The wire copy is dated by its page (2 Mar); the local one's page date is ignored (after its feed's).
    wire_day, local_day = short_date(library.article(wire.id).date), short_date(local.date)
    assert wire_day != local_day
    assert f"(Wire Service · {wire_day} · in title, text, captions)" in shown[(wire.id, "article")]
    assert f"(Harbour Times · {local_day} · in title, text, captions)" in shown[(local.id, "article")]
    assert f"(Harbour Times · {local_day} · in note)" in shown[(local.id, "highlight")]
