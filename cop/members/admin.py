"""Member profiles, applications to join and notifications in the admin."""

from django.contrib import admin

from cop.members.models import MemberProfile, MembershipApplication, Notification


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "country", "role", "email_preference"]
    list_filter = ["email_preference", "country"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name",
                     "organisation", "role"]  # fmt: skip
    autocomplete_fields = ["user", "country"]
    list_select_related = ["user", "country"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: approving and declining happen on /curation/applications/, through the
    service that creates the account and e-mails the applicant."""

    list_display = ["full_name", "email", "organisation", "country", "status", "created_at",
                    "decided_by", "decided_at"]  # fmt: skip
    list_filter = ["status", "country"]
    search_fields = ["full_name", "email", "organisation", "role", "motivation"]
    date_hierarchy = "created_at"
    list_select_related = ["country", "decided_by"]
    readonly_fields = ["status", "decided_by", "decided_at", "applicant_message",
                       "decision_comment", "user", "created_at", "updated_at"]  # fmt: skip
    autocomplete_fields = ["country"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter),
                   ("emailed_at", admin.EmptyFieldListFilter)]  # fmt: skip
    search_fields = ["subject", "message", "recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["recipient"]
    list_select_related = ["recipient"]
