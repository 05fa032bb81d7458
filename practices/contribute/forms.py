"""The practice form (new, edit) and the tags it suggests.

The practice form never touches a Practice: its cleaned data becomes a snapshot
(`practices.workflow.snapshots.from_form`), which the workflow services save as a draft or keep as a
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
from practices.workflow.snapshots import normalise_tags

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


# --- The practice form ----------------------------------------------------------------------


MARKDOWN = _("Markdown: paragraphs, lists, links.")


def text_area(label, name, *, rows=5, help_text=None):
    """An optional long text of the practice form, with its stated limit."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **limited(name, help_text),
    )


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
    problem = text_area(_("The problem it addressed"), "problem", help_text=MARKDOWN)
    body = text_area(_("What was done"), "body", rows=10, help_text=MARKDOWN)
    results = text_area(_("Results and evidence"), "results")
    lessons = text_area(_("Lessons and challenges"), "lessons")
    adaptation = text_area(_("How another country could adapt it"), "adaptation")
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
