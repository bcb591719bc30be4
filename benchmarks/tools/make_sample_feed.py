# ruff: noqa: E501  (HTML templates keep the long lines the real pages have)
"""Write the bundled sample feed: resources/sample/{feed.xml, manifest.json, articles/*.html}.

Run once by hand after editing sample_articles.py (images first, with make_sample_images.py):

    /work/venv/bin/python benchmarks/tools/make_sample_feed.py

The article pages copy the *markup shape* of a Voice of America article page (Pangea CMS, 2024
template): skip links, header and menu, a "Breaking News" bar, category/title/date/byline block,
cover photo, share bar, ``div.wsw`` body with ``div.wsw__embed`` figures, sidebar lists, newsletter box,
footer and the "XS SM MD LG" responsive indicator. All words are our own. manifest.json records, for
each page, what a perfect extractor returns (body paragraphs, captions, credits, bylines, dateline),
so tests can score extraction against it.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_articles import ARTICLES, Article

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
BASE = "gloss-sample:///"
SITE = "Gloss Sample News"
BLURB = (
    "Gloss Sample News is a demonstration publication bundled with the Gloss news reader. Its stories, "
    "people and places are invented so that Gloss has something to show when you are offline; none of "
    "it is real news."
)
NEWSLETTER = "Get the Gloss Sample News morning briefing in your inbox."


def t(text: str) -> str:
    """Text content."""
    return escape(text, quote=False)


def a(text: str) -> str:
    """Attribute value."""
    return escape(text, quote=True)


def url_of(article: Article) -> str:
    return f"{BASE}articles/{article['slug']}.html"


def img_url(name: str) -> str:
    return f"{BASE}images/{name}"


def byline_names(article: Article) -> list[str]:
    return [name for name, _kind in article["authors"]]


def author_slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def human_date(iso: str) -> str:
    d = datetime.fromisoformat(iso)
    hour = d.strftime("%I").lstrip("0")
    return f"{d.strftime('%B')} {d.day}, {d.year} {hour}:{d.strftime('%M %p')}"


# --- page pieces --------------------------------------------------------------------------------

HEAD = """<!DOCTYPE html>
<html lang="en" dir="ltr" class="no-js">
<head>
<script type="text/javascript">
//a general 'js' detection, must be on top level in <head>, due to CSS performance
document.documentElement.className = "js";
var cacheBuster = "118";
var appBaseUrl = "/";
var isPreviewPage = false;
</script>
<meta charset="utf-8" />
<title>{title} </title>
<meta name="description" content="{summary} " />
<meta name="keywords" content="{keywords}" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<meta name="generator" content="Gloss Sample Press 1.0 (Pangea-style article template)" />
<link href="{url}" rel="canonical" />
<meta name="apple-mobile-web-app-title" content="GSN" />
<meta content="{title} " property="og:title" />
<meta content="{summary} " property="og:description" />
<meta content="article" property="og:type" />
<meta content="{url}" property="og:url" />
<meta content="{site}" property="og:site_name" />
<meta content="{lead_img}" property="og:image" />
<meta content="640" property="og:image:width" />
<meta content="360" property="og:image:height" />
<meta content="{author_meta}" name="Author" />
<meta content="summary_large_image" name="twitter:card" />
<meta content="@glosssample" name="twitter:site" />
<meta content="{lead_img}" name="twitter:image" />
<meta content="{summary} " name="twitter:description" />
<script type="application/ld+json">{ld}</script>
<link rel="alternate" type="application/rss+xml" title="{site} - Top Stories [RSS]" href="{base}feed.xml" />
</head>
<body class=" nav-no-loaded can-ff cc_theme pg-article print-lay-article js-category-to-nav nojs-images ">
<!--Analytics tag js version start-->
<script type="text/javascript" data-cookiecategory="analytics">
var utag_data={{entity:"GSN",pangea_version:"sample.1.0",language:"English",language_service:"Gloss Sample News",\
page_title:"{js_title}",page_type:"article",content_type:"article",url:"{url}",pub_year:"{year}",\
dateline:"{js_dateline}",byline:"{js_byline}",categories:"{js_section}",slug:"{slug}",article_uid:"{uid}"}};
</script>
<!--Analytics tag js version end-->
<!--*** Accessibility links - For ScreenReaders only ***-->
<section>
<div class="sr-only">
<h2>Accessibility links</h2>
<ul>
<li><a href="#content" data-disable-smooth-scroll="1">Skip to main content</a></li>
<li><a href="#navigation" data-disable-smooth-scroll="1">Skip to main Navigation</a></li>
<li><a href="#txtHeaderSearch" data-disable-smooth-scroll="1">Skip to Search</a></li>
</ul>
</div>
</section>
"""

CHROME = """<div dir="ltr">
<div id="page">
<aside>
<div class="print-dialogue">
<div class="container">
<h3 class="print-dialogue__title section-head">Print Options:</h3>
<div class="print-dialogue__opts">
<ul class="print-dialogue__opt-group">
<li class="form__group form__group--checkbox">
<input class="form__check " id="checkboxImages" name="checkboxImages" type="checkbox" checked="checked" />
<label for="checkboxImages" class="form__label m-t-md">Images</label>
</li>
<li class="form__group form__group--checkbox">
<input class="form__check " id="checkboxMultimedia" name="checkboxMultimedia" type="checkbox" checked="checked" />
<label for="checkboxMultimedia" class="form__label m-t-md">Multimedia</label>
</li>
</ul>
</div>
<div class="print-dialogue__buttons">
<button class="btn btn--secondary close-button" type="button" title="Cancel"><span class="btn__text ">Cancel</span></button>
<button class="btn btn-cust-print m-l-sm" type="button" title="Print"><span class="btn__text ">Print</span></button>
</div>
</div>
</div>
<div class="ctc-message pos-fix">
<div class="ctc-message__inner">Link has been copied to clipboard</div>
</div>
</aside>
<div class="hdr-20 hdr-20--big">
<div class="hdr-20__inner">
<div class="hdr-20__max pos-rel">
<div class="hdr-20__side hdr-20__side--primary d-flex">
<input type="checkbox" id="main-menu-ctrl" class="hidden main-menu-switch">
<label for="main-menu-ctrl" class="burger hdr-trigger pos-rel trans-trigger" data-trans-evt="click" data-trans-id="menu">
<span class="ico ico-close hdr-trigger__ico hdr-trigger__ico--close burger__ico burger__ico--close"></span>
<span class="ico ico-menu hdr-trigger__ico hdr-trigger__ico--open burger__ico burger__ico--open"></span>
</label>
<div class="menu-pnl pos-fix trans-target" data-trans-id="menu">
<div class="menu-pnl__inner">
<nav class="main-nav menu-pnl__item menu-pnl__item--first" id="navigation">
<ul class="main-nav__list accordeon" data-analytics-tales="false" data-promo-name="link" data-location-name="nav,secnav">
<li class="main-nav__item"><a class="main-nav__item-name main-nav__item-name--link" href="/" title="Home" data-item-name="index" >Home</a></li>
<li class="main-nav__item accordeon__item">
<input type="checkbox" id="menu-item-11" class="hidden main-nav__ctrl accordeon__control" checked="checked" />
<label class="main-nav__item-name main-nav__item-name--label accordeon__control-label" for="menu-item-11">
News
<span class="ico ico-chevron-down main-nav__chev"></span>
</label>
<div class="main-nav__sub-list">
<a class="main-nav__item-name main-nav__item-name--link main-nav__item-name--sub" href="/z/local" title="Local" >Local</a>
<a class="main-nav__item-name main-nav__item-name--link main-nav__item-name--sub" href="/z/environment" title="Environment" >Environment</a>
<a class="main-nav__item-name main-nav__item-name--link main-nav__item-name--sub" href="/z/science" title="Science" >Science</a>
<a class="main-nav__item-name main-nav__item-name--link main-nav__item-name--sub" href="/z/transport" title="Transport" >Transport</a>
<a class="main-nav__item-name main-nav__item-name--link main-nav__item-name--sub" href="/z/food-farming" title="Food &amp; Farming" >Food &amp; Farming</a>
</div>
</li>
<li class="main-nav__item"><a class="main-nav__item-name main-nav__item-name--link" href="/p/photos.html" title="Photos" >Photos</a></li>
<li class="main-nav__item"><a class="main-nav__item-name main-nav__item-name--link" href="/p/about.html" title="About Gloss Sample News" >About Gloss Sample News</a></li>
</ul>
</nav>
<div class="menu-pnl__item menu-pnl__item--social">
<h5 class="menu-pnl__sub-head">Follow Us</h5>
<a href="/rssfeeds" title="Follow us on RSS" data-analytics-text="follow_on_rss" class="btn btn--rounded btn--social-inverted menu-pnl__btn js-social-btn btn-rss">
<span class="ico ico-rss ico--rounded"></span>
</a>
</div>
</div>
</div>
<input type="checkbox" id="top-search-ctrl" class="hidden top-search-switch">
<div class="srch-top">
<div class="container">
<form action="/s" class="srch-top__form" id="form-topSearch" method="get" role="search"><label for="txtHeaderSearch" class="sr-only">Search</label>
<input type="text" id="txtHeaderSearch" name="k" placeholder="search text ..." accesskey="s" value="" class="srch-top__input analyticstag-event" />
<button title="Search" type="submit" class="btn btn--top-srch analyticstag-event"><span class="ico ico-search"></span></button></form>
</div>
</div>
<a href="/" class="main-logo-link"><span class="main-logo main-logo--big">Gloss Sample News</span></a>
</div>
</div>
</div>
</div>
"""

BREAKING = """<div class="c-hlights c-hlights--breaking{no_item}" data-hlight-display="mobile,desktop">
<div class="c-hlights__wrap container p-0">
<div class="c-hlights__nav">
<a role="button" href="#" title="Previous"><span class="ico ico-chevron-backward m-0"></span><span class="sr-only">Previous</span></a>
<a role="button" href="#" title="Next"><span class="ico ico-chevron-forward m-0"></span><span class="sr-only">Next</span></a>
</div>
<input class="switcher-controller" id="more-less-1" type="checkbox">
<span class="c-hlights__label">
<span class="">Breaking News</span>
<span class="switcher-trigger">
<label for="more-less-1" class="switcher-trigger__label switcher-trigger__label--more p-b-0" title="Show more"><span class="ico ico-chevron-down"></span></label>
<label for="more-less-1" class="switcher-trigger__label switcher-trigger__label--less p-b-0" title="Show less"><span class="ico ico-chevron-up"></span></label>
</span>
</span>
<ul class="c-hlights__items switcher-target">
{items}</ul>
</div>
</div>"""


def share_bar(article: Article) -> str:
    u = a(url_of(article))
    subject = a(article["title"])
    return f"""<div class="col-xs-12 col-md-2 pull-left article-share pos-rel"> <div class="share--box">
<aside class="share flex-column js-share--apply-sticky js-share--expandable js-share--horizontal">
<span class="label label--share">Share</span>
<ul class="share__list">
<li class="share__item">
<a href="/share/facebook?u={u}" data-analytics-text="share_on_facebook" title="Share on Facebook" target="_blank" class="btn btn--rounded btn-facebook js-social-btn">
<span class="ico ico--rounded ico-facebook ico--l"></span>
</a>
</li>
<li class="share__item">
<a href="/share/x?u={u}" data-analytics-text="share_on_x" title="Share on X" target="_blank" class="btn btn--rounded btn-twitter js-social-btn">
<span class="ico ico--rounded ico-twitter ico--l"></span>
</a>
</li>
<li class="share__item">
<div class="ctc">
<input type="text" class="ctc__input" readonly="readonly">
<button class="btn btn--rounded btn--ctc ctc__button" value="text" role="copy link" js-href="{u}" title="copy link">
<span class="ico ico-content-copy ico--rounded ico--l"></span>
</button>
</div>
</li>
<li class="share__item">
<a href="mailto:?body={u}&amp;subject={subject}" title="Email to a Friend" class="btn btn--rounded btn-email ">
<span class="ico ico--rounded ico-email ico--l"></span>
</a>
</li>
</ul>
</aside>
</div>
<div class="links">
<p class="link-print visible-md visible-lg buttons p-0">
<button class="btn btn--link btn-print p-t-0" title="(CTRL+P)">
<span class="ico ico-print"></span>
<span class="btn__text">Print</span>
</button>
</p>
</div>
</div>"""


def caption_html(caption: str, credit: str, style: str) -> str:
    if style == "inline":
        return f'<span class="caption">{t(caption)} {t(credit)}</span>'
    return f'<span class="caption">{t(caption)}</span> <span class="credit">{t(credit)}</span>'


def lead_figure(article: Article) -> str:
    name, caption, credit, style = article["lead"]
    return f"""<div class="col-multimedia col-xs-12 col-md-10 pull-right"> <div class="cover-media">
<figure class="media-image js-media-expand">
<div class="img-wrap">
<div class="thumb thumb16_9">
<img src="{a(img_url(name))}" alt="{a(caption)}" />
</div>
<span class="ico ico-fullscreen ico--media-expand ico--rounded"></span>
</div>
<figcaption>
{caption_html(caption, credit, style)}
</figcaption>
</figure>
</div>
</div>"""


def inline_figure(name: str, caption: str, credit: str, style: str) -> str:
    # The caption is printed twice, as on VOA pages: in the lightbox overlay of the media block and
    # in the figure's caption. An extractor should report it once.
    return f"""<div class="wsw__embed">
<figure class="media-image js-media-expand">
<div class="img-wrap">
<div class="thumb">
<img alt="{a(caption)}" src="{a(img_url(name))}" />
</div>
<span class="ico ico-fullscreen ico--media-expand ico--rounded"></span>
<div class="c-lightbox__overlay"><span class="caption c-lightbox__caption">{t(caption)}</span></div>
</div>
<figcaption>
{caption_html(caption, credit, style)}
</figcaption>
</figure>
</div>"""


def video_embed(title: str, duration: str) -> str:
    return f"""<div class="wsw__embed">
<div class="media-pholder media-pholder--video ">
<div class="c-sticky-container">
<div class="c-sticky-element" data-sp_api="pangea-video">
<div class="c-mmp c-mmp--enabled c-mmp--loading c-mmp--video c-mmp--detail c-mmp--has-poster">
<div class="c-mmp__poster js-poster c-mmp__poster--video">
<img src="{a(img_url("placeholder-16x9.png"))}" alt="16x9 Image" class="c-mmp__poster-image-h" />
</div>
<div class="c-mmp__overlay c-mmp__overlay--title c-mmp__overlay--partial">
<span class="c-mmp__overlay-title">{t(title)}</span>
</div>
<div class="c-mmp__cpanel">
<button class="btn btn--play" title="Play"><span class="ico ico-play"></span></button>
<span class="c-mmp__time"><span class="c-mmp__time-current">0:00</span> <span class="c-mmp__time-total">{duration}</span></span>
<span class="c-mmp__no-source">No media source currently available</span>
</div>
</div>
</div>
</div>
<span class="caption">{t(title)}</span>
<div class="media-download">
<a class="c-mmp__fallback-link" href="#">Embed</a>
<a class="c-mmp__fallback-link" href="#">Download</a>
</div>
</div>
</div>"""


def first_paragraph(article: Article, text: str) -> str:
    style, dateline = article["dateline_style"], article["dateline"]
    if style == "span":
        return f'<span class="dateline">{t(dateline)} \u2014&nbsp;</span>\n<p>{t(text)}</p>'
    if style == "text":
        return f"<p>{t(dateline)} \u2014 {t(text)}</p>"
    if style == "strong":
        return f"<p><strong>{t(dateline)}</strong> \u2014 {t(text)}</p>"
    return f"<p>{t(text)}</p>"


def body_html(article: Article) -> str:
    out: list[str] = []
    first = True
    for block in article["blocks"]:
        kind = block[0]
        if kind == "p":
            out.append(first_paragraph(article, block[1]) if first else f"<p>{t(block[1])}</p>")
            first = False
        elif kind == "h2":
            out.append(f'<h2 class="wsw__h2">{t(block[1])}</h2>')
        elif kind == "quote":
            out.append(f'<blockquote class="wsw__quote"><p>{t(block[1])}</p></blockquote>')
        elif kind == "fig":
            out.append(inline_figure(*block[1:]))
        elif kind == "video":
            out.append(video_embed(block[1], block[2]))
        else:
            raise ValueError(kind)
    return "\n".join(out)


def byline_html(article: Article) -> str:
    items = []
    for i, name in enumerate(byline_names(article)):
        by = "By " if i == 0 else ""
        href = f"/author/{author_slug(name)}/gsn{i + 1}"
        items.append(
            f'<li class="links__item">\n{by}<a class="links__item-link" href="{href}" '
            f'title="{a(name)}">{t(name)}</a>\n</li>'
        )
    return '<div class="links">\n<ul class="links__list links__list--column">\n' + "\n".join(items) + "\n</ul>\n</div>"


def author_bio(article: Article) -> str:
    bio = article.get("author_bio")
    if not bio:
        return ""
    name = byline_names(article)[0]
    return f"""<div class="c-author-box">
<a class="c-author-box__link" href="/author/{author_slug(name)}/gsn1"><span class="c-author-box__name">{t(name)}</span></a>
<p class="c-author-box__bio">{t(bio)}</p>
</div>"""


def related(article: Article) -> str:
    others = [o for o in ARTICLES if o["slug"] != article["slug"]][:3]
    items = []
    for o in others:
        name = o["lead"][0]
        items.append(f"""<li class="col-xs-12 col-sm-6 col-md-12 col-lg-12 mb-grid">
<div class="media-block ">
<a href="{a(url_of(o))}" class="img-wrap img-wrap--t-spac img-wrap--size-4 img-wrap--float" title="{a(o["title"])}">
<div class="thumb thumb16_9">
<noscript class="nojs-img">
<img src="{a(img_url(name))}" alt="{a(o["title"])}" />
</noscript>
<img data-src="{a(img_url(name))}" src="" alt="{a(o["title"])}" class=""/>
</div>
</a>
<div class="media-block__content media-block__content--h">
<a href="{a(url_of(o))}">
<h4 class="media-block__title media-block__title--size-4" title="{a(o["title"])}">
{t(o["title"])}
</h4>
</a>
</div>
</div>
</li>""")
    return (
        '<div class="media-block-wrap">\n<h2 class="section-head">Related</h2>\n<div class="row">\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</div>\n</div>"
    )


def sidebar(article: Article) -> str:
    popular = [o for o in reversed(ARTICLES) if o["slug"] != article["slug"]]
    pop_items = "\n".join(
        f'<li class="most-popular__item"><a href="{a(url_of(o))}" class="most-popular__link">'
        f'<span class="most-popular__index">{i}</span> {t(o["title"])}</a></li>'
        for i, o in enumerate(popular, 1)
    )
    return f"""<div class="col-xs-12 col-sm-12 col-md-4 col-lg-4 pull-left design-top-offset"> {related(article)}
<div class="region">
<div class="media-block-wrap" id="wrowblock-video">
<h2 class="section-head"><a href="/p/videos.html"><span class="ico ico-chevron-forward pull-right flip"></span>Latest Video</a></h2>
<div class="media-block ">
<a href="/p/videos.html" class="img-wrap img-wrap--t-spac img-wrap--size-2" title="This week in pictures">
<div class="thumb thumb16_9">
<img src="{a(img_url("placeholder-16x9.png"))}" alt="16x9 Image" />
</div>
<span class="ico ico-video ico--media-type"></span>
</a>
<div class="media-block__content"><a href="/p/videos.html"><h4 class="media-block__title media-block__title--size-2" title="This week in pictures">This week in pictures</h4></a></div>
</div>
</div>
<div class="media-block-wrap most-popular">
<h2 class="section-head">Most popular</h2>
<ol class="most-popular__list">
{pop_items}
</ol>
</div>
<div class="media-block-wrap c-newsletter">
<h2 class="section-head c-newsletter__title">Morning Briefing</h2>
<p class="c-newsletter__text">{t(NEWSLETTER)}</p>
<form class="c-newsletter__form" action="/newsletter" method="post">
<label for="nl-email" class="sr-only">Email address</label>
<input type="email" id="nl-email" name="email" placeholder="Email address" class="c-newsletter__input" />
<button type="submit" class="btn c-newsletter__btn">Subscribe</button>
</form>
</div>
</div>
</div>"""


FOOTER = """<div class="back-to-top-nav disabled visible-xs">
<div class="container"><div class="row"><div class="col-xs-12">
<a title="Back to top" class="back-to-top-link" href="#page"><span class="ico ico-chevron-up"></span><span class="text">Back to top</span></a>
</div></div></div>
</div>
<footer role="contentinfo">
<div id="foot" class="foot">
<div class="container">
<div class="foot-nav collapsed" id="foot-nav">
<div class="menu">
<ul class="items">
<li class="socials block-socials">
<span class="handler" id="socials-handler">Follow Us</span>
<div class="inner"><ul class="subitems follow">
<li><a href="/rssfeeds" title="RSS" data-analytics-text="follow_on_rss" class="btn btn--rounded js-social-btn btn-rss" ><span class="ico ico-rss ico--rounded"></span></a></li>
</ul></div>
</li>
<li class="block-primary collapsed collapsible item">
<span class="handler">Sections<span title="close tab" class="ico ico-chevron-up"></span><span title="open tab" class="ico ico-chevron-down"></span></span>
<div class="inner"><ul class="subitems">
<li class="subitem"><a class="handler" href="/z/local" title="Local" >Local</a></li>
<li class="subitem"><a class="handler" href="/z/environment" title="Environment" >Environment</a></li>
<li class="subitem"><a class="handler" href="/z/science" title="Science" >Science</a></li>
<li class="subitem"><a class="handler" href="/z/transport" title="Transport" >Transport</a></li>
<li class="subitem"><a class="handler" href="/z/food-farming" title="Food &amp; Farming" >Food &amp; Farming</a></li>
</ul></div>
</li>
<li class="block-secondary collapsed collapsible item">
<span class="handler">About this site<span title="close tab" class="ico ico-chevron-up"></span><span title="open tab" class="ico ico-chevron-down"></span></span>
<div class="inner"><ul class="subitems">
<li class="subitem"><a class="handler" href="/p/terms.html" title="Terms of Use &amp; Privacy Notice" >Terms of Use &amp; Privacy Notice</a></li>
<li class="subitem"><a class="handler" href="/p/about.html" title="About Gloss Sample News" >About Gloss Sample News</a></li>
<li class="subitem"><a class="handler" href="/p/contact.html" title="Contact Us" >Contact Us</a></li>
</ul></div>
</li>
</ul>
</div>
</div>
<div class="foot__item foot__item--copyrights">
<p class="copyright">Gloss Sample News is fictional. Text and images may be reused freely.</p>
</div>
</div>
</div>
</footer> </div>
</div>
<div class="responsive-indicator">
<div class="visible-xs-block">XS</div>
<div class="visible-sm-block">SM</div>
<div class="visible-md-block">MD</div>
<div class="visible-lg-block">LG</div>
</div>
<script type="text/javascript">
var bar_data = {{"apiId": "{uid}", "apiType": "1", "isEmbedded": "0", "culture": "en-US"}};
</script>
</body>
</html>
"""


def json_ld(article: Article) -> str:
    authors = [
        {"@type": kind, "name": name, "url": f"{BASE}author/{author_slug(name)}"} for name, kind in article["authors"]
    ]
    data = {
        "articleSection": article["section"],
        "headline": article["title"],
        "inLanguage": "en-US",
        "keywords": ", ".join(article["keywords"]),
        "author": authors[0] if len(authors) == 1 else authors,
        "datePublished": article["published"],
        "dateModified": article["published"],
        "publisher": {"@type": "NewsMediaOrganization", "name": SITE, "url": BASE},
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url_of(article),
        "url": url_of(article),
        "description": article["summary"],
        "image": {"@type": "ImageObject", "url": img_url(article["lead"][0]), "width": 640, "height": 360},
        "name": article["title"],
    }
    # "</" inside a script element would end it early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def js(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("</", "<\\/")


def page(article: Article) -> str:
    names = byline_names(article)
    byline = " and ".join(names)
    head = HEAD.format(
        title=t(article["title"]),
        summary=a(article["summary"]),
        keywords=a(", ".join([article["section"], *article["keywords"]])),
        url=a(url_of(article)),
        site=a(SITE),
        lead_img=a(img_url(article["lead"][0])),
        author_meta=a(byline),
        ld=json_ld(article),
        base=BASE,
        js_title=js(article["title"]),
        year=article["published"][:4],
        js_dateline=js(article["dateline"] or ""),
        js_byline=js(byline),
        js_section=js(article["section"].lower()),
        slug=article["slug"],
        uid=article["uid"],
    )
    breaking = article.get("breaking")
    items = (
        f'<li class="c-hlights__item"><a href="/z/latest" class="c-hlights__link">{t(breaking)}</a></li>\n'
        if breaking
        else ""
    )
    bar = BREAKING.format(no_item="" if breaking else " c-hlights--no-item", items=items)
    when = article["published"]
    content = f"""<div id="content">
<div class="container">
<div class="hdr-container">
<div class="row">
<div class="col-category col-xs-12 col-md-2 pull-left"> <div class="category js-category">
<a class="" href="/z/{article["section"].lower().replace(" & ", "-")}">{t(article["section"])}</a> </div>
</div><div class="col-title col-xs-12 col-md-10 pull-right"> <h1 class="title pg-title" >
{t(article["title"])}
</h1>
</div><div class="col-publishing-details col-xs-12 col-sm-12 col-md-2 pull-left"> <div class="publishing-details ">
<div class="published">
<span class="date" >
<time pubdate="pubdate" datetime="{when}">
{human_date(when)}
</time>
</span>
</div>
{byline_html(article)}
</div>
</div><div class="col-lg-12 separator"> <div class="separator">
<hr class="title-line" />
</div>
</div>{lead_figure(article)}{share_bar(article)}
</div>
</div>
</div>
<div class="body-container">
<div class="row">
<div class="col-xs-12 col-sm-12 col-md-10 col-lg-10 pull-right">
<div class="row">
<div class="col-xs-12 col-sm-12 col-md-8 col-lg-8 pull-left bottom-offset content-offset">
<div id="article-content" class="content-floated-wrap fb-quotable">
<div class="wsw">
{body_html(article)}
</div>
{author_bio(article)}
<div class="c-about-publisher">
<p class="c-about-publisher__text"><em>{t(BLURB)}</em></p>
</div>
</div>
</div>
{sidebar(article)}
</div>
</div>
</div>
</div>
</div>
"""
    return head + CHROME + bar + " " + content + FOOTER.format(uid=article["uid"])


# --- feed and manifest -------------------------------------------------------------------------


def short_html(article: Article) -> str:
    name, caption, credit, _style = article["lead"]
    paras = [b[1] for b in article["blocks"] if b[0] == "p"][:3]
    if article["dateline"]:
        paras[0] = f"{article['dateline']} \u2014 {paras[0]}"
    parts = [
        f'<figure><img src="{a(img_url(name))}" alt="{a(caption)}" width="640" height="360" />'
        f"<figcaption>{t(caption)} {t(credit)}</figcaption></figure>",
        *(f"<p>{t(p)}</p>" for p in paras),
        f'<p><a href="{a(url_of(article))}">Read the full story</a></p>',
    ]
    return "".join(parts)


def feed(articles: list[Article]) -> str:
    newest = max(datetime.fromisoformat(x["published"]) for x in articles)
    items = []
    for article in sorted(articles, key=lambda x: x["published"], reverse=True):
        when = format_datetime(datetime.fromisoformat(article["published"]))
        creators = "".join(f"\n      <dc:creator>{t(n)}</dc:creator>" for n in byline_names(article))
        lead = article["lead"][0]
        size = (SAMPLE / "images" / lead).stat().st_size
        html = short_html(article)
        assert "]]>" not in html
        items.append(f"""    <item>
      <title>{t(article["title"])}</title>
      <link>{t(url_of(article))}</link>
      <guid isPermaLink="true">{t(url_of(article))}</guid>
      <pubDate>{when}</pubDate>{creators}
      <category>{t(article["section"])}</category>
      <description>{t(article["summary"])}</description>
      <content:encoded><![CDATA[{html}]]></content:encoded>
      <enclosure url="{a(img_url(lead))}" length="{size}" type="image/jpeg" />
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{SITE}</title>
    <link>{BASE}</link>
    <description>A few articles bundled with Gloss so it is useful offline. The stories, people and places are invented.</description>
    <language>en-us</language>
    <copyright>Gloss Sample News is fictional; reuse freely.</copyright>
    <lastBuildDate>{format_datetime(newest)}</lastBuildDate>
    <generator>Gloss Sample Press 1.0</generator>
    <ttl>1440</ttl>
    <atom:link href="{BASE}feed.xml" rel="self" type="application/rss+xml" />
{chr(10).join(items)}
  </channel>
</rss>
"""


def truth(article: Article) -> dict[str, Any]:
    """What a perfect extractor returns for the page (the manifest's record of it)."""
    body: list[dict[str, str]] = []
    figures: list[dict[str, Any]] = []
    name, caption, credit, _style = article["lead"]
    figures.append({"src": img_url(name), "caption": caption, "credit": credit, "position": -1})
    for block in article["blocks"]:
        if block[0] in ("p", "h2", "quote"):
            kind = {"p": "paragraph", "h2": "heading", "quote": "quote"}[block[0]]
            body.append({"type": kind, "text": block[1]})
        elif block[0] == "fig":
            figures.append(
                {"src": img_url(block[1]), "caption": block[2], "credit": block[3], "position": len(body) - 1}
            )
        elif block[0] == "video":
            figures.append(
                {
                    "src": img_url("placeholder-16x9.png"),
                    "caption": block[1],
                    "credit": None,
                    "position": len(body) - 1,
                    "kind": "video",
                }
            )
    return {
        "slug": article["slug"],
        "title": article["title"],
        "url": url_of(article),
        "path": f"articles/{article['slug']}.html",
        "published": article["published"],
        "bylines": byline_names(article),
        "dateline": article["dateline"],
        "section": article["section"],
        "summary": article["summary"],
        "body": body,
        "figures": figures,
        "images": sorted({f["src"].removeprefix(BASE) for f in figures}),
    }


def main() -> int:
    (SAMPLE / "articles").mkdir(parents=True, exist_ok=True)
    for article in ARTICLES:
        (SAMPLE / "articles" / f"{article['slug']}.html").write_text(page(article), encoding="utf-8")
    (SAMPLE / "feed.xml").write_text(feed(ARTICLES), encoding="utf-8")
    manifest = {
        "feed": f"{BASE}feed.xml",
        "title": SITE,
        "furniture": {
            "boilerplate": BLURB,
            "newsletter": NEWSLETTER,
            "strings": [
                "Accessibility links",
                "Breaking News",
                "XS",
                "SM",
                "MD",
                "LG",
                "16x9 Image",
                "Related",
                "Most popular",
                "Share",
                "Print Options:",
                "Link has been copied to clipboard",
            ],
        },
        "articles": [truth(x) for x in ARTICLES],
    }
    (SAMPLE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(ARTICLES)} pages, feed.xml and manifest.json to {SAMPLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
