"""Tidying the tag vocabulary: coordinators rename a tag, or merge duplicates into one.

Tags are taggit `Tag` objects shared through `TaggedPractice`. Renaming keeps the tag (its
practices follow); merging moves every practice of the merged tags onto the kept one and then
removes the merged tags, which nothing uses any more. Practices whose tags changed get a new
lock version (an edit form opened before sees the change); the database reindexes them for
search.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from practices import permissions
from practices.models import Practice, TaggedPractice
from practices.workflow.errors import InvalidInput, NotAllowed, WrongState
from practices.workflow.snapshots import normalise_tags


def _allowed(actor):
    if not permissions.can_manage_tags(actor):
        raise NotAllowed(_("Only coordinators can rename or merge tags."))


def _touch(practice_ids):
    Practice.objects.filter(pk__in=practice_ids).update(lock_version=F("lock_version") + 1)


def rename_tag(*, tag, name, actor):
    """Give a tag a new name (and the slug that goes with it)."""
    _allowed(actor)
    names = normalise_tags([name])
    if not names:
        raise InvalidInput(_("Type the new name of the tag."))
    new_name = names[0][:100]
    with transaction.atomic():
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
        clash = Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
        if clash is not None:
            raise WrongState(
                _("A tag called “%(name)s” already exists: merge the two instead.")
                % {"name": clash.name}
            )
        tag.name = new_name
        slug = tag.slugify(new_name)
        if not slug:
            # "%" or "!!": nothing to build the tag's address (/tags/<slug>/) from.
            raise InvalidInput(
                _("“%(name)s” has no letter or digit: a tag name needs at least one.")
                % {"name": new_name}
            )
        if Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
            raise WrongState(
                _("Another tag already uses the address “%(slug)s”: merge the two instead.")
                % {"slug": slug}
            )
        tag.slug = slug
        tag.full_clean()
        tag.save()
        _touch(
            list(TaggedPractice.objects.filter(tag=tag).values_list("content_object", flat=True))
        )
    return tag


def merge_tags(*, sources, into, actor):
    """Move every practice tagged with one of `sources` onto `into`; the sources go."""
    _allowed(actor)
    sources = [tag for tag in sources if tag.pk != into.pk]
    if not sources:
        raise InvalidInput(
            _("Choose at least one other tag to merge into “%(name)s”.") % {"name": into.name}
        )
    source_ids = [tag.pk for tag in sources]
    with transaction.atomic():
        # Lock the tags in a fixed order, so two merges at once cannot deadlock.
        list(Tag.objects.select_for_update().filter(pk__in=[*source_ids, into.pk]).order_by("pk"))
        moved = set(
            TaggedPractice.objects.filter(tag_id__in=source_ids).values_list(
                "content_object", flat=True
            )
        )
        already = set(
            TaggedPractice.objects.filter(tag=into, content_object__in=moved).values_list(
                "content_object", flat=True
            )
        )
        TaggedPractice.objects.bulk_create(
            [TaggedPractice(tag=into, content_object_id=pk) for pk in sorted(moved - already)]
        )
        TaggedPractice.objects.filter(tag_id__in=source_ids).delete()
        # Tags used through taggit's generic table (by another app) follow too.
        for item in TaggedItem.objects.filter(tag_id__in=source_ids):
            TaggedItem.objects.get_or_create(
                tag=into, content_type_id=item.content_type_id, object_id=item.object_id
            )
        Tag.objects.filter(pk__in=source_ids).delete()
        _touch(sorted(moved))
    return into
