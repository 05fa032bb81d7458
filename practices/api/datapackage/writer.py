"""Writing the data package: datapackage.json and one CSV file per resource, zipped, replacing
the previous package in one step, with a note beside it of which state of the content it holds.
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from practices.api.datapackage.resources import resources


def _csv(resource):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _kind, _title in resource.fields])
    for row in resource.rows():
        writer.writerow(["" if v is None else _boolean(v) for v in row])
    return buffer.getvalue()


def _boolean(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def descriptor(built):
    return {
        "profile": "tabular-data-package",
        "name": "glo-act-community-of-practice",
        "title": "GLO.ACT Community of Practice: good practices against trafficking in persons "
        "and the smuggling of migrants",
        "description": "Every published, public practice of the knowledge base, with the "
        "objectives, countries, themes, organisations and tags it is filed under, and the "
        "programme's events, sessions and presentations they come from.",
        "homepage": settings.SITE_URL + "/",
        "created": built.isoformat(),
        "resources": [r.descriptor() for r in resources()],
    }


def version_path(path):
    """Beside the zip: which state of the content it holds (see practices.api.tasks)."""
    return Path(path).with_suffix(".version")


def build(path=None, *, version=""):
    """Write the data package to `path` (DATA_PACKAGE_PATH by default), replacing it whole."""
    path = Path(path or settings.DATA_PACKAGE_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    built = timezone.now()
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".datapackage-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "datapackage.json", json.dumps(descriptor(built), ensure_ascii=False, indent=2)
            )
            for resource in resources():
                z.writestr(f"{resource.name}.csv", _csv(resource))
        os.chmod(partial, 0o644)
        os.replace(partial, path)  # readers see the old package or the new one, never half
        version_path(path).write_text(version)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path
