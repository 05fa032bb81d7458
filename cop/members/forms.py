"""Forms for signing in, passwords, applications to join, decisions on them, e-mail preferences."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cop.forms import StatedLengthLimits
from cop.members.models import MemberProfile, MembershipApplication
from countries.models import Country


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or e-mail address and password do not match an account. Check "
            "both (the password is case-sensitive), or use “Forgot your password?”."
        ),
    }


class MemberPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches members who have not yet chosen a password.

    Django skips accounts with an unusable password, because elsewhere those may sign in
    through another system. Here such an account is a newly approved member whose
    set-password link expired or was lost: the reset form is how they get a new one.
    """

    def get_users(self, email):
        return (
            user
            for user in get_user_model()
            ._default_manager.filter(email__iexact=email, is_active=True)
            .iterator()
            if user.email.lower() == email.lower()
        )


class ApplicationForm(StatedLengthLimits, forms.ModelForm):
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("— Other, or not in the list —"),
        help_text=_("The country where you work."),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "full_name",
            "email",
            "organisation",
            "role",
            "country",
            "country_other",
            "motivation",
        ]
        labels = {
            "full_name": _("Full name"),
            "email": _("E-mail address"),
            "organisation": _("Organisation"),
            "role": _("Role or position"),
            "country_other": _("Other country"),
            "motivation": _("Why do you want to join?"),
        }
        help_texts = {
            "email": _("We write to this address when a coordinator has decided."),
            "organisation": _("E.g. Ministry of Justice, Office of the Prosecutor, UNODC."),
            "country_other": _("Only if your country is not in the list above."),
            "motivation": _(
                "A few sentences: your work against trafficking in persons or the smuggling "
                "of migrants, and what you hope to share or learn."
            ),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_email(self):
        # Whether the address has an account or a waiting application is never said here
        # (cop.members.membership.submit_application tells the address itself, by e-mail).
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("country") and not cleaned.get("country_other", "").strip():
            self.add_error(
                "country",
                ValidationError(
                    _("Choose your country from the list, or type it under “Other country”."),
                    code="country_required",
                ),
            )
        return cleaned

    def validate_unique(self):
        # A second application for a waiting address is answered like any other (see
        # cop.members.membership.submit_application); the database constraint stays as the backstop.
        pass


def _internal_note_field():
    return forms.CharField(
        label=_("Internal note (optional)"),
        help_text=_(
            "Kept with the application for coordinators only; never sent to the applicant."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ApproveForm(StatedLengthLimits, forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant (optional) — sent by e-mail"),
        help_text=_("Added to the welcome e-mail as a message from the coordinator."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    internal_note = _internal_note_field()


class DeclineForm(StatedLengthLimits, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining — sent to the applicant by e-mail"),
        help_text=_("Required. The applicant receives this text by e-mail: be clear and kind."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _("Write the reason: the applicant receives it by e-mail."),
        },
    )
    internal_note = _internal_note_field()


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["email_preference"]
        labels = {"email_preference": _("E-mail me about notifications")}
        widgets = {"email_preference": forms.RadioSelect}
