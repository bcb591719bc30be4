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
