"""The read API, /api/v1/: the NinjaAPI that mounts the endpoints (see endpoints/) and what its
OpenAPI description adds to every operation (the `lang` parameter, the optional bearer token,
and the answers 304, 401, 422 and 429 that `http.api_endpoint` gives).

Read-only; django-ninja builds the description from the code, and docs_views renders it.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI

from practices.api import schemas
from practices.api.endpoints import ROUTERS
from practices.api.http import LANGUAGE_CODES


class OpenDataAPI(NinjaAPI):
    """Adds to every operation what `http.api_endpoint` does for all of them: the `lang`
    parameter, the optional bearer token, and the answers 304, 401, 422 and 429."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["token"] = {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "Optional. A personal token from your account page; without one you see what "
                "an anonymous visitor sees."
            ),
        }
        problem = {"content": {"application/json": {"schema": _ref(schema, "Problem")}}}
        invalid = {"content": {"application/json": {"schema": _ref(schema, "InvalidInput")}}}
        retry = {"Retry-After": {"schema": {"type": "integer"}, "description": _("Seconds.")}}
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                operation["security"] = [{}, {"token": []}]
                operation.setdefault("parameters", []).append(
                    {
                        "in": "query",
                        "name": "lang",
                        "required": False,
                        "schema": {"type": "string", "enum": LANGUAGE_CODES},
                        "description": _(
                            "The language to answer in; without it, the Accept-Language header."
                        ),
                    }
                )
                # ninja keys its own answers by number; JSON (and these additions) by text.
                responses = {str(code): answer for code, answer in operation["responses"].items()}
                operation["responses"] = responses
                responses.setdefault(
                    "304", {"description": _("Not modified since the ETag or date you sent.")}
                )
                responses.setdefault("401", {"description": _("Invalid token."), **problem})
                responses.setdefault("422", {"description": _("Invalid parameters."), **invalid})
                responses.setdefault(
                    "429",
                    {"description": _("Too many requests."), "headers": retry, **problem},
                )
        return schema

    def get_openapi_operation_id(self, operation):
        # The ids published since version 1 name the module the endpoints were first declared
        # in; they stay, whatever module an endpoint lives in now, so that generated clients
        # keep their method names and the docs page its anchors.
        return f"practices_api_api_{operation.view_func.__name__}"


def _ref(schema, name):
    schemas_ = schema.setdefault("components", {}).setdefault("schemas", {})
    if name not in schemas_:
        model = getattr(schemas, name)
        schemas_[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"$ref": f"#/components/schemas/{name}"}


api = OpenDataAPI(
    title="GLO.ACT Community of Practice: open data API",
    version="1",
    description=(
        "Read-only access to the good practices, lessons learned and challenges collected by "
        "the GLO.ACT Community of Practice, and to the programme they are filed under. "
        "Without a token you see what an anonymous visitor of the site sees; with a personal "
        "token (created on your account page) you see what you see when signed in."
    ),
    urls_namespace="api-v1",
    docs_url="/docs/explore",  # Swagger UI; the readable reference is /docs (docs_views)
    openapi_url="/openapi.json",
)

for router in ROUTERS:
    api.add_router("", router)
