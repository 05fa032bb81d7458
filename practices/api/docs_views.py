"""/api/v1/docs: the API's reference as a plain page of the site, read from its OpenAPI
description (so it cannot drift from the code), working without JavaScript. The interactive
explorer (Swagger UI, from this site's static files) is linked from it."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practices.api.api import api
from practices.api.tokens import MAX_ACTIVE_PER_MEMBER

METHODS = ("get", "post", "put", "patch", "delete")


def _describe_schema(schema):
    """A few words for a parameter's schema: its type, choices, pattern and bounds."""
    if "anyOf" in schema:
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), schema)
    parts = []
    if schema.get("type") == "array":
        item = schema.get("items", {})
        parts.append(f"list of {item.get('type', 'values')}")
        schema = {**item, **{k: v for k, v in schema.items() if k in ("maxItems",)}}
    else:
        parts.append(schema.get("type", "value"))
    if "enum" in schema:
        parts.append("one of " + ", ".join(str(v) for v in schema["enum"]))
    if "pattern" in schema:
        parts.append(f"matching {schema['pattern']}")
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"),
                      ("maxItems", "at most")):  # fmt: skip
        if key in schema:
            parts.append(f"{word} {schema[key]}")
    if "default" in schema and schema["default"] not in ("", [], None):
        parts.append(f"default {schema['default']}")
    return "; ".join(parts)


def operations(description):
    """The description's operations, in order, each with its parameters and answers."""
    found = []
    for path, item in description["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation.get("operationId", path),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "schema": _describe_schema(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": [
                        (code, answer.get("description", ""))
                        for code, answer in sorted(operation["responses"].items())
                    ],
                }
            )
    return found


@require_GET
def docs(request):
    description = api.get_openapi_schema(path_prefix=request.path.rsplit("docs", 1)[0])
    return render(
        request,
        "api/docs.html",
        {
            "description": description,
            "openapi_version": description.get("openapi", ""),
            "operations": operations(description),
            "rate_limit_address": settings.API_RATE_LIMIT_ADDRESS,
            "rate_limit_token": settings.API_RATE_LIMIT_TOKEN,
            "rate_window": int(settings.API_RATE_WINDOW.total_seconds()),
            "max_tokens": MAX_ACTIVE_PER_MEMBER,
        },
    )
