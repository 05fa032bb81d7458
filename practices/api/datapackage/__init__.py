"""The data package: everything public, as CSV files and the `datapackage.json` describing them.

A Frictionless Data tabular data package (https://specs.frictionlessdata.io/): one CSV file per
kind of thing, one per many-to-many link, ids as primary keys and foreign keys between them,
so that the whole can be loaded into a spreadsheet, a database or pandas and joined again.
Practices are those an anonymous visitor sees (`visible_practices` with nobody signed in); tags
are those on such practices. It is written to a zip beside the site's data, outside requests
(`manage.py build_datapackage`, or the task that runs it), and replaced in one step;
/api/v1/datapackage.zip serves it (endpoints/whole.py).

- `resources.py`: what the package holds, one declaration per table;
- `writer.py`: writing the zip and its descriptor.
"""

from practices.api.datapackage.resources import resources
from practices.api.datapackage.writer import build, descriptor, version_path

__all__ = ["build", "descriptor", "resources", "version_path"]
