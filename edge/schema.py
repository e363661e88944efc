"""The client errors every API operation can answer, added to the OpenAPI schema in one place.

Views raise them through DRF (validation, permissions, get_object_or_404) rather than declaring them, so
drf-spectacular does not see them; a client generated from the schema should.
"""

CLIENT_ERROR = {
    "type": "object",
    "description": "Fehler: `detail` (und `code`), oder je Eingabefeld eine Liste von Meldungen.",
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Ungültige Eingabe",
    "401": "Anmeldedaten ungültig",
    "403": "Keine Berechtigung",
    "404": "Nicht gefunden",
    "429": "Zu viele Anfragen (Retry-After sagt, wann wieder)",
}
WRITES = {"post", "put", "patch", "delete"}


def document_client_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: 400/401/403/404 (and 429 on writes, which are rate-limited) on
    every operation that can meet them."""
    result.setdefault("components", {}).setdefault("schemas", {})["ClientError"] = CLIENT_ERROR
    response = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ClientError"}}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["401", "403", *(["429"] if method in WRITES else [])]
            if operation.get("parameters") or operation.get("requestBody"):
                codes.append("400")
            if "{" in path:
                codes.append("404")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": DESCRIPTIONS[code], **response})
    return result
