"""Credits are filed the same way however the page prints them: no brackets, no label."""

from __future__ import annotations

import pytest

from reader.extract import extract

_TEXT = "<p>" + "The harbour reopened on Monday after a week of storms kept the ferries in port. " * 3 + "</p>"


def _figure(figure_html: str):
    html = f"<html><body><article>{_TEXT}{figure_html}{_TEXT}</article></body></html>"
    [fig] = extract(html, "https://news.example.org/harbour").figures
    return fig


@pytest.mark.parametrize(
    ("caption_html", "caption", "credit"),
    [
        (
            "Workers load a ferry in Seattle on May 1, 2024. (AP Photo/Ted S. Warren)",
            "Workers load a ferry in Seattle on May 1, 2024.",
            "AP Photo/Ted S. Warren",
        ),
        (
            "Stalls on the market's opening day. (Gloss Sample/Daniel Mwangi)",
            "Stalls on the market's opening day.",
            "Gloss Sample/Daniel Mwangi",
        ),
        ('Boats in the harbour. <span class="credit">(Photo: Jane Doe)</span>', "Boats in the harbour.", "Jane Doe"),
        ('Boats in the harbour. <span class="credit">Credit: Jane Doe</span>', "Boats in the harbour.", "Jane Doe"),
        (
            'Boats in the harbour. <span class="credit">[REUTERS/Jon Roe]</span>',
            "Boats in the harbour.",
            "REUTERS/Jon Roe",
        ),
        ("Boats in the harbour. Foto: Jane Doe", "Boats in the harbour.", "Jane Doe"),
    ],
)
def test_credit_is_split_and_normalised(caption_html, caption, credit):
    fig = _figure(f'<figure><img src="/boats.jpg" alt=""><figcaption>{caption_html}</figcaption></figure>')
    assert fig.caption == caption
    assert fig.credit == credit


def test_video_player_status_is_neither_caption_nor_credit():
    fig = _figure(
        '<div class="media-pholder media-pholder--video"><img src="/poster.jpg" alt="16x9 Image">'
        '<span class="c-mmp__time">0:00</span><span class="c-mmp__no-source">No media source currently available</span>'
        '<span class="caption">Time-lapse of the harbour at dawn</span></div>'
    )
    assert fig.caption == "Time-lapse of the harbour at dawn"
    assert fig.credit == ""
