"""The open-data read API under /api/v1/, its personal tokens, and the downloadable data package.

`api.py` declares the API (django-ninja builds its OpenAPI description from the code), `http.py`
wraps every endpoint with what all of them share (who is asking, rate limits, language, caching
headers), `serialize.py` turns models into the documented shapes, `tokens.py` creates, revokes
and checks members' tokens, and `datapackage.py` writes the Frictionless data package of
everything public. Visibility always comes from `practices.permissions`, as on the pages.
"""
