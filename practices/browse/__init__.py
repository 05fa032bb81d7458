"""Browsing practices: every page a reader finds practices through.

URLs served: /practices/ (the listing, with search, facets and chips), /practices/<slug>/ (a
practice), /practices/export.csv and .json, /feeds/practices/, /tags/; the pinned listings
/objectives/<slug>/, /countries/<slug>/, /tags/<slug>/ (one view); and the programme's pages
that show practices: / (home), /objectives/, /countries/, /events/<slug>/; and sitemap.xml.

    filters.py   the facets, each declared once, and the FilterSet made from them
    facets.py    the counts beside each facet's choices, in one query
    listing.py   a request turned into the listing: results, page, facets, chips, notices
    views.py     the listing, a practice's page, the tags index, the exports
    pinned.py    the one view of the listings pinned to an objective, a country or a tag
    pages.py     home, the objectives and countries indexes, an event's page
    related.py   practices related to a practice
    exports.py   CSV and JSON of a selection
    feeds.py     the Atom feed
    sitemaps.py  sitemap.xml
    urls.py      the URL lists of the three namespaces these pages keep

Search itself lives in practices.search.
"""
