"""The programme in the admin: objectives, organisations, events, sessions, presentations.

The member side (profiles, applications, notifications) is in cop.members.admin, imported here
because Django's admin discovers only cop.admin.
"""

from django.contrib import admin

import cop.members.admin  # noqa: F401
from cop.models import Event, EventFigure, Objective, Organisation, Presentation, Session


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "short_label", "title"]
    list_display_links = ["number", "short_label"]
    search_fields = ["title", "short_label"]
    prepopulated_fields = {"slug": ["short_label"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    list_select_related = ["country"]


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = ["order", "kind", "number", "title", "slug", "objectives", "moderator_name",
              "moderator_role"]  # fmt: skip
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["objectives"]
    show_change_link = True


class EventFigureInline(admin.TabularInline):
    model = EventFigure
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "city"]
    date_hierarchy = "start_date"
    search_fields = ["title", "subtitle", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["country"]
    inlines = [SessionInline, EventFigureInline]


class PresentationInline(admin.StackedInline):
    model = Presentation
    extra = 0
    autocomplete_fields = ["organisation", "country"]
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "order", "kind", "moderator_name"]
    list_filter = ["event", "kind", "objectives"]
    search_fields = ["title", "moderator_name", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event"]
    filter_horizontal = ["objectives"]
    list_select_related = ["event"]
    inlines = [PresentationInline]


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    list_display = ["presenter_name", "title", "session", "organisation", "country", "kind"]
    list_filter = ["kind", "session__event", "session", "country"]
    search_fields = ["presenter_name", "presenter_role", "title", "summary"]
    autocomplete_fields = ["session", "organisation", "country"]
    list_select_related = ["session", "organisation", "country"]
