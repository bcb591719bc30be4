"""Bylines however the page gives them: the writer rather than the publication, names in
separate elements, "Von:"-style labels without markup, a signature in bold."""

from __future__ import annotations

from reader.extract import extract

_P = (
    "<p>"
    + "Die Gemeinde hat am Montag beschlossen, die alte Brücke über den Fluss bis zum Herbst zu sanieren. " * 3
    + "</p>"
)


def _extract(body: str, head: str = "", url: str = "https://www.nachrichten-example.de/brucke"):
    html = f"<html><head><title>Brücke wird saniert</title>{head}</head><body>{body}</body></html>"
    return extract(html, url)


def test_writer_in_the_page_beats_the_publisher_named_as_author():
    head = (
        '<meta property="og:site_name" content="Nachrichten Example">'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Brücke wird saniert",'
        '"author":{"@type":"Organization","name":"nachrichten-example.de"}}</script>'
    )
    body = f'<article><p class="author">von <a href="mailto:x@example.de">Jana Berger</a></p>{_P}{_P}</article>'
    content = _extract(body, head)
    assert content.bylines[0] == "Jana Berger"


def test_names_in_separate_elements_are_separate_bylines():
    body = (
        '<article><div class="article-byline"><span class="n">Birgit Baum</span> <span class="n">Anna Maria Fink</span>'
        f' <span class="n">Jan Marek</span></div>{_P}{_P}</article>'
    )
    assert _extract(body).bylines == ("Birgit Baum", "Anna Maria Fink", "Jan Marek")


def test_labelled_byline_without_markup():
    body = (
        '<article><ul><li class="info">3 Minuten Lesezeit</li><li class="info">Von:\n\t\t'
        '<span><a href="/p/1">Bill McCarthy</a>, </span><span><a href="/p/2">Marisha Gold</a></span></li></ul>'
        f"{_P}{_P}</article>"
    )
    assert _extract(body).bylines == ("Bill McCarthy", "Marisha Gold")


def test_signature_in_bold_at_the_end_is_the_byline_not_text():
    head = '<meta property="og:site_name" content="Tin Nhanh"><meta name="author" content="Tin Nhanh">'
    body = f'<article>{_P}{_P}<p style="text-align:right"><strong>Lê Phương</strong></p></article>'
    content = _extract(body, head, "https://tinnhanh.example.vn/a")
    assert content.bylines[0] == "Lê Phương"
    assert all("Lê Phương" not in b.text for b in content.body)


def test_byline_lines_with_dates_or_the_site_name_leave_the_body():
    head = '<meta property="og:site_name" content="The Daily Ledger"><meta name="author" content="Jane Doe">'
    body = (
        "<article><p>Jane DoeThe Daily Ledger</p><p>Jane Doe2 minutes ago</p>"
        f"<p>9. September 2025 um 15:46 Uhr / Jane Doe</p>{_P}{_P}"
        "<p>Jane Doe said the bridge would reopen in the autumn, after the repairs to its pillars.</p></article>"
    )
    content = _extract(body, head, "https://ledger.example.com/bridge")
    texts = [b.text for b in content.body]
    assert content.bylines == ("Jane Doe",)
    assert not any(t.startswith(("Jane DoeThe", "Jane Doe2", "9. September")) for t in texts)
    assert texts[-1].startswith("Jane Doe said")  # a sentence about her stays


def test_house_account_named_after_the_site_gives_way_to_the_signed_name():
    head = (
        '<meta property="og:site_name" content="Ilanga Example">'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Brücke",'
        '"author":{"@type":"Person","name":"Ilanga D"}}</script>'
    )
    body = f"<article><p>THABO MOKOENA</p>{_P}{_P}</article>"
    content = _extract(body, head, "https://ilangaexample.co.za/a")
    assert content.bylines[0] == "THABO MOKOENA"
    assert content.body[0].text.startswith("Die Gemeinde")


def test_a_kicker_in_capitals_is_not_a_byline():
    head = '<meta name="author" content="Example News"><meta property="og:site_name" content="Example News">'
    content = _extract(f"<article><p>BREAKING NEWS</p>{_P}{_P}</article>", head, "https://examplenews.org/a")
    assert "BREAKING NEWS" not in content.bylines


def test_desk_signature_in_italics_before_the_support_appeal():
    head = '<meta property="og:site_name" content="Example Nachrichten">'
    body = (
        f"<article>{_P}{_P}<p><em>EN-Redaktion</em></p>"
        "<p><b>Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende.</b></p>"
        '<p>Von <a rel="author" href="/author/x">example news</a> am 21/02/2021.</p></article>'
    )
    content = _extract(body, head, "https://www.example-nachrichten.org/a")
    assert content.bylines[0] == "EN-Redaktion"


def test_byline_labels_in_many_languages():
    for label, name in (
        ("By", "Jane Doe"),
        ("Von", "Jana Berger"),
        ("Par", "Jean Dupont"),
        ("Por", "María López"),
        ("Di", "Mario Rossi"),
        ("Door", "Jan Jansen"),
        ("Av", "Kari Nordmann"),
    ):
        body = f'<article><div class="meta"><span>{label} {name}</span></div>{_P}{_P}</article>'
        content = _extract(body, url="https://news.example.org/a")
        assert content.bylines == (name,), label
        assert all(name not in b.text for b in content.body)


def test_sentence_starting_like_a_byline_label_is_no_byline():
    body = f"<article><div class='meta'><span>De acuerdo con el informe anual</span></div>{_P}{_P}</article>"
    assert _extract(body, url="https://news.example.org/a").bylines == ()


def test_labels_dates_and_buttons_in_a_byline_row_are_not_names():
    body = (
        '<article><h1>Brücke wird saniert</h1><div class="author-row"><span class="label">Written by</span>'
        '<a class="name">Jana Berger</a><span>·</span><span>Dec. 19, 2025</span><a class="bio">Full Bio</a>'
        f"<a>Bluesky</a></div>{_P}{_P}</article>"
    )
    assert _extract(body).bylines == ("Jana Berger",)


def test_the_publication_is_not_a_byline_beside_its_writer():
    head = (
        '<meta property="og:site_name" content="Harbour Daily">'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Brücke wird saniert",'
        '"author":[{"@type":"Person","name":"Jana Berger"},{"@type":"Organization","name":"Harbour Daily"}]}</script>'
    )
    assert _extract(f"<article>{_P}{_P}</article>", head).bylines == ("Jana Berger",)


def test_the_publication_stays_the_byline_when_it_is_the_only_one():
    head = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Brücke wird saniert",'
        '"author":{"@type":"Organization","name":"ndr.de"}}</script>'
    )
    assert _extract(f"<article>{_P}{_P}</article>", head, url="https://www.ndr.de/a").bylines == ("ndr.de",)


def test_a_by_label_and_the_name_in_separate_boxes_by_the_headline():
    body = (
        '<div class="top"><h1>Brücke wird saniert</h1>'
        '<div class="flex"><p class="text-sm">Last updated Aug 04, 2025</p>'
        '<p class="text-sm">Written by</p><p class="text-grey">Edzel Tabing</p></div></div>'
        f"<article>{_P}{_P}</article>"
    )
    assert _extract(body).bylines == ("Edzel Tabing",)


def test_a_link_to_the_authors_page_by_the_headline_names_the_author():
    body = (
        '<div class="hero"><h1>Brücke wird saniert</h1><div class="meta">'
        '<a href="/team/dr-vahid-osman">Dr. Vahid Osman</a> <span>March 3, 2024</span></div></div>'
        f'<article>{_P}{_P}</article><aside><a href="/author/someone-else">Someone Else</a></aside>'
    )
    assert _extract(body).bylines == ("Dr. Vahid Osman",)


_EN = (
    "<p>" + "The council voted on Monday to repair the old bridge over the river before the autumn rains. " * 3 + "</p>"
)


def _extract_en(body: str, url: str = "https://www.ledger-example.com/bridge"):
    html = f"<html><head><title>Bridge to be repaired</title></head><body>{body}</body></html>"
    return extract(html, url)


def test_a_by_label_in_its_own_span_inside_the_byline_element():
    # The byline element's only named child is the "By " label: the name is the wrapper's text.
    body = (
        '<article><h1>Bridge to be repaired</h1><a href="/about"><p class="author-by-line-text">'
        f'<span class="author-by-line-label">By </span>Ruth Calder</p></a>{_EN}{_EN}</article>'
    )
    assert _extract_en(body).bylines == ("Ruth Calder",)


def test_a_label_element_followed_by_the_name_element():
    body = (
        f"<article><h1>Bridge to be repaired</h1>{_EN}{_EN}</article>"
        '<aside><div class="muted small">Written by</div><div class="big bold">Tomas Varga</div>'
        "<div>Tomas writes about towns and their rivers for the paper and lives by one.</div></aside>"
    )
    assert _extract_en(body).bylines == ("Tomas Varga",)


def test_written_by_as_the_whole_text_of_a_line():
    body = (
        f"<header><h1>Bridge to be repaired</h1></header><main><article>{_EN}{_EN}{_EN}</article>"
        "<footer><p>Written by Olive Marsh</p></footer></main>"
    )
    content = _extract_en(body)
    assert content.bylines == ("Olive Marsh",)
    assert all("Olive Marsh" not in b.text for b in content.body)


def test_the_comment_forms_name_field_is_no_byline():
    body = (
        f"<article><h1>Bridge to be repaired</h1>{_EN}{_EN}</article>"
        '<form id="commentform"><p class="comment-form-author"><label for="author">Name <span>*</span></label>'
        '<input id="author" name="author"></p></form>'
    )
    assert _extract_en(body).bylines == ()


def test_a_job_title_beside_the_name_is_not_a_second_author():
    body = (
        '<article><h1>Bridge to be repaired</h1><div class="author-box"><img class="author-avatar" src="/a.jpg">'
        '<span class="n">Ruth Calder</span><span class="t">Marketing Director</span></div>'
        f"{_EN}{_EN}</article>"
    )
    assert _extract_en(body).bylines == ("Ruth Calder",)


def test_sections_after_in_are_not_authors():
    # "By TPN, in News, Business": the sections a post is filed in follow the name.
    body = (
        f'<article>{_P}{_P}<p class="text-sm"> By Jana Berger, in <a href="/s/news">Nachrichten</a>, '
        '<a href="/s/business">Wirtschaft</a>, <a href="/s/property">Immobilien</a> &middot; 3 Minuten</p></article>'
    )
    assert _extract(body).bylines == ("Jana Berger",)


def test_a_middle_initial_stays_inside_the_name():
    body = f'<article><p class="byline">By Sarah E. Needleman and Bruce Y. Lee</p>{_P}{_P}</article>'
    assert _extract(body).bylines == ("Sarah E. Needleman", "Bruce Y. Lee")


def test_written_by_in_the_link_preview_labels_is_the_author():
    head = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jana Berger">'
    assert _extract(f"<article>{_P}{_P}</article>", head).bylines == ("Jana Berger",)


def test_name_after_a_person_icon_is_the_author():
    meta = '<ul class="entry-meta"><li><i class="bi bi-person"></i> Jana Berger</li><li>3. Mai 2025</li></ul>'
    assert _extract(f"<article><h1>Brücke wird saniert</h1>{meta}{_P}{_P}</article>").bylines == ("Jana Berger",)


def test_name_after_an_svg_user_icon_is_the_author():
    meta = '<div class="meta"><svg><use href="/icons.svg#circle-user"></use></svg><span>Jana</span></div>'
    assert _extract(f"<article>{meta}{_P}{_P}</article>").bylines == ("Jana",)


def test_sign_in_after_a_user_icon_is_not_an_author():
    header = '<header><a href="/login"><i class="fa fa-user"></i> Sign In</a></header>'
    assert _extract(f"{header}<article>{_P}{_P}</article>").bylines == ()


def test_a_menu_link_after_a_user_icon_is_not_an_author():
    # The icon holds only a zero-width space (&#8203;), which is no text.
    menu = (
        '<nav><ul><li><a href="/directory/"><i class="fa-solid fa-user" aria-hidden="true">&#8203;</i>'
        "Contact Directory</a></li></ul></nav>"
    )
    assert _extract(f"<header>{menu}</header><article>{_P}{_P}</article>").bylines == ()


def test_a_link_to_the_authors_page_after_a_user_icon_names_the_author():
    meta = '<div class="meta"><a href="/autoren/jana-berger"><i class="fa fa-user"></i> Jana Berger</a></div>'
    assert _extract(f"<article>{meta}{_P}{_P}</article>").bylines == ("Jana Berger",)


def test_author_box_with_a_bio_names_the_author_in_its_first_line():
    box = (
        '<div class="post-author-box"><img src="/jb.jpg" alt=""><div class="t">Jana Berger</div>'
        "<p>Jana Berger schreibt seit zwanzig Jahren über Brücken, Straßen und die Menschen, die sie bauen, "
        "und lebt mit ihrer Familie am Fluss, wo sie an freien Tagen die alten Kähne der Fischer zeichnet.</p></div>"
    )
    assert _extract(f"<article>{_P}{_P}</article>{box}").bylines == ("Jana Berger",)


def test_authors_label_over_a_list_of_names():
    meta = (
        '<div class="meta"><h6>Author(s)</h6><ul><li><a href="/l?a=1">John A. Alic</a></li>'
        '<li><a href="/l?a=2">David C. Mowery</a></li></ul></div>'
    )
    assert _extract(f"<article>{meta}{_P}{_P}</article>").bylines == ("John A. Alic", "David C. Mowery")


def test_a_number_beside_words_is_a_name_but_a_number_alone_is_not():
    assert _extract(f'<article><p class="byline">By 3i Global</p>{_P}{_P}</article>').bylines == ("3i Global",)
    assert _extract(f'<article><p class="byline">By 48213</p>{_P}{_P}</article>').bylines == ()


def test_on_behalf_of_is_not_part_of_the_name():
    line = (
        '<div class="publish-date-author">Dec. 19, 2025 &middot; '
        'Niko Matsakis on behalf of <a href="/t">the survey team</a></div>'
    )
    assert _extract(f"<article>{line}{_P}{_P}</article>").bylines == ("Niko Matsakis",)
