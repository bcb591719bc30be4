"""htmldate's date search, as Gloss runs it, never loads dateparser's locales: in the window's
process they are ~25,000 lists every full garbage collection walks while the GUI waits."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from datetime import datetime
import htmldate.extractors as extractors
from reader.extract.dates import _own_date_parser
low, high = datetime(1995, 1, 1), datetime(2030, 1, 1)
with _own_date_parser():
    # A string with a day but no year or English month: htmldate's filter before its last-resort
    # parser would look it up in the month names of every dateparser locale.
    extractors.has_date_cue("5 Mehefin", low, high)
print("dateparser" in sys.modules)
"""


def test_the_date_search_does_not_load_every_locale_of_dateparser() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
