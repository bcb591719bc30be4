"""Which byline wins when the page's sources disagree: the name printed by the headline
over a CMS account in the metadata, the article's own byline over those of its comments
and of the cards for other stories, the metadata's own words when the markup names no one."""

from __future__ import annotations

from reader.extract import extract

_P = (
    "<p>"
    + "The council voted on Monday to repair the old bridge over the river before the autumn rains arrive. " * 3
    + "</p>"
)


def _extract(body: str, head: str = "", url: str = "https://www.riverside-example.com/bridge"):
    html = f"<html><head><title>Bridge to be repaired</title>{head}</head><body>{body}</body></html>"
    return extract(html, url)


def _header(byline: str) -> str:
    return f"<header><h1>Bridge to be repaired</h1>{byline}</header>"


def test_printed_byline_beats_a_metadata_name_the_page_never_prints():
    head = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="siteadmin">'
    body = f"<article>{_header('<p>by Nora Quill · May 3, 2025</p>')}{_P}{_P}</article>"
    assert _extract(body, head).bylines == ("Nora Quill",)


def test_metadata_name_the_page_prints_stays_the_byline():
    head = '<meta name="author" content="Nora Quill">'
    body = (
        f"<article>{_header('<p>May 3, 2025</p>')}{_P}{_P}"
        '<div class="author-box"><p>About the author</p><p>Nora Quill writes about the city.</p></div>'
        '<div class="author-card"><span class="author-name">Felix Brandt</span></div></article>'
    )
    assert _extract(body, head).bylines == ("Nora Quill",)


def test_metadata_name_stays_when_the_markup_offers_only_one_unconfirmed_reading():
    head = '<meta name="author" content="Nora Quill">'
    body = (
        f"<article>{_header('<p>May 3, 2025</p>')}{_P}{_P}</article>"
        '<aside><div class="author-card"><span class="author-name">Felix Brandt</span></div></aside>'
    )
    assert _extract(body, head).bylines == ("Nora Quill",)


def test_comment_authors_are_not_the_byline():
    head = '<meta property="og:site_name" content="Riverside Example"><meta name="author" content="Riverside Example">'
    body = (
        f"<article>{_header('<p>May 3, 2025</p>')}{_P}{_P}</article>"
        '<ol class="comment-list"><li class="comment"><div class="comment-author vcard"><b class="fn">Marta</b>'
        ' <span class="says">says:</span></div><p>Great news for the town.</p></li></ol>'
    )
    assert _extract(body, head).bylines == ("Riverside Example",)


def test_bylines_on_cards_for_other_stories_are_not_the_articles():
    cards = "".join(
        f'<div class="card"><h4><a href="/story-{i}">Another story about the town number {i} this week</a></h4>'
        f'<p class="meta">By <a rel="author" href="/author/{name.lower().replace(" ", "-")}">{name}</a></p></div>'
        for i, name in enumerate(("Ivo Lantz", "Petra Sol", "Omar Reyes"))
    )
    body = (
        f"<article>{_header('<p>By <a rel=author href=/author/nora-quill>Nora Quill</a></p>')}{_P}{_P}</article>"
        f'<section class="more-stories">{cards}</section>'
    )
    assert _extract(body).bylines == ("Nora Quill",)


def test_all_authors_on_the_links_of_a_byline_box_with_bios():
    bio = "has covered the council, its budgets and its bridges for more than ten years of local reporting"
    head = "<p>Products are chosen by our editors; we may earn a commission on what you buy through links.</p>"
    body = (
        f'<div class="row"><div class="hero">{_header(head)}</div></div><div class="row"><div class="col">'
        '<div class="article-byline"><div class="article-byline__written-by"><strong>Written by</strong><br>'
        f'<strong><a href="/authors/nora-quill">Nora Quill</a></strong>, {bio}<br>'
        f'<strong><a href="/authors/felix-brandt">Felix Brandt</a></strong>, senior editor who {bio}</div>'
        "</div>"
        f"{_P}{_P}</div></div>"
    )
    assert _extract(body).bylines == ("Nora Quill", "Felix Brandt")


def test_metadata_author_with_a_role_word_is_kept_when_the_markup_names_no_one():
    head = '<meta name="author" content="Community Editor">'
    body = f"<article>{_header('<p>May 3, 2025</p>')}{_P}{_P}</article>"
    assert _extract(body, head).bylines == ("Community Editor",)


def test_link_labels_paywall_marks_and_reviewers_are_not_names():
    for line, names in (
        ('<a href="/author/nora-quill">View all posts by Nora Quill</a>', ("Nora Quill",)),
        ("<span>Nora Quill</span> <span>May 3, 2025 ∙ Paid</span>", ("Nora Quill",)),
        ("Nora Quill, DVM. Reviewed by Felix Brandt, DVM", ("Nora Quill", "DVM")),
    ):
        body = f"<article>{_header(f'<div class=byline>{line}</div>')}{_P}{_P}</article>"
        assert _extract(body).bylines == names, line


def _blog(url: str, title: str, footer: str = "") -> tuple[str, ...]:
    html = (
        f"<html><head><title>{title}</title></head><body><header><a href='/'>Home</a></header>"
        f"<article><h1>Why I moved my notes to plain text</h1>{_P}{_P}</article><footer>{footer}</footer></body></html>"
    )
    return extract(html, url).bylines


def test_a_personal_site_without_a_byline_is_signed_by_the_person_it_is_named_after():
    assert _blog("https://noraquill.net/notes/plain-text", "Plain text notes | Nora Quill") == ("Nora Quill",)
    assert _blog("https://felix.example.dev/plain-text", "Plain text", "© 2025 Felix Brandt. All rights reserved.") == (
        "Felix Brandt",
    )


def test_a_publication_named_like_its_address_is_no_person():
    assert _blog("https://riversidetimes.com/notes", "Plain text notes | Riverside Times") == ()
    # A name the address does not spell is not the site's owner.
    assert _blog("https://notes.example.com/plain-text", "Plain text notes | Nora Quill") == ()


def test_a_commenter_beside_a_person_icon_is_not_the_byline():
    head = '<meta property="og:site_name" content="Riverside Example"><meta name="author" content="Riverside Example">'
    body = (
        f"<article>{_header('<p>May 3, 2025</p>')}{_P}{_P}</article>"
        '<div class="comments-area"><div class="entry"><i class="fa fa-user"></i> Marta Lind'
        "<p>Great news for the town.</p></div></div>"
    )
    assert _extract(body, head).bylines == ("Riverside Example",)


def test_a_call_to_pin_the_post_in_capitals_is_no_signature():
    head = '<meta property="og:site_name" content="Riverside Example"><meta name="author" content="Riverside Example">'
    assert "PIN FOR LATER" not in _extract(f"<article>{_P}{_P}<p>PIN FOR LATER</p></article>", head).bylines


def test_a_job_title_run_into_the_name_is_left_out():
    line = "<div class=author-line>Nora Quill Content Marketing Coordinator</div><p>By Nora Quill</p>"
    body = f"<article>{_header(line)}{_P}{_P}</article>"
    assert _extract(body).bylines == ("Nora Quill",)
