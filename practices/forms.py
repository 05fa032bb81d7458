"""Forms of the contribution and curation pages.

The practice form never touches a Practice: its cleaned data becomes a snapshot
(`practices.snapshots.from_form`), which the workflow services save as a draft or keep as a
revision to review. Labels, help and errors are rendered by Django's field template, which
links errors and help to their input with `aria-describedby`.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cop.forms import StatedLengthLimits
from cop.models import Event, Objective, Session
from countries.models import Country
from practices import permissions
from practices.models import Focus, Kind, TaggedPractice, Theme, Visibility
from practices.personal_data import personal_data_found
from practices.snapshots import normalise_tags
from practices.workflow import CHECKLIST

MAX_TAGS = 20

# The longest text each field of the practice form takes, said on the form: a practice stays
# readable, and no request makes the server store, render and compare megabytes.
TEXT_LIMITS = {
    "title": 200,
    "summary": 400,
    "problem": 5_000,
    "body": 15_000,
    "results": 5_000,
    "lessons": 5_000,
    "adaptation": 5_000,
    "contact": 300,
    "tags": 1_000,
}


def limited(name, help_text=None, **error_messages):
    """The field's maximum from TEXT_LIMITS; `StatedLengthLimits` says it on the form."""
    return {
        "max_length": TEXT_LIMITS[name],
        "help_text": help_text or "",
        "error_messages": error_messages,
    }


# A coordinator's comment is read in an e-mail: a few paragraphs at most.
COMMENT_MAX_LENGTH = 5000

# --- The practice form ----------------------------------------------------------------------


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.short_label}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.event.title} — {obj.title}"


class TagsField(forms.CharField):
    """Free tags, comma separated: lower case, trimmed, each once."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        # A NUL byte is refused as in any other text field (PostgreSQL cannot store one); the
        # validators would only see the list of tags, whose repr hides it.
        ProhibitNullCharactersValidator()(text)
        # The limit is on what was typed: the validators only see the list of tags.
        if self.max_length is not None and len(text) > self.max_length:
            raise forms.ValidationError(
                self.error_messages["max_length"],
                code="max_length",
                params={"limit_value": self.max_length, "show_value": len(text)},
            )
        return normalise_tags(text.split(","))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(
                _("Use at most %(max)d tags; keep the ones a reader would search for."),
                code="too_many_tags",
                params={"max": MAX_TAGS},
            )
        for name in value:
            if len(name) > 100:
                raise forms.ValidationError(
                    _("Keep each tag under 100 characters: “%(tag)s…” is longer."),
                    code="tag_too_long",
                    params={"tag": name[:30]},
                )


class PracticeForm(StatedLengthLimits, forms.Form):
    """What a member tells about a practice; groups follow the order of the practice page."""

    title = forms.CharField(
        label=_("Title"),
        **limited(
            "title",
            _("A short, plain title: what was done, e.g. “Joint training of judges”."),
            required=_("Give the practice a title, in a few words."),
        ),
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        **limited(
            "summary",
            _("One or two sentences: what was done, where, and why it matters."),
            required=_("Write a summary of one or two sentences."),
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Kind.choices, initial=Kind.GOOD_PRACTICE, widget=forms.RadioSelect
    )
    focus = forms.ChoiceField(
        label=_("Focus"), choices=Focus.choices, initial=Focus.BOTH, widget=forms.RadioSelect
    )
    problem = forms.CharField(
        label=_("The problem it addressed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        **limited("problem", _("Markdown: paragraphs, lists, links.")),
    )
    body = forms.CharField(
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        **limited("body", _("Markdown: paragraphs, lists, links.")),
    )
    results = forms.CharField(
        label=_("Results and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        **limited("results"),
    )
    lessons = forms.CharField(
        label=_("Lessons and challenges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        **limited("lessons"),
    )
    adaptation = forms.CharField(
        label=_("How another country could adapt it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        **limited("adaptation"),
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        required=False,
        **limited(
            "contact",
            _("An office or a professional address readers may write to; never a victim’s."),
        ),
    )
    objectives = ObjectiveChoiceField(
        label=_("Objectives"),
        queryset=Objective.objects.order_by("number"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The GLO.ACT objectives this practice serves: at least one."),
        error_messages={"required": _("Choose at least one objective.")},
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes of the conclusions"),
        queryset=Theme.objects.order_by("number"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = TagsField(
        label=_("Tags"),
        required=False,
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
        **limited("tags", _("Separate tags with commas, e.g. “training, judges”.")),
    )
    source_event = forms.ModelChoiceField(
        label=_("Event where it was presented (optional)"),
        queryset=Event.objects.order_by("-start_date"),
        to_field_name="slug",
        required=False,
    )
    source_session = SessionChoiceField(
        label=_("Session (optional)"),
        queryset=Session.objects.select_related("event").order_by("event__start_date", "order"),
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Your proposal: the coordinator who reviews the practice decides. A members-only "
            "practice is shown to signed-in members only, labelled “Members only”."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    FIELDSETS = [
        (_("The practice"), ["title", "summary", "kind", "focus"]),
        (_("What happened"), ["problem", "body", "results", "lessons", "adaptation"]),
        (_("Where and what for"), ["objectives", "countries", "themes", "tags"]),
        (_("Source and contact"), ["source_event", "source_session", "contact"]),
        (_("Readers"), ["visibility"]),
    ]
    TEXT_FIELDS = ["title", "summary", "problem", "body", "results", "lessons", "adaptation"]

    def clean(self):
        data = super().clean()
        event, session = data.get("source_event"), data.get("source_session")
        if session and event and session.event_id != event.pk:
            self.add_error(
                "source_session",
                forms.ValidationError(
                    _("This session was part of “%(event)s”: choose that event, or no event."),
                    code="session_outside_event",
                    params={"event": session.event.title},
                ),
            )
        elif session and not event:
            data["source_event"] = session.event
        return data

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def personal_data_warning(self):
        """What the texts seem to contain that could identify someone, or [] (no contact)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return personal_data_found({self[name].label: data.get(name) for name in self.TEXT_FIELDS})

    @staticmethod
    def initial_from_snapshot(snapshot, lock_version):
        initial = {name: snapshot.get(name) for name in snapshot if not name.startswith("tag")}
        initial["tags"] = ", ".join(snapshot.get("tag_names") or [])
        session_key = snapshot.get("source_session") or ""
        if "/" in session_key:
            event_slug, session_slug = session_key.split("/", 1)
            session = Session.objects.filter(event__slug=event_slug, slug=session_slug).first()
            initial["source_session"] = session.pk if session else None
        initial["lock_version"] = lock_version
        return initial


def tag_suggestions(user, limit=500):
    """Tag names for the form's <datalist>: only those of practices this user may open."""
    carried = TaggedPractice.objects.filter(
        content_object__in=permissions.readable_practices(user)
    ).values("tag_id")
    names = Tag.objects.filter(pk__in=carried).order_by("name").values_list("name", flat=True)
    return list(names[:limit])


# --- Curation forms -------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """A coordinator's decision on a submission or a revision."""

    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
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
