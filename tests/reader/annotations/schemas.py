"""The schemas and the JSON-LD context the interop tests check exports against (tests/schemas/)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"


@cache
def w3c_validator() -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "web-annotation.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@cache
def hypothesis_validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    """(the published create-annotation schema, the schema h's server validates with)."""
    published = yaml.safe_load((SCHEMAS / "hypothesis" / "annotation-create.yaml").read_text("utf-8"))["Annotation"]
    server = json.loads((SCHEMAS / "hypothesis" / "annotation-api.json").read_text("utf-8"))
    return (
        Draft202012Validator(published, format_checker=FormatChecker()),
        Draft202012Validator(server, format_checker=FormatChecker()),
    )


def errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that serves the Web Annotation context from tests/schemas and
    refuses every other remote document (the tests never touch the network)."""
    if url.rstrip("/") != ANNO_CONTEXT_URL:
        raise ValueError(f"no network in tests: {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((SCHEMAS / "anno-context.jsonld").read_text("utf-8")),
    }
