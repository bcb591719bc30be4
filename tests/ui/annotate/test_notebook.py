"""The notebook: every highlight grouped by article, filters, and opening a highlight."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reader.library import Library
from ui.annotate import NotebookView
from ui.annotate.delegate import ArticleIdRole, IdRole, KindRole

from .conftest import add_articles


def fill(lib: Library) -> dict[str, Any]:
    harbour = add_articles(lib, 3)
    other = add_articles(lib, 1, feed_title="Mountain Post", url="http://127.0.0.1:9/mountain.xml", hours_ago=48)
    made = {
        "ferry": lib.highlight_quote(harbour[0].id, "The ferry crossed", color="yellow", tags=["transport"]),
        "repairs": lib.highlight_quote(harbour[0].id, "winter repairs", color="blue", note="ask about the cost"),
        "tickets": lib.highlight_quote(harbour[1].id, "Tickets", color="green", tags=["transport", "prices"]),
        "mountain": lib.highlight_quote(other[0].id, "Commuters", color="pink"),
    }
    return {"harbour": harbour, "other": other, **made}


def test_grouped_by_article_and_the_tree_model_passes_the_tester(
    qtbot: Any, qtmodeltester: Any, library: Library
) -> None:
    made = fill(library)
    view = NotebookView(library)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0 and view.feed_box.count() == 0  # nothing read until shown
    view.show()
    qtmodeltester.check(view.model)
    model = view.model
    assert model.rowCount() == 3
    # Articles in the order of their newest highlight; inside one, reading order.
    titles = [model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(3)]
    assert titles == [made["other"][0].title, made["harbour"][1].title, made["harbour"][0].title]
    last = model.index(2, 0)
    assert last.data(KindRole) == "article"
    children = [model.index(r, 0, last).data(IdRole) for r in range(model.rowCount(last))]
    assert children == [made["ferry"].id, made["repairs"].id]
    assert "4 highlights in 3 articles" in view.count_label.text()


def test_filters_by_text_colour_tag_feed_and_date(qtbot: Any, library: Library) -> None:
    made = fill(library)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.show()

    def ids() -> set[str]:
        m = view.model
        return {
            m.index(r, 0, m.index(g, 0)).data(IdRole)
            for g in range(m.rowCount())
            for r in range(m.rowCount(m.index(g, 0)))
        }

    QTest.keyClicks(view.text_filter, "cost")
    qtbot.waitUntil(lambda: ids() == {made["repairs"].id})
    view.text_filter.clear()
    qtbot.waitUntil(lambda: len(ids()) == 4)
    view.color_box.setCurrentIndex(view.color_box.findData("green"))
    view.color_box.activated.emit(view.color_box.currentIndex())
    qtbot.waitUntil(lambda: ids() == {made["tickets"].id})
    view.color_box.setCurrentIndex(0)
    view.tag_box.setCurrentIndex(view.tag_box.findData("transport"))
    view.tag_box.activated.emit(view.tag_box.currentIndex())
    qtbot.waitUntil(lambda: ids() == {made["ferry"].id, made["tickets"].id})
    view.tag_box.setCurrentIndex(0)
    # The feed choices are read when the box is first reached for (a click, the keyboard):
    # from the keyboard, the arrow keys walk them without opening the box.
    view.feed_box.setFocus()
    qtbot.waitUntil(view.feed_box.hasFocus)
    feeds = [view.feed_box.itemData(i) for i in range(view.feed_box.count())]
    assert feeds[0] is None and {made["harbour"][0].feed_id, made["other"][0].feed_id} <= set(feeds)
    for _ in range(feeds.index(made["other"][0].feed_id)):
        QTest.keyClick(view.feed_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: ids() == {made["mountain"].id})
    view.fill_filters()  # filled again (a change elsewhere): the chosen feed stays chosen
    assert view.feed_box.currentData() == made["other"][0].feed_id
    view.feed_box.setCurrentIndex(0)
    view.date_box.setCurrentIndex(view.date_box.findText("Today"))
    view.date_box.activated.emit(view.date_box.currentIndex())
    qtbot.waitUntil(lambda: len(ids()) == 4)  # all made just now
    view.text_filter.setText("no such words")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.count_label.text() == "No highlights match."


def test_enter_and_double_click_open_the_article_at_the_highlight(qtbot: Any, library: Library) -> None:
    made = fill(library)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.show()
    model = view.model
    group = model.index(2, 0)
    row = model.index(1, 0, group)
    view.tree.setFocus()
    view.tree.setCurrentIndex(row)
    with qtbot.waitSignal(view.openHighlight) as blocker:
        QTest.keyClick(view.tree, Qt.Key.Key_Return)
    assert blocker.args == [made["harbour"][0].id, made["repairs"].id]
    with qtbot.waitSignal(view.openRequested) as blocker:
        view.tree.doubleClicked.emit(group)
    assert blocker.args == [made["harbour"][0].id, ""]


def test_selection_gives_the_export_scope_and_changes_show_up(qtbot: Any, library: Library) -> None:
    from ui.annotate import Annotations

    made = fill(library)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.show()
    group = view.model.index(2, 0)
    view.tree.selectionModel().select(group, view.tree.selectionModel().SelectionFlag.Select)
    assert set(view.selected_highlight_ids()) == {made["ferry"].id, made["repairs"].id}
    Annotations.of(library).delete(made["ferry"].id)
    qtbot.waitUntil(lambda: "3 highlights" in view.count_label.text())


def test_each_colour_shows_behind_its_quote_and_captions_are_marked(qtbot: Any, library: Library) -> None:
    from ui.annotate.colors import fill as colour_fill

    made = fill(library)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    qtbot.waitExposed(view)
    view.tree.expandAll()
    model = view.model
    said = {
        model.index(r, 0, model.index(g, 0)).data(IdRole): model.index(r, 0, model.index(g, 0)).data(
            Qt.ItemDataRole.AccessibleTextRole
        )
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
    }
    assert said[made["mountain"].id] == "pink highlight in a photo caption: Commuters"
    assert "caption" not in said[made["ferry"].id]
    image = view.tree.viewport().grab().toImage()
    seen = {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    palette = library.palette()
    for colour in ("yellow", "blue", "green", "pink"):
        # A whole band of the fill, not only the thin bar: the quote sits on its colour.
        rgb = colour_fill(palette, colour, False).rgb()
        count = sum(
            1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2) if image.pixel(x, y) == rgb
        )
        assert rgb in seen and count > 150, colour


def test_scrolling_pages_in_every_highlight_and_filters_page_too(qtbot: Any, library: Library) -> None:
    from datetime import UTC, datetime, timedelta

    from reader.types import Highlight, TextPosition, TextQuote
    from ui.annotate.notebook import PAGE

    articles = add_articles(library, 40, content=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [
        Highlight(
            id=f"h{i:05d}",
            article_id=articles[(i * 7) % 40].id,
            part="body",
            quote=TextQuote(f"quote {i} {'river' if i % 3 == 0 else 'hill'}"),
            position=TextPosition(i, i + 5),
            color="blue" if i % 5 == 0 else "yellow",
            tags=("odd",) if i % 2 else (),
            created=start + timedelta(hours=7 * i),  # four months of them
            updated=start + timedelta(hours=7 * i),
        )
        for i in range(3 * PAGE + 30)
    ]
    library.storage.user.put_highlights(made)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    assert model.has_more() and model.highlight_count < len(made)  # the first screen: a page

    def shown() -> list[str]:
        return [
            model.index(r, 0, model.index(g, 0)).data(IdRole)
            for g in range(model.rowCount())
            for r in range(model.rowCount(model.index(g, 0)))
        ]

    def scrolled_to_the_end() -> bool:
        bar = view.tree.verticalScrollBar()
        bar.setValue(bar.maximum())
        return not model.has_more()

    qtbot.waitUntil(scrolled_to_the_end)
    assert sorted(shown()) == sorted(h.id for h in made)  # each once
    # Articles in the order of their newest highlight, each article's in reading order.
    newest = {}
    for h in sorted(made, key=lambda h: h.created, reverse=True):
        newest.setdefault(h.article_id, h.created)
    assert [model.index(g, 0).data(ArticleIdRole) for g in range(model.rowCount())] == list(newest)
    group = model.index(0, 0)
    starts = [model.highlight_at(model.index(r, 0, group)).position.start for r in range(model.rowCount(group))]
    assert starts == sorted(starts)
    assert view.count_label.text() == f"{len(made)} highlights in 40 articles"

    QTest.keyClicks(view.text_filter, "river")  # more matches than a page
    river = {h.id for h in made if "river" in h.quote.exact}
    assert len(river) > PAGE
    qtbot.waitUntil(lambda: model.has_more() and set(shown()) < river)
    qtbot.waitUntil(lambda: scrolled_to_the_end() and sorted(shown()) == sorted(river))
    view.text_filter.clear()
    view.tag_box.setCurrentIndex(view.tag_box.findData("odd"))
    view.tag_box.activated.emit(view.tag_box.currentIndex())
    view.color_box.setCurrentIndex(view.color_box.findData("blue"))
    view.color_box.activated.emit(view.color_box.currentIndex())
    both = sorted(h.id for h in made if h.color == "blue" and h.tags == ("odd",))
    qtbot.waitUntil(lambda: scrolled_to_the_end() and sorted(shown()) == both)


def test_a_note_written_far_down_the_notebook_leaves_the_list_where_it_was(qtbot: Any, library: Library) -> None:
    from datetime import UTC, datetime, timedelta

    from reader.types import Highlight, TextPosition, TextQuote
    from ui.annotate.notebook import PAGE

    articles = add_articles(library, 30, content=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [
        Highlight(
            id=f"h{i:05d}",
            article_id=articles[i % 30].id,
            part="body",
            quote=TextQuote(f"quote {i}"),
            position=TextPosition(i, i + 5),
            color="yellow",
            created=start + timedelta(hours=i),
            updated=start + timedelta(hours=i),
        )
        for i in range(2 * PAGE + 10)
    ]
    library.storage.user.put_highlights(made)
    view = NotebookView(library)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    bar = view.tree.verticalScrollBar()
    qtbot.waitUntil(lambda: (bar.setValue(bar.maximum()), not view.model.has_more())[1])  # every page in
    bar.setValue(bar.maximum() * 3 // 4)
    place, shown = bar.value(), view.model.highlight_count
    assert place > 0
    from ui.annotate import Annotations

    Annotations.of(library).set_note(made[0].id, "Written in the notebook")  # the oldest: far down
    model = view.model

    def noted() -> bool:
        groups = [model.index(g, 0) for g in range(model.rowCount())]
        rows = [model.highlight_at(model.index(r, 0, g)) for g in groups for r in range(model.rowCount(g))]
        return any(h is not None and h.note for h in rows)

    qtbot.waitUntil(noted, timeout=3000)
    assert view.model.highlight_count == shown and bar.value() == place
    # A new query still starts at its top.
    QTest.keyClicks(view.text_filter, "quote")
    qtbot.waitUntil(lambda: bar.value() == 0, timeout=3000)
