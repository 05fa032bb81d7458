"""The Atom feed of newly published practices, accepting the listing's filters."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from practices.browse.listing import select_practices
from practices.dating import date_range_text
from practices.models import Visibility

FEED_SIZE = 50


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    title = _("GLO.ACT Community of Practice: newly published practices")
    subtitle = _("Good practices against trafficking in persons and the smuggling of migrants.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def link(self):
        query = self.request.GET.urlencode()
        return reverse("practices:list") + (f"?{query}" if query else "")

    def items(self):
        selection = select_practices(self.request)
        return (
            selection.results.order_by("-published_at", "title")
            .select_related("author", "source_event")
            .prefetch_related("objectives", "countries")[:FEED_SIZE]
        )

    def item_title(self, item):
        # Only a signed-in member's feed holds members-only practices: label them there.
        if item.visibility == Visibility.MEMBERS:
            return _("%(title)s (members only)") % {"title": item.title}
        return item.title

    def item_description(self, item):
        presented = item.presented_dates
        if presented:
            # The sources give no publication date; say what is known instead.
            return _("%(summary)s (Presented at the %(event)s, %(dates)s.)") % {
                "summary": item.summary,
                "event": item.source_event.title,
                "dates": date_range_text(*presented),
            }
        return item.summary

    def item_pubdate(self, item):
        return None if item.presented_dates else item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        audience = [str(_("Members only"))] if item.visibility == Visibility.MEMBERS else []
        return (
            audience
            + [o.short_label for o in item.objectives.all()]
            + [c.name for c in item.countries.all()]
        )
