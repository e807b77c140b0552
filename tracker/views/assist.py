"""Article assist: paste an article, review what the reader proposes, confirm to record it.

Reading writes nothing: the review page carries the article and every proposal in its own form
fields, so confirming works on any host and an abandoned review leaves no trace. Confirming
writes everything in one transaction through :func:`tracker.services.assist.record_article`;
a refusal rolls it all back and shows the message beside the proposal it concerns.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.assist import ExtractedArticle, Proposals, read_article, read_page
from tracker.assist.highlight import Mark, format_spans, parse_spans, pieces
from tracker.extensions import db
from tracker.forms.assist import NEW_PERSON, ArticleForm, ReviewForm
from tracker.http_access import role_required
from tracker.i18n import translate, translated
from tracker.models import Negotiation, Round, UserRole
from tracker.services import assist
from tracker.services.article_links import FetchRules, LinkRefused, fetch_page
from tracker.services.errors import PermissionDenied
from tracker.services.quick_add import one_line
from tracker.services.wording import N_
from tracker.views import choices
from tracker.views.helpers import round_name

bp = Blueprint("assist", __name__, url_prefix="/assist")

#: a service's field -> the review form's field that shows its refusal
SOURCE_FIELD_FOR = {"url": "link", "outlet_id": "outlet", "name": "outlet"}
QUOTE_FIELD_FOR = {
    "text_original": "text",
    "speaker_id": "speaker",
    "speaker_description": "described_as",
    "speaker_role": "role",
    "name": "new_name",
}


@bp.route("/", methods=["GET", "POST"])
@role_required(UserRole.EDITOR)
def index():
    form = ArticleForm()
    form.negotiation_id.choices = choices.optional(choices.negotiations(db.session))
    fetching = bool(current_app.config.get("ASSIST_FETCH_LINKS"))
    if form.validate_on_submit():
        try:
            page = _page(form, fetching)
        except LinkRefused as refusal:
            form.fetch_url.errors = [translated(refusal)]
        else:
            if page is not None and not page.text.strip() and not (form.text.data or "").strip():
                field = form.page if form.page.data else form.fetch_url
                field.errors = [_("No article text was found on this page: paste the text.")]
                return render_template("assist/article.html", form=form, fetching=fetching), 422
            proposals = _read(form, page)
            data = _review_data(proposals, form.negotiation_id.data)
            review = ReviewForm(formdata=None, data=data)
            _fill_choices(review)
            return _render_review(review, {})
    status = 422 if form.errors else 200
    return render_template("assist/article.html", form=form, fetching=fetching), status


def _page(form: ArticleForm, fetching: bool) -> ExtractedArticle | None:
    """The uploaded page, or the page fetched by its link where the deployment allows it.

    :raise LinkRefused: for a link when fetching is off, or a link that gives no page."""
    if form.page.data:
        return read_page(form.page.data.read())
    url = (form.fetch_url.data or "").strip()
    if not url or (form.text.data or "").strip():
        return None
    if not fetching:
        raise LinkRefused(
            N_("This tracker does not fetch links: paste the text or upload the page.")
        )
    config = current_app.config
    rules = FetchRules(
        timeout=float(config.get("ASSIST_FETCH_TIMEOUT", 10)),
        max_bytes=int(config.get("ASSIST_FETCH_MAX_BYTES", 2_000_000)),
        allow_private=bool(config.get("ASSIST_FETCH_PRIVATE")),
    )
    return read_page(fetch_page(url, rules), url)


@bp.route("/confirm", methods=["POST"])
@role_required(UserRole.EDITOR)
def confirm():
    form = ReviewForm()
    _fill_choices(form)
    refusals: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            recorded = assist.record_article(db.session, current_user, _reviewed(form))
            db.session.commit()
        except assist.ProposalRefused as refusal:
            db.session.rollback()
            refusals[refusal.proposal] = _show_refusal(form, refusal)
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        else:
            flash(_summary(recorded), "success")
            return redirect(url_for("sources.show", record_id=recorded.source.id))
    return _render_review(form, refusals, status=422)


def _read(form: ArticleForm, page: ExtractedArticle | None) -> Proposals:
    """The reader's proposals for the pasted text or the page; what the editor typed beside it
    (headline, date, outlet…) wins over what the page says of itself."""
    text = form.text.data or ""
    headline, published, outlet = form.headline.data, form.published_on.data, form.outlet.data
    language, link = form.language.data, form.link.data
    if page is not None:
        text = text if text.strip() else page.text
        headline = headline or page.headline
        published = published or page.published
        outlet = outlet or page.outlet
        language = language or page.language
        link = link or page.link
    session = db.session
    proposals = read_article(
        text,
        published=published,
        language=language or None,
        known_people=assist.known_people(session),
        known_rounds=assist.known_rounds(session, form.negotiation_id.data),
        known_outlets=assist.known_outlets(session),
        headline=headline or None,
        link=link or "",
    )
    if outlet:
        proposals.source.outlet_written, proposals.source.outlet = outlet, None
    return proposals


def _review_data(proposals: Proposals, negotiation_id: int | None) -> dict[str, Any]:
    """The review form's starting values: every proposal accepted, as the reader saw it."""
    source = proposals.source
    published = source.published.isoformat() if source.published else ""
    quotes = []
    for quote in proposals.quotes:
        speaker = quote.speaker
        row = {
            "accept": True,
            "text": quote.text,
            "speaker": "",
            "new_name": "",
            "role": speaker.role if speaker else "",
            "when_edtf": quote.when.edtf if quote.when and quote.when.edtf else published,
            "when_text": quote.when.wording if quote.when else "",
            "attribution": "on_record",
            "described_as": "",
            "speech": quote.speech,
            "spans": format_spans(quote.spans),
            "speaker_span": format_spans([speaker.span]) if speaker and speaker.span else "",
        }
        if speaker is not None and speaker.kind != "person":
            row |= {"attribution": "anonymous", "described_as": speaker.written, "role": ""}
        elif speaker is not None and speaker.person is not None:
            row["speaker"] = str(speaker.person.id)
        elif speaker is not None:
            row |= {"speaker": NEW_PERSON, "new_name": speaker.written}
        quotes.append(row)
    changes = [
        {
            "accept": True,
            "round_id": mention.round.id if mention.round else None,
            "status": mention.status,
            "when_edtf": mention.when.edtf if mention.when else "",
            "spans": format_spans(
                [span for span in (mention.span, mention.status_span) if span is not None]
            ),
        }
        for mention in proposals.rounds
        if mention.status
    ]
    return {
        "article": proposals.text,
        "headline": source.headline or _first_line(proposals.text),
        "link": source.link,
        "published_on": source.published,
        "outlet": source.outlet.name if source.outlet else source.outlet_written,
        "language": source.language,
        "negotiation_id": negotiation_id or _negotiation_of(changes),
        "quotes": quotes,
        "round_changes": changes,
    }


def _first_line(text: str) -> str:
    """A headline to start from when the article has none: a source needs one."""
    return one_line(text.strip().split("\n", 1)[0])[:500]


def _negotiation_of(changes: list[dict[str, Any]]) -> int | None:
    """The negotiation of the first round the article names, else the only one recorded."""
    for change in changes:
        if change["round_id"] is not None:
            return db.session.scalar(
                select(Round.negotiation_id).where(Round.id == change["round_id"])
            )
    recorded = db.session.scalars(select(Negotiation.id).limit(2)).all()
    return recorded[0] if len(recorded) == 1 else None


def _fill_choices(form: ReviewForm) -> None:
    session = db.session
    form.negotiation_id.choices = choices.optional(choices.negotiations(session))
    people = choices.people(session)
    rounds = choices.optional(choices.rounds(session))
    for row in form.quotes:
        name = (row.new_name.data or "").strip()
        new_person = _("New person: %(name)s", name=name) if name else _("New person (name below)")
        row.speaker.choices = [
            ("", _("Choose who said it")),
            (NEW_PERSON, new_person),
            *[(choice.value, choice.label) for choice in people],
        ]
    for change in form.round_changes:
        change.round_id.choices = rounds


def _reviewed(form: ReviewForm) -> assist.ReviewedArticle:
    """The accepted proposals as the service takes them; dropped ones are left out."""
    quotes = []
    for row in form.quotes:
        if not row.accept.data:
            continue
        speaker = row.speaker.data or ""
        quotes.append(
            assist.ReviewedQuote(
                proposal=row.name,
                text=row.text.data or "",
                speaker_id=int(speaker) if speaker.isdigit() else None,
                new_speaker=(row.new_name.data or "") if speaker == NEW_PERSON else "",
                role=row.role.data or "",
                when_edtf=row.when_edtf.data or None,
                when_text=row.when_text.data or "",
                stance=row.stance.data or None,
                anonymous=row.attribution.data == "anonymous",
                description=row.described_as.data or "",
                speech=row.speech.data if row.speech.data in ("direct", "reported") else "direct",
            )
        )
    changes = [
        assist.ReviewedRoundChange(
            proposal=row.name,
            round_id=row.round_id.data,
            status=row.status.data,
            when_edtf=row.when_edtf.data or None,
        )
        for row in form.round_changes
        if row.accept.data
    ]
    source = assist.ReviewedSource(
        headline=form.headline.data or "",
        url=form.link.data or None,
        published_on=form.published_on.data,
        outlet=form.outlet.data or None,
        language=form.language.data or None,
    )
    return assist.ReviewedArticle(
        source=source,
        negotiation_id=form.negotiation_id.data,
        quotes=quotes,
        round_changes=changes,
    )


def _show_refusal(form: ReviewForm, refusal: assist.ProposalRefused) -> str:
    """Put the refusal on the field it names, in the proposal's row; returns the message."""
    message = translated(refusal)
    if refusal.proposal == assist.SOURCE_PROPOSAL:
        row: Any = form
        name = SOURCE_FIELD_FOR.get(refusal.field or "", refusal.field)
    else:
        row = next(
            (
                entry
                for entry in (*form.quotes, *form.round_changes)
                if entry.name == refusal.proposal
            ),
            None,
        )
        name = QUOTE_FIELD_FOR.get(refusal.field or "", refusal.field)
    target = row._fields.get(name) if row is not None and name else None
    if target is not None:
        target.errors = [*target.errors, message]
    return message


def _marks(form: ReviewForm, length: int) -> list[Mark]:
    marks = []
    for row in form.quotes:
        for number, span in enumerate(parse_spans(row.spans.data, length)):
            marks.append(Mark(span, f"mark-{row.name}-{number}", "quote", row.name))
        for span in parse_spans(row.speaker_span.data, length)[:1]:
            marks.append(Mark(span, f"mark-{row.name}-speaker", "speaker", row.name))
    for row in form.round_changes:
        for number, span in enumerate(parse_spans(row.spans.data, length)):
            marks.append(Mark(span, f"mark-{row.name}-{number}", "round", row.name))
    return marks


def _render_review(form: ReviewForm, refusals: dict[str, str], status: int = 200):
    article = (form.article.data or "").replace("\r\n", "\n")
    form.article.data = article
    return (
        render_template(
            "assist/review.html",
            form=form,
            refusals=refusals,
            pieces=pieces(article, _marks(form, len(article))),
        ),
        status,
    )


def _summary(recorded: assist.RecordedArticle) -> str:
    people = ", ".join(person.name for person in recorded.people) or "—"
    rounds = ", ".join(f"{round_name(r)} ({translate(r.status.label)})" for r in recorded.rounds)
    return _(
        "Recorded from the article: the source “%(source)s”; statements: %(statements)s; "
        "new people: %(people)s; round changes: %(rounds)s.",
        source=recorded.source.headline,
        statements=len(recorded.statements),
        people=people,
        rounds=rounds or "—",
    )
