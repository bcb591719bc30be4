"""Site rules ship as data and each one loads."""

from __future__ import annotations

import json
from importlib.resources import files

from lxml import etree

from reader.extract.siterules import load_rules


def test_every_rule_file_is_valid_json_with_compiling_xpaths():
    folder = files("resources").joinpath("siterules")
    names = [e.name for e in folder.iterdir() if e.name.endswith(".json")]
    assert "pangea.json" in names
    for name in names:
        data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        assert isinstance(data["name"], str)
        for key, value in data.items():
            if key in ("name", "hosts"):
                continue
            for expr in value:
                etree.XPath(expr)  # raises on a broken expression
    assert len(load_rules()) == len(names)


def test_pangea_rule_matches_voa_services_by_host():
    [rule] = [r for r in load_rules() if "Pangea" in r.name]
    for host in ("www.voanews.com", "learningenglish.voanews.com", "www.voachinese.com", "www.rferl.org"):
        assert rule.matches_host(host), host
    assert not rule.matches_host("notvoanews.com")


def test_product_cards_on_a_conde_nast_page_become_captioned_photos():
    from reader.extract import extract

    para = (
        "<p>"
        + "We slept in every bag on this list for at least three nights in the mountains this spring. " * 3
        + "</p>"
    )
    offers = "".join(
        f'<div class="ProductOfferWrapper"><a href="https://shop{i}.example/b">$285 at Shop {i}</a></div>'
        for i in range(3)
    )
    card = (
        '<div class="ProductEmbedWrapper-x"><a href="https://shop.example/b" rel="sponsored">'
        '<picture><img src="https://media.example/bag.jpg" alt="A blue sleeping bag"></picture>'
        '<p class="ProductEmbedImageCredit">Photograph: Jo Camper</p></a>'
        '<div class="ProductEmbedContent"><div class="ProductEmbedHed">Summit Bag 15</div>'
        f'<div class="ProductOfferListWrapper-y">{offers}</div></div></div>'
    )
    html = f"<html><body><article>{para}{card}{para}{para}</article></body></html>"
    content = extract(html, "https://www.wired.com/story/best-bags/")
    [fig] = content.figures
    assert (fig.caption, fig.credit) == ("Summit Bag 15", "Jo Camper")
    body = "\n".join(b.text for b in content.body)
    assert "Summit Bag 15" not in body
    assert "$285" not in body


def test_ard_module_pages_read_only_the_paragraph_modules():
    from reader.extract import extract

    para = (
        "<p class='text'>"
        + "Die Feuerwehr soll nach dem Willen der Landesregierung später in Pension gehen. " * 3
        + "</p>"
    )
    html = (
        "<html><body><div class='section'><div class='con'><div class='modCon'>"
        "<div class='mod modA modParagraph'><div class='boxCon'><div class='box'><h1>Feuerwehr</h1>"
        "<div class='authorWrapper'><p class='author'>von Jana Berger</p><p class='webtime'>Stand: 1. Mai</p></div>"
        "<p class='einleitung'>Die Einleitung des Artikels, lang genug für einen Absatz im Text.</p>"
        f"{para}</div></div></div>"
        "<div class='mod modA modTeaserList'><div class='boxCon'><div class='box'>"
        "<h3><a href='/x'>Mehr zum Thema</a></h3>"
        "<p>Ein Anreißer für einen anderen Artikel, der hier nicht hingehört.</p>"
        "</div></div></div>"
        f"<div class='mod modA modParagraph'><div class='boxCon'><div class='box'>{para}</div></div></div>"
        "</div></div></div></body></html>"
    )
    content = extract(html, "https://www.mdr.de/nachrichten/feuerwehr-100.html")
    texts = [b.text for b in content.body]
    assert texts[0].startswith("Die Einleitung")
    assert len(texts) == 3
    assert not any("Anreißer" in t or "Stand:" in t or "Jana Berger" in t for t in texts)
    assert content.bylines == ("Jana Berger",)


def test_postmedia_sign_in_wall_is_not_the_article():
    from reader.extract import extract

    para = (
        "<p>" + "The city approved a new transit line on Tuesday after a long debate in council chambers. " * 3 + "</p>"
    )
    wall = (
        "<header class='identity-intro'><div class='intro-body__anonymous'><div class='h2'>REGISTER / SIGN IN TO UNLOCK"
        " MORE ARTICLES</div><p>Create an account or sign in to continue with your reading experience.</p>"
        "</div></header>"
    )
    section = f"<section class='article-content'>{para}{wall}{para}{para}</section>"
    html = f"<html><body><article>{section}</article></body></html>"
    content = extract(html, "https://ottawacitizen.com/news/transit-line")
    text = "\n".join(b.text for b in content.body)
    assert "SIGN IN" not in text and "Create an account" not in text
    assert len(content.body) == 3


def _sequential(paths: tuple[etree.XPath, ...], root: etree._Element) -> None:
    from reader.extract.clean import drop

    for path in paths:
        for el in list(path(root)):
            drop(el)


def test_removals_matched_in_one_walk_leave_the_tree_each_one_after_another_would():
    from reader.extract.clean import drop
    from reader.extract.siterules import apply_removals, class_contains

    paths = tuple(
        etree.XPath(p)
        for p in (
            "//*[contains(@class, 'share')]",
            "//div[contains(@class, 'promo')]",
            # Asks about what the two before left: a box whose only media block was dropped stays.
            "//div[contains(@class, 'embed')][.//*[contains(@class, 'media')]]",
            "//span[contains(@class,'note')]",
            "//*[@data-x='1']",
            # Matched in the first tree, inside a box an expression before it dropped: nothing.
            "//*[contains(@class, 'media')]",
        )
    )
    assert [class_contains(p) for p in paths] == [
        ("*", "share"),
        ("div", "promo"),
        None,
        ("span", "note"),
        None,
        ("*", "media"),
    ]
    page = (
        "<html><body><div class='share-bar'>Share<div class='promo'>x</div></div>tail one"
        "<div class='embed'>kept caption<p class='media share'>clip</p></div>"
        "<div class='embed'>dropped caption<p class='media'>clip</p>after clip</div>"
        "<p>Text <span class='note'>n</span> after <span class='notes promo'>m</span>.</p>"
        "<div class='promo-box'><span data-x='1'>y</span>promo tail</div><div data-x='1'>z</div>"
        "<ul class='sharing'><li class='share'>s</li></ul></body></html>"
    )
    one_by_one = etree.fromstring(page, etree.HTMLParser())
    _sequential(paths, one_by_one)
    batched = etree.fromstring(page, etree.HTMLParser())
    apply_removals(paths, batched, drop)
    assert etree.tostring(batched) == etree.tostring(one_by_one)
    text = "".join(batched.itertext())
    assert "kept caption" in text and "dropped caption" not in text and "clip" not in text
    assert "Share" not in text and "promo tail" not in text and "tail one" in text and "Text  after ." in text


def test_a_rule_caption_path_that_does_not_compile_is_skipped_and_the_next_one_read():
    from reader.extract import extract
    from reader.extract.siterules import _rule

    rule = _rule(
        {
            "name": "Test CMS",
            "hosts": ["cms.example"],
            "caption": [".//span[@class='cap'", ".//span[@class='cap-text']"],  # the first is broken
        }
    )
    assert rule is not None and len(rule.caption) == 1
    para = "<p>" + "The ferry runs again from the harbour after the winter repairs were finished. " * 3 + "</p>"
    html = (
        f"<html><body><article>{para}<figure><img src='/ferry.jpg' alt=''><div>"
        "<span class='kicker'>Gallery of the week</span><span class='cap-text'>The ferry leaving the harbour</span>"
        "</div></figure>"
        f"{para}{para}</article></body></html>"
    )
    content = extract(html, "https://cms.example/ferry", rules=[rule])
    assert [f.caption for f in content.figures] == ["The ferry leaving the harbour"]
    # Without the rule the box's lines are the caption: the rule's path chose the element.
    assert [f.caption for f in extract(html, "https://cms.example/ferry", rules=[]).figures] != [
        "The ferry leaving the harbour"
    ]
