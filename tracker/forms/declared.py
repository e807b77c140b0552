"""Form fields read from a kind's declaration (:mod:`tracker.kinds.declarations`): the label,
the limit and whether the field is required are said once, there.

A form class names the fields it lays out by hand (a picker with a prompt, help text);
:func:`with_declared_fields` adds every other field the kind shows in forms, in the place its
declaration gives it, so a field added to a kind appears in its form with its limits.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from flask_babel import LazyString
from wtforms import DateField, FloatField, IntegerField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.forms.base import RecordForm
from tracker.forms.fields import (
    BlankableSelectField,
    IdMultipleField,
    NoControlCharacters,
    OptionalSelectField,
    RequiredSelectField,
    SelectField,
    options,
)
from tracker.i18n import translate
from tracker.kinds.spec import FORM, FieldSpec, Kind

FormT = TypeVar("FormT", bound=type[RecordForm])


def label_of(spec: FieldSpec) -> LazyString:
    """The declared label, in the reader's language when shown."""
    return LazyString(translate, spec.label)


def limits(spec: FieldSpec) -> list[Any]:
    """The validators of a declared text field: required or optional, its length, no control
    characters."""
    first = DataRequired() if spec.required else Optional()
    length = [Length(max=spec.max_length)] if spec.max_length else []
    return [first, *length, NoControlCharacters()]


def declared_field(kind: Kind, attribute: str, **kwargs: Any) -> UnboundField:
    """The form field of ``kind``'s ``attribute`` as declared; ``kwargs`` add help text or
    widget options."""
    spec = kind.field(attribute)
    label = kwargs.pop("label", None) or label_of(spec)
    if spec.type == "text":
        return StringField(label, validators=limits(spec), **kwargs)
    if spec.type == "long_text":
        return TextAreaField(label, validators=limits(spec), **kwargs)
    if spec.type == "integer":
        return IntegerField(label, validators=[Optional(), NumberRange(min=0)], **kwargs)
    if spec.type == "number":
        return FloatField(label, validators=[Optional()], **kwargs)
    if spec.type == "date":
        return DateField(label, validators=[Optional()], **kwargs)
    if spec.type == "choice" and spec.vocabulary is not None:
        pairs = spec.vocabulary.choices()
        if spec.nullable:
            return BlankableSelectField(label, choices=options([("", "—"), *pairs]), **kwargs)
        return SelectField(label, choices=options(pairs), default=spec.default, **kwargs)
    if spec.type == "reference":
        if spec.required:
            return RequiredSelectField(label, prompt=label, **kwargs)
        return OptionalSelectField(label, **kwargs)
    if spec.type == "references":
        return IdMultipleField(label, **kwargs)
    raise ValueError(f"No form field for a {spec.type} ({kind.name}.{attribute})")


def with_declared_fields(form_class: FormT, kind: Kind) -> FormT:
    """``form_class`` with a field for every field ``kind`` shows in forms that the class does
    not lay out itself, each placed after the field declared before it."""
    unbound = {
        name: value
        for klass in reversed(form_class.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, UnboundField)
    }
    added: dict[str, UnboundField] = {}
    place = 0.0
    for spec in kind.on(FORM):
        if spec.value_key in unbound:
            place = float(unbound[spec.value_key].creation_counter)
            continue
        field = declared_field(kind, spec.attribute)
        place += 0.001
        field.creation_counter = place
        added[spec.value_key] = field
    if not added:
        return form_class
    return cast(
        FormT,
        type(form_class.__name__, (form_class,), {**added, "__doc__": form_class.__doc__}),
    )
