"""The MUST assertions of the W3C Web Annotation Data Model's conformance tests, in Python.

Each function checks one assertion file that ``fixtures/*Musts.test`` lists (its name is
the key in :data:`ANNOTATION`, :data:`COLLECTION` or :data:`PAGE`), following its JSON
Schema and the definitions it refers to (``annotations.json``, ``collections.json``,
``id.json``, ``bodyTarget.json``, ``specificResource.json``, ``otherProperties.json`` in
``annotation-model/definitions/``). Each returns a list of problems, empty when it passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

Check = Callable[[dict[str, Any]], list[str]]

# JSON Schema draft-04 "format": "uri" (RFC 3986 absolute URI) and "date-time" (RFC 3339).
_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*"
)
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")


def listed(test_file: str) -> list[str]:
    """The assertion names a ``.test`` file lists (``5.1-collectionIdValidated``...)."""
    data = json.loads((FIXTURES / test_file).read_text(encoding="utf-8"))
    return [Path(item).stem for item in data["assertions"]]


# -- id.json ---------------------------------------------------------------------------------


def string_uri(value: Any) -> bool:
    return isinstance(value, str) and _URI.fullmatch(value) is not None


def array_single_string_uri(value: Any) -> bool:
    if isinstance(value, list):
        return len(value) == 1 and string_uri(value[0])
    return string_uri(value)


def id_value_found(obj: Any) -> bool:
    return isinstance(obj, dict) and "id" in obj and array_single_string_uri(obj["id"])


def _has_value(value: Any, wanted: str) -> bool:
    """``type``-like keys: the string, or an array holding it."""
    return value == wanted or (isinstance(value, list) and wanted in value)


# -- otherProperties.json: optional keys that MUST be valid when present ------------------------


def _single(value: Any, test: Callable[[Any], bool]) -> bool:
    if isinstance(value, list):
        return len(value) == 1 and test(value[0])
    return test(value)


def _date_time(value: Any) -> bool:
    return isinstance(value, str) and _DATE_TIME.fullmatch(value) is not None


def _all_uris(value: Any) -> bool:
    if isinstance(value, list):
        return len(value) >= 1 and all(string_uri(item) for item in value)
    return string_uri(value)


def _if_present(key: str, test: Callable[[Any], bool], what: str) -> Check:
    def check(obj: dict[str, Any]) -> list[str]:
        if key in obj and not test(obj[key]):
            return [f"{key} {obj[key]!r:.80} is not {what}"]
        return []

    return check


created_valid = _if_present("created", lambda v: _single(v, _date_time), "one date-time")
modified_valid = _if_present("modified", lambda v: _single(v, _date_time), "one date-time")
generated_valid = _if_present("generated", lambda v: _single(v, _date_time), "one date-time")
rights_valid = _if_present("rights", _all_uris, "IRIs")
canonical_valid = _if_present("canonical", lambda v: _single(v, string_uri), "one IRI")
via_valid = _if_present("via", _all_uris, "IRIs")


# -- bodyTarget.json, specificResource.json, choiceSet.json --------------------------------------

_SELECTORS = {
    "FragmentSelector": ("value",),
    "CssSelector": ("value",),
    "XPathSelector": ("value",),
    "TextQuoteSelector": ("exact",),
    "TextPositionSelector": ("start", "end"),
    "DataPositionSelector": ("start", "end"),
    "SvgSelector": (),
    "RangeSelector": ("startSelector", "endSelector"),
}


def _selector_recognized(selector: Any) -> bool:
    """specificResource.json#selectorDefined, one selector."""
    if string_uri(selector):
        return True
    if not isinstance(selector, dict):
        return False
    if id_value_found(selector):
        return True
    kind = selector.get("type")
    if kind not in _SELECTORS or not all(key in selector for key in _SELECTORS[kind]):
        return False
    if kind in ("TextPositionSelector", "DataPositionSelector"):
        return all(
            isinstance(selector[k], int) and not isinstance(selector[k], bool) and selector[k] >= 0
            for k in ("start", "end")
        )
    if kind == "TextQuoteSelector":
        return all(
            isinstance(selector[k], str) for k in ("exact", "prefix", "suffix") if k in selector
        )
    if kind == "SvgSelector":
        return ("value" in selector) != ("id" in selector)
    return True


def external_web_resource(obj: Any) -> bool:
    """bodyTarget.json#externalWebResourceDetected."""
    return id_value_found(obj) and not any(k in obj for k in ("value", "source", "target"))


def specific_resource(obj: Any) -> bool:
    """specificResource.json#specificeResourceDetected."""
    if not isinstance(obj, dict) or "source" not in obj:
        return False
    source = obj["source"]
    if not (string_uri(source) or external_web_resource(source)):
        return False
    selector = obj.get("selector")
    has_selector = "selector" in obj and (
        all(_selector_recognized(s) for s in selector) and len(selector) >= 1
        if isinstance(selector, list)
        else _selector_recognized(selector)
    )
    others = ("purpose", "state", "styleClass", "renderedVia", "scope")
    return has_selector or any(key in obj for key in others)


def _choice_or_set(obj: Any) -> bool:
    """choiceSet.json: Choice, Composite, Independents, List with items."""
    return (
        isinstance(obj, dict)
        and any(
            _has_value(obj.get("type"), k) for k in ("Choice", "Composite", "Independents", "List")
        )
        and isinstance(obj.get("items"), list)
    )


def textual_body(obj: Any) -> bool:
    """bodyTarget.json#textualBodyFound."""
    return isinstance(obj, dict) and isinstance(obj.get("value"), str)


def _exactly_one(obj: Any, kinds: list[Callable[[Any], bool]]) -> bool:
    """JSON Schema ``oneOf``: exactly one of the kinds matches."""
    return sum(1 for kind in kinds if kind(obj)) == 1


def _resources(key: str, kinds: list[Callable[[Any], bool]], *, required: bool) -> Check:
    def check(obj: dict[str, Any]) -> list[str]:
        if key not in obj:
            return [f"no {key}"] if required else []
        value = obj[key]
        items = value if isinstance(value, list) else [value]
        return [
            f"{key}[{number}] is not exactly one recognized resource: {json.dumps(item)[:120]}"
            for number, item in enumerate(items)
            if not _exactly_one(item, kinds)
        ]

    return check


_TARGET_KINDS = [string_uri, _choice_or_set, specific_resource, external_web_resource]
_BODY_KINDS = [*_TARGET_KINDS, textual_body]


def _resource_musts(key: str) -> Check:
    """bodyTarget.json#optionalBodyPropertiesMust / optionalTargetPropertiesMust."""
    checks = [
        created_valid,
        modified_valid,
        generated_valid,
        rights_valid,
        canonical_valid,
        via_valid,
    ]

    def check(obj: dict[str, Any]) -> list[str]:
        value = obj.get(key, [])
        items = value if isinstance(value, list) else [value]
        return [
            f"{key}[{number}].{problem}"
            for number, item in enumerate(items)
            if isinstance(item, dict)
            for test in checks
            for problem in test(item)
        ]

    return check


# -- the assertions ----------------------------------------------------------------------------


def _context(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@context")
    if value == ANNO_CONTEXT or (isinstance(value, list) and ANNO_CONTEXT in value):
        return []
    return [f"@context {value!r:.80} does not hold {ANNO_CONTEXT}"]


def _id(obj: dict[str, Any]) -> list[str]:
    return [] if id_value_found(obj) else [f"id {obj.get('id')!r:.80} is not one IRI"]


def _type(wanted: str) -> Check:
    def check(obj: dict[str, Any]) -> list[str]:
        return [] if _has_value(obj.get("type"), wanted) else [f"type is not {wanted}"]

    return check


def _not_body_and_body_value(obj: dict[str, Any]) -> list[str]:
    return ["both body and bodyValue"] if "body" in obj and "bodyValue" in obj else []


def _body_value(obj: dict[str, Any]) -> list[str]:
    if "bodyValue" in obj and not _single(obj["bodyValue"], lambda v: isinstance(v, str)):
        return ["bodyValue is not one string"]
    return []


def _both(*checks: Check) -> Check:
    return lambda obj: [problem for check in checks for problem in check(obj)]


ANNOTATION: dict[str, Check] = {
    "3.1-annotationContextValidated": _context,
    "3.1-annotationIdValidated": _id,
    "3.1-annotationTypeValidated": _type("Annotation"),
    "3.1-targetKeyFound": lambda obj: [] if "target" in obj else ["no target"],
    "3.2-targetObjectsRecognized": _both(
        _resources("target", _TARGET_KINDS, required=False), _resource_musts("target")
    ),
    "3.2.5-notBodyBodyValue": _not_body_and_body_value,
    "3.2-bodyObjectsRecognized": _both(
        _resources("body", _BODY_KINDS, required=False), _resource_musts("body")
    ),
    "3.2.5-bodyValueValidated": _body_value,
    "3.3.1-annotationCreatedValidated": created_valid,
    "3.3.1-annotationModifiedValidated": modified_valid,
    "3.3.1-annotationGeneratedValidated": generated_valid,
    "3.3.6-annotationRightsValidated": rights_valid,
    "3.3.7-annotationCanonicalValidated": canonical_valid,
    "3.3.7-annotationViaValidated": via_valid,
}


def _label(obj: dict[str, Any]) -> list[str]:
    value = obj.get("label", "")
    ok = isinstance(value, str) or (
        isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    )
    return [] if ok else ["label is not text"]


def _count(key: str) -> Check:
    """collections.json#totalDefinition / startIndexDefinition: one integer >= 0."""

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    return _if_present(key, lambda v: _single(v, whole), "one whole number >= 0")


def _first(obj: dict[str, Any]) -> list[str]:
    """collections.json#firstValidIfPresent and #firstRequiredIfTotalMoreThanZero."""
    problems = []
    if "first" in obj:

        def page(value: Any) -> bool:
            return string_uri(value) or (
                isinstance(value, dict) and _has_value(value.get("type"), "AnnotationPage")
            )

        if not _single(obj["first"], page):
            problems.append("first is not one page (an IRI or an AnnotationPage)")
    total = obj.get("total")
    if isinstance(total, int) and total > 0 and "first" not in obj:
        problems.append(f"total is {total} but there is no first page")
    return problems


def _page_link(key: str) -> Check:
    return _if_present(key, lambda v: _single(v, string_uri), "one IRI")


COLLECTION: dict[str, Check] = {
    "5.1-collectionContextValidated": _context,
    "5.1-collectionIdValidated": _id,
    "5.1-collectionTypeValidated": _type("AnnotationCollection"),
    "5.1-collectionLabelValidated": _label,
    "5.1-collectionTotalValidated": _count("total"),
    "5.1-collectionFirstValidated": _first,
    "5.1-collectionLastValidated": _page_link("last"),
    "3.3.1-collectionCreatedValidated": created_valid,
    "3.3.1-collectionModifiedValidated": modified_valid,
    "3.3.6-collectionRightsValidated": rights_valid,
}


def _items(obj: dict[str, Any]) -> list[str]:
    """collections.json#itemsFound, and the model's text (5.2): "There MUST be 1 or more
    Annotations in the items list", which the schema does not check."""
    items = obj.get("items")
    if not isinstance(items, list):
        return ["no items list"]
    problems = [
        f"items[{n}] is neither an Annotation nor an IRI"
        for n, item in enumerate(items)
        if not (
            string_uri(item)
            or (isinstance(item, dict) and _has_value(item.get("type"), "Annotation"))
        )
    ]
    return problems + ([] if items else ["a page with no items (the model: one or more)"])


def _part_of(obj: dict[str, Any]) -> list[str]:
    if "partOf" in obj and not (
        array_single_string_uri(obj["partOf"]) or id_value_found(obj["partOf"])
    ):
        return ["partOf is not a collection's IRI"]
    return []


#: Checked on the page itself; its @context is the document's (an embedded page).
PAGE: dict[str, Check] = {
    "5.2-pageContextValidated": lambda obj: [],  # see check_page
    "5.2-pageIdValidated": _id,
    "5.2-pageTypeValidated": _type("AnnotationPage"),
    "5.2-pageItemsValidated": _items,
    "5.2-pageStartIndexValidated": _count("startIndex"),
    "5.2-pagePartOfValidated": _part_of,
    "5.2-pageNextValidated": _page_link("next"),
    "5.2-pagePrevValidated": _page_link("prev"),
    "5.2-pageTotalValidated": _count("total"),
    "5.2-pageLabelValidated": _label,
    "5.2-pageFirstValidated": _first,
    "5.2-pageLastValidated": _page_link("last"),
    "3.3.1-pageCreatedValidated": created_valid,
    "3.3.1-pageModifiedValidated": modified_valid,
    "3.3.6-pageRightsValidated": rights_valid,
}


def _run(checks: dict[str, Check], names: list[str], obj: dict[str, Any], where: str) -> list[str]:
    return [f"{where}: {name}: {problem}" for name in names for problem in checks[name](obj)]


def check_annotation(annotation: dict[str, Any], where: str = "annotation") -> list[str]:
    """Every MUST of ``annotationMusts.test`` on one annotation, as if copied out alone."""
    return _run(ANNOTATION, listed("annotationMusts.test"), annotation, where)


def check_export(document: dict[str, Any]) -> list[str]:
    """Every MUST of the collection, its embedded page(s) and each annotation."""
    problems = _run(COLLECTION, listed("collectionMusts.test"), document, "collection")
    page = document.get("first")
    number = 1
    while isinstance(page, dict):
        where = f"page {number}"
        problems += _context(document) if number == 1 else []
        problems += _run(PAGE, listed("pageMusts.test"), page, where)
        for index, item in enumerate(page.get("items") or []):
            if isinstance(item, dict):
                problems += check_annotation(item, f"{where} item {index}")
        page, number = page.get("next"), number + 1
    return problems
