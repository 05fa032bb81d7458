"""The form a member fills in to create an API token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.forms import StatedLengthLimits
from practices.api.models import ApiToken


class TokenForm(StatedLengthLimits, forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("A name you will recognise, e.g. “Ministry mirror” or “My analysis”."),
        error_messages={"required": _("Give the token a name, so you can tell it apart later.")},
    )
