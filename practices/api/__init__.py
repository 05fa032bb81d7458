"""The open-data read API under /api/v1/, its personal tokens, and the downloadable data package.

URLs: /api/v1/ (urls.py: the API, its OpenAPI description at /api/v1/openapi.json, the explorer
at /api/v1/docs/explore and the readable reference at /api/v1/docs) and /account/api-tokens/
(account_urls.py: creating and revoking tokens).

- `api.py`: the NinjaAPI, and what its OpenAPI description adds to every operation;
- `endpoints/`: the endpoints, one module per part (practices; the programme's collections and
  tags; the data package and the index);
- `http.py`: what every endpoint shares (who is asking, rate limits, language, caching headers);
- `params.py`, `paging.py`: what callers send (slugs, filters, pages) and the pages answered;
- `schemas.py`: the documented shapes; `serialize.py`: models to those shapes; `links.py`:
  absolute links, every one reversed from its URL name;
- `datapackage/`: the Frictionless data package of everything public; `tasks.py` rebuilds it
  outside the request;
- `tokens.py`, `models.py`, `forms.py`, `account_views.py`: members' tokens;
  `docs_views.py`: the reference page.

Visibility always comes from `practices.permissions`, as on the pages.
"""
