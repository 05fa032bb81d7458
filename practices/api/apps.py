from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "practices.api"
    label = "api"
    verbose_name = _("Open data API")
    default_auto_field = "django.db.models.BigAutoField"
