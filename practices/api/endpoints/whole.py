"""/api/v1/datapackage.zip (everything public at once) and /api/v1/ (where everything is)."""

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router, Status

from practices.api import schemas, tasks
from practices.api.endpoints.collections import COLLECTIONS
from practices.api.http import api_endpoint
from practices.api.links import Links

router = Router()
router.add_decorator(api_endpoint, mode="view")


@router.get(
    "/datapackage.zip",
    response={200: None, 404: schemas.Problem},
    url_name="datapackage",
    summary="Everything public, as a Frictionless data package",
    tags=["data package"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "A zip: datapackage.json and one CSV file per resource.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def datapackage(request):
    """Every published public practice and the programme around them: CSV files and
    `datapackage.json` describing them (Frictionless Data). Rebuilt outside the request when
    content has changed since it was built; until then the previous one is served, and 404
    until the first is ready."""
    path = settings.DATA_PACKAGE_PATH
    if tasks.is_stale(path):
        tasks.enqueue_rebuild()  # the worker rebuilds it; until then, the one at hand
    try:
        stat = path.stat()
        handle = path.open("rb")
    except FileNotFoundError:
        return Status(
            404, {"detail": _("The data package has not been built yet; try again later.")}
        )
    response = FileResponse(handle, as_attachment=True, filename="glo-act-data.zip")
    response["Content-Type"] = "application/zip"
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["ETag"] = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    return response


@router.get(
    "/",
    response={200: schemas.Index},
    url_name="index",
    summary="Where everything is",
    tags=["index"],
)
def index(request):
    """Links to every collection, the data package, this description and its docs."""
    links = Links.for_request(request)
    collections = {c.path.strip("/"): links.api(f"{c.name}_list") for c in COLLECTIONS}
    return {
        "practices": links.api("practice_list"),
        **collections,
        "datapackage": links.api("datapackage"),
        "openapi": links.api("openapi-json"),
        "docs": links.site(reverse("api-docs")),
    }
