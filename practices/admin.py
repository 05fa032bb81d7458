from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from practices import workflow
from practices.models import (
    Practice,
    PracticeRevision,
    PracticeTransition,
    PracticeVersion,
    TaggedPractice,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TaggedPractice)
class TaggedPracticeAdmin(admin.ModelAdmin):
    list_display = ["tag", "content_object"]
    search_fields = ["tag__name", "content_object__title"]
    autocomplete_fields = ["content_object"]
    list_select_related = ["tag", "content_object"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "visibility", "featured", "published_at"]
    list_filter = ["status", "kind", "focus", "visibility", "featured", "objectives", "themes",
                   "countries__region", "source_event", "source_part"]  # fmt: skip
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "organisations", "source_event", "source_session",
                           "source_presentation", "author"]  # fmt: skip
    filter_horizontal = ["objectives", "themes"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish_selected", "archive_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "kind", "focus"]}),
        (
            _("Text"),
            {"fields": ["problem", "body", "results", "lessons", "adaptation", "contact"]},
        ),  # fmt: skip
        (
            _("Classification"),
            {"fields": ["objectives", "countries", "organisations", "themes", "tags"]},
        ),  # fmt: skip
        (
            _("Source"),
            {
                "fields": [
                    "source_event",
                    "source_part",
                    "source_session",
                    "source_presentation",
                    "dated_by_event",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "visibility",
                    "featured",
                    "published_at",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),  # fmt: skip
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags, countries and objectives are saved only now: the version kept, the timeline
        # entry and the search index follow them.
        workflow.admin_saved(practice=form.instance, actor=request.user, created=not change)

    @admin.action(description=_("Publish selected practices"), permissions=["change"])
    def publish_selected(self, request, queryset):
        done = workflow.admin_publish(practices=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)d practice published.", "%(n)d practices published.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archive selected practices"), permissions=["change"])
    def archive_selected(self, request, queryset):
        done = workflow.admin_archive(practices=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)d practice archived.", "%(n)d practices archived.", done) % {"n": done},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """The workflow's records are history: admins read them; the services write them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PracticeTransition)
class PracticeTransitionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action", "to_status"]
    search_fields = ["practice__title", "comment"]
    list_select_related = ["practice", "actor"]
    date_hierarchy = "created_at"


@admin.register(PracticeVersion)
class PracticeVersionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "number", "created_by", "created_at", "note"]
    search_fields = ["practice__title", "note"]
    list_select_related = ["practice", "created_by"]


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "author", "status", "reviewer", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["practice__title", "reviewer_comment"]
    list_select_related = ["practice", "author", "reviewer"]
