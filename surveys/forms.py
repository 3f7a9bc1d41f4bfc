"""The survey form: one required choice per item ("Can't say" included), two
optional comments. Anything a browser would not send is refused."""

from __future__ import annotations

from functools import lru_cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .groups import Relationship
from .instrument import CANT_SAY, CANT_SAY_LABEL, SCALE
from .selectors import InstrumentContent
from .wording import item_text, question_text


def choices() -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in SCALE] + [(CANT_SAY, CANT_SAY_LABEL)]


ANSWER_REQUIRED = gettext_lazy("Choose an answer, or “Can't say”.")
UNEXPECTED_FIELDS = gettext_lazy(
    "The form contained fields it does not have. Please reload the page and answer again."
)
DUPLICATE_FIELDS = gettext_lazy(
    "The form sent some answers twice. Please reload the page and answer again."
)
COMMENT_TOO_LONG = gettext_lazy(
    "Please keep this comment under %(limit)s characters (it has %(length)s)."
)

ALWAYS_ALLOWED = {"csrfmiddlewaretoken"}

# Said above the comment boxes: who reads them, and that they are shown as written.
COMMENT_NOTES = {
    Relationship.SELF: gettext_lazy("Your notes appear in your own report, as you write them."),
    Relationship.BOSS: gettext_lazy(
        "Your comments are shown to the manager exactly as you write them, never "
        "edited or translated, under your role as their manager."
    ),
}
ANONYMOUS_COMMENT_NOTE = gettext_lazy(
    "Comments are shown to the manager exactly as you write them (never edited or "
    "translated), without names, in random order, and only when enough colleagues in your "
    "group answered. Avoid details that would identify you."
)
for _group in (Relationship.TEAM, Relationship.PEER, Relationship.OTHER):
    COMMENT_NOTES[_group] = ANONYMOUS_COMMENT_NOTE


def item_field_name(item_id: int) -> str:
    return f"item_{item_id}"


def question_field_name(question_id: int) -> str:
    return f"comment_{question_id}"


class CommentField(forms.CharField):
    """Refuses an over-long comment with a message that says how long it was."""

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(max_length=None, strip=True, **kwargs)
        self.limit = limit
        self.widget.attrs["maxlength"] = str(limit)

    def to_python(self, value):
        # Browsers count a line break as one character against maxlength but
        # send it as CRLF; count it as the rater saw it.
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def validate(self, value):
        super().validate(value)
        if value and len(value) > self.limit:
            raise forms.ValidationError(
                COMMENT_TOO_LONG % {"limit": f"{self.limit:,}", "length": f"{len(value):,}"},
                code="max_length",
            )


class SurveyForm(forms.Form):
    def __init__(
        self,
        *args,
        content: InstrumentContent,
        relationship: str,
        manager_name: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.content = content
        self.items = items = content.items
        self.questions = questions = content.questions
        self.relationship = relationship
        limit = settings.FEEDBACK["COMMENT_MAX_CHARS"]
        for number, item in enumerate(items, start=1):
            field = forms.ChoiceField(
                label=item_text(content, item.id, relationship, name=manager_name),
                choices=choices(),
                widget=forms.RadioSelect,
                error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
            )
            # Shown before the statement, and in the phone's compact error list.
            field.number = number
            self.fields[item_field_name(item.id)] = field
        for question in questions:
            self.fields[question_field_name(question.id)] = CommentField(
                label=question_text(content, question.id, relationship, name=manager_name),
                required=False,
                limit=limit,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Optional. Up to %(limit)s characters.") % {"limit": f"{limit:,}"},
            )

    @cached_property
    def helper(self) -> FormHelper:
        """The crispy layout: built only when the form is rendered."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        sections, current, fields = [], None, []
        for item in self.items:
            if current is not None and item.dimension_id != current.id:
                sections.append((current, fields))
                fields = []
            current = item.dimension
            fields.append(Field(item_field_name(item.id), template="surveys/likert_field.html"))
        if current is not None:
            sections.append((current, fields))
        parts = [
            Fieldset(
                format_html("{}. {}", number, self.content.dimension_names[dimension.id]),
                *fields,
                css_class="survey-section",
            )
            for number, (dimension, fields) in enumerate(sections, start=1)
        ]
        parts.append(
            Fieldset(
                "In your own words",
                HTML(
                    f'<p class="text-body-secondary small">{COMMENT_NOTES[self.relationship]}</p>'
                ),
                *[Field(question_field_name(q.id)) for q in self.questions],
                css_class="survey-section",
            )
        )
        helper.layout = Layout(Div(*parts))
        return helper

    def clean(self):
        cleaned = super().clean()
        allowed = ALWAYS_ALLOWED | set(self.fields)
        if set(self.data) - allowed or self.files:
            raise forms.ValidationError(UNEXPECTED_FIELDS, code="unexpected")
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None and any(len(getlist(name)) > 1 for name in self.data):
            # Which of two values would be the rater's? Neither is stored.
            raise forms.ValidationError(DUPLICATE_FIELDS, code="duplicate")
        return cleaned

    def answers(self) -> dict[int, int | None]:
        return {
            item.id: None
            if self.cleaned_data[item_field_name(item.id)] == CANT_SAY
            else int(self.cleaned_data[item_field_name(item.id)])
            for item in self.items
        }

    def comments(self) -> dict[int, str]:
        return {q.id: self.cleaned_data.get(question_field_name(q.id), "") for q in self.questions}


# What each answer a browser sends means: its text -> the value counted.
ANSWER_VALUES: dict[str, int | None] = {
    value: None if value == CANT_SAY else int(value) for value, _ in choices()
}


@lru_cache(maxsize=4)
def _comment_field(limit: int) -> CommentField:
    return CommentField(limit=limit, required=False)


def plain_answers(data, files, content: InstrumentContent):
    """(answers, comments) as SurveyForm would clean them, read without building
    the form (thirty fields, a good part of a submission's time); None as soon
    as anything would need a message, so that the form can say what."""
    if files:
        return None
    items = {item_field_name(item.id): item.id for item in content.items}
    questions = {question_field_name(q.id): q.id for q in content.questions}
    comment = _comment_field(settings.FEEDBACK["COMMENT_MAX_CHARS"])
    answers: dict[int, int | None] = {}
    comments = dict.fromkeys(content.question_ids, "")
    for name, values in data.lists():
        if len(values) != 1:
            return None
        if name in items:
            if values[0] not in ANSWER_VALUES:
                return None
            answers[items[name]] = ANSWER_VALUES[values[0]]
        elif name in questions:
            try:
                comments[questions[name]] = comment.clean(values[0])
            except forms.ValidationError:
                return None
        elif name not in ALWAYS_ALLOWED:
            return None
    return (answers, comments) if len(answers) == len(items) else None
