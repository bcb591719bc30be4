"""Pages shaped like other CMSs, read by the generic path (no site rule)."""

from __future__ import annotations

from reader.extract import extract


def _body(content):
    return "\n".join(b.text for b in content.body)


def test_wordpress_post(page):
    content = extract(page("wordpress.html"), "https://garden.example.net/2023/06/tomatoes/")
    assert content.title == "Notes on growing tomatoes on a balcony"
    assert content.bylines == ("Maria Lopez",)
    assert content.published == "2023-06-11T08:15:00+00:00"
    assert content.site_name == "Garden Diary"
    assert [b.type for b in content.body] == [
        "paragraph",
        "paragraph",
        "heading",
        "list_item",
        "list_item",
        "paragraph",
    ]
    body = _body(content)
    for junk in (
        "Share this",
        "Twitter",
        "Related",
        "Peppers in pots",
        "writes about small-space",
        "Great post",
        "newsletter",
        "Proudly powered",
        "Home",
        "Photo: Sam Lopez",
        "The balcony in late July",
    ):
        assert junk not in body, junk
    [fig] = content.figures
    assert fig.caption == "The balcony in late July, with four plants in buckets."
    assert fig.credit == "Sam Lopez"
    assert fig.position == 0
    assert fig.src == "https://garden.example.net/wp-content/uploads/tomatoes.jpg"


def test_json_ld_graph_page_in_windows_1252(page):
    content = extract(page("jsonld_graph.html"))
    assert content.title == "City library opens late on Thursdays"
    assert content.bylines == ("Tom Becker", "Ana Ruiz")
    assert content.published == "2022-11-03T09:00:00+01:00"
    assert content.lang == "en-GB"
    assert content.site_name == "The Daily Ledger"
    assert content.url == "https://ledger.example.com/news/library-hours"
    assert len(content.body) == 3
    # Decoded as windows-1252, as the page declares: curly quotes and accents intact.
    assert "“a small café of quiet in a busy week”" in content.body[1].text
    assert "newsletter" not in _body(content)


def test_ap_style_dateline_and_two_bylines(page):
    content = extract(page("ap_style.html"), "https://apnews.com/article/farmers-dry-spring")
    assert content.dateline == "DES MOINES, Iowa"
    assert content.body[0].text.startswith("Farmers across the Midwest")
    assert content.bylines == ("KIM SORENSEN", "DAVID LEE")
    body = _body(content)
    assert "Advertisement" not in body
    assert "Read more" not in body
    assert "(AP)" not in body


def test_figcaption_credits_split_by_markup_and_wording(page):
    content = extract(page("figure_credits.html"), "https://stadtblatt.example.de/lokales/bruecke")
    assert content.bylines == ("Klara Weiß",)
    assert content.lang == "de"
    got = [(f.caption, f.credit, f.position) for f in content.figures]
    assert got == [
        ("Die neue Brücke am Eröffnungstag.", "Peter Braun", -1),
        ("Musik und Reden bei der Eröffnung", "© Stadtblatt/Anna Roth", 1),
        ("Die Brücke am Abend", "Max Klein", 2),
    ]
    # Lazy-loaded image: the real address, not the data: placeholder.
    assert content.figures[1].src == "https://stadtblatt.example.de/bilder/feier.jpg"
    body = _body(content)
    assert "Foto" not in body and "Musik und Reden" not in body and "Von Klara" not in body
    assert len(content.body) == 4


def test_page_without_semantic_markup(page):
    content = extract(page("plain.html"), "http://bees.example.org/post/7")
    assert content.title == "On keeping bees in the city"
    texts = [b.text for b in content.body]
    assert len(texts) == 3
    assert texts[0].startswith("Keeping bees on a city roof")
    assert texts[2].startswith("In the first year")
    body = _body(content)
    for junk in ("archive", "previous post", "2021", "copyright"):
        assert junk not in body, junk


def test_caption_set_as_a_paragraph_after_a_photo_leaves_the_body():
    html = (
        "<html><body><article>"
        "<p>The market opened at dawn, and by eight o'clock every stall in the square was busy with buyers.</p>"
        '<p><img src="/m.jpg" alt=""></p>'
        "<p>Traders set out crates of apples on the square. Foto: Jana Novak</p>"
        "<p>Prices were lower than last year, the traders said, because the harvest had been unusually good.</p>"
        "</article></body></html>"
    )
    content = extract(html, "https://news.example.cz/trh")
    assert [b.text[:14] for b in content.body] == ["The market ope", "Prices were lo"]
    [fig] = content.figures
    assert (fig.caption, fig.credit, fig.position) == (
        "Traders set out crates of apples on the square.",
        "Jana Novak",
        0,
    )
    assert fig.src == "https://news.example.cz/m.jpg"
