"""The endpoints of the read API, /api/v1/…, one module per part, each with its own router
(wrapped by `http.api_endpoint`, which every endpoint shares):

- `practices.py`: /practices (the listing's filters, search and sort) and /practices/{slug};
- `collections.py`: /objectives, /themes, /countries, /regions, /phases, /events, /tags, each
  a list and /{slug};
- `whole.py`: /datapackage.zip and / (the index).

`ROUTERS` lists them in the order the OpenAPI description and the docs page show them.
"""

from practices.api.endpoints import collections, practices, whole

ROUTERS = [practices.router, collections.router, whole.router]
