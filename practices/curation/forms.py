"""Forms of the curation pages: a decision, a comment, the queue's filters, tag tidying."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cop.models import Objective
from countries.models import Country
from practices.models import Visibility
from practices.workflow import CHECKLIST, PUBLISH, REJECT, REQUEST_CHANGES

# A coordinator's comment is read in an e-mail: a few paragraphs at most.
COMMENT_MAX_LENGTH = 5000


class DecisionForm(forms.Form):
    """A coordinator's decision on a submission or a revision."""

    PUBLISH = PUBLISH
    REQUEST_CHANGES = REQUEST_CHANGES
    REJECT = REJECT
    DECISIONS = [
        (PUBLISH, _("Approve and publish")),
        (REQUEST_CHANGES, _("Request changes")),
        (REJECT, _("Reject")),
    ]

    checks = forms.MultipleChoiceField(
        label=_("Before approving, I checked that"),
        choices=list(CHECKLIST.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("All three are needed to approve; not to request changes or reject."),
    )
    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to request changes or reject: it is sent to the author."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it once published"),
        choices=Visibility.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)

    def __init__(self, *args, proposed_visibility=None, **kwargs):
        """`proposed_visibility`: what the author asked for, the decision's default."""
        super().__init__(*args, **kwargs)
        if proposed_visibility:
            self.fields["visibility"].initial = proposed_visibility
            self.fields["visibility"].help_text = _(
                "The author proposed: %(choice)s. Your choice applies when you approve."
            ) % {"choice": Visibility(proposed_visibility).label}

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.PUBLISH and set(data.get("checks") or []) != set(CHECKLIST):
            self.add_error(
                "checks",
                forms.ValidationError(
                    _("Tick all three checks to approve, or request changes instead."),
                    code="checklist_incomplete",
                ),
            )
        if (
            decision in (self.REQUEST_CHANGES, self.REJECT)
            and not (data.get("comment") or "").strip()
        ):
            self.add_error(
                "comment",
                forms.ValidationError(
                    _("Write a comment: say what to change, or why it is not published."),
                    code="comment_required",
                ),
            )
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def shown_value(value, limit=60):
    """Typed text, safe to quote back in a message: printable characters, shortened."""
    text = "".join(ch for ch in str(value) if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"


class _QuotesBadChoice:
    """A choice field whose "unknown value" message quotes what was typed, safely."""

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            # A NUL byte is refused before the lookup: say which filter, like any bad value.
            if error.code not in ("invalid_choice", "null_characters_not_allowed"):
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": shown_value(value)},
            ) from None


class QueueChoiceField(_QuotesBadChoice, forms.ChoiceField):
    pass


class QueueModelChoiceField(_QuotesBadChoice, forms.ModelChoiceField):
    pass


class QueueFilterForm(forms.Form):
    """The review queue's filters; an unknown value is named and that filter left out."""

    SUBMISSION = "submission"
    REVISION = "revision"

    kind = QueueChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Everything")),
            (SUBMISSION, _("New practices")),
            (REVISION, _("Revisions of published practices")),
        ],
        error_messages={
            "invalid_choice": _("There is no kind “%(value)s”: choose one from the list.")
        },
    )
    objective = QueueModelChoiceField(
        label=_("Objective"),
        required=False,
        queryset=Objective.objects.order_by("number"),
        to_field_name="slug",
        empty_label=_("All objectives"),
        error_messages={
            "invalid_choice": _("There is no objective “%(value)s”: choose one from the list.")
        },
    )
    country = QueueModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.filter(practices__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        empty_label=_("All countries"),
        error_messages={
            "invalid_choice": _("There is no country “%(value)s” in the list: choose one from it.")
        },
    )

    def filters(self):
        """The valid filters only: {"kind": str, "objective": obj or None, "country": …}."""
        self.is_valid()
        data = self.cleaned_data
        return {name: data.get(name) or None for name in ("kind", "objective", "country")}


class TagRenameForm(forms.Form):
    name = forms.CharField(
        label=_("New name"),
        max_length=100,
        error_messages={
            "required": _("type the new name of the tag."),
            "max_length": _("keep the name under %(limit_value)d characters."),
        },
    )


class TagMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Keep this tag"),
        queryset=Tag.objects.order_by("name"),
        to_field_name="slug",
        help_text=_("Practices of the tags ticked below get this tag instead."),
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Merge these tags into it"),
        queryset=Tag.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        into, sources = data.get("into"), data.get("sources")
        if into and sources is not None and not [t for t in sources if t.pk != into.pk]:
            self.add_error(
                "sources",
                forms.ValidationError(
                    _("Tick at least one tag other than the one you keep."), code="nothing_to_merge"
                ),
            )
        return data
