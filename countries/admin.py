from django.contrib import admin

from countries.models import Country, Phase, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region", "phases"]
    search_fields = ["name", "official_name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    filter_horizontal = ["phases"]
    list_select_related = ["region"]
