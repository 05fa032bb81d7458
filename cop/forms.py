"""Form behaviour shared by every form of the site (members', practices', the API's)."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class StatedLengthLimits:
    """Say each text field's length limit on the form, and refuse longer input with a message
    that says how to fix it, keeping what was typed.

    The HTML maxlength attribute is left out on purpose: a browser silently cuts pasted text at
    the limit, and the person never learns that the end of their answer was lost.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if not limit:
                continue
            field.widget.attrs.pop("maxlength", None)
            stated = _("At most %(limit)s characters.") % {
                "limit": number_format(limit, force_grouping=True)
            }
            field.help_text = f"{field.help_text} {stated}" if field.help_text else stated
            field.error_messages["max_length"] = _(
                "Shorten this to at most %(limit_value)d characters: it has %(show_value)d. "
                "Your text is still in the field."
            )
