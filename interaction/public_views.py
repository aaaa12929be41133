"""Public views of the interaction page types (called from their routes in models/pages.py).

Personal data (name, phone, e-mail, ID numbers) never reaches these templates: public lists show
the masked name and the letter text with numbers and addresses redacted.
"""
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from themes.models.pages import paginate

from . import abuse, disclosure_handling, handling, querycodes
from .forms import CommentForm, DisclosureRequestForm, LetterForm, QueryForm, RatingForm
from .masking import mask_name
from .models import ConsultationComment, DisclosureRequest, Letter

ATTACHMENT_SALT = "sitegroup.interaction.disclosure-attachment"
def _render(page, request, template, status=200, cacheable=False, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    if not cacheable:
        # Forms carry a CSRF token and a signed time token, answers are personal: never from a
        # shared page cache or a proxy.
        add_never_cache_headers(response)
    return response


def _refused_for_rate(form, action, request):
    """Counts the attempt; on refusal the form keeps its data and says why."""
    if abuse.over_limit(request, action):
        form.is_valid()  # bound errors of its own are shown too
        form.add_error(None, _("Too many submissions from your network or to this site just now. "
                               "Please try again later; what you typed is kept below."))
        return True
    return False


def _lookup_refused(form, request):
    """Query-code look-ups are rate limited too: codes cannot be guessed by trying many."""
    if abuse.over_limit(request, "lookup"):
        form.is_valid()
        form.add_error(None, _("Too many look-ups from your network just now. Please try again later."))
        return True
    return False


def mailbox(request, page):
    form = LetterForm()
    if request.method == "POST":
        if abuse.already_used(request.POST):
            return _render(page, request, "interaction/pages/mailbox_sent.html", code=None)
        form = LetterForm(request.POST, request.FILES)
        if _refused_for_rate(form, "letter", request):
            return _render(page, request, page.template, status=429, form=form, letters=_answered(request))
        if form.is_valid():
            letter, code = handling.receive_letter(form.cleaned_data, form.cleaned_data.get("attachment"),
                                                   request=request)
            abuse.mark_used(request.POST)
            return _render(page, request, "interaction/pages/mailbox_sent.html", code=code, letter=letter)
    return _render(page, request, page.template, status=400 if form.is_bound else 200, form=form,
                   letters=_answered(request), q=request.GET.get("q", ""))


def _answered(request):
    letters = Letter.objects.published().order_by("-answered_at")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        letters = letters.filter(Q(subject__icontains=q) | Q(body__icontains=q) | Q(reply__body__icontains=q))
    return paginate(request, letters, 20)


def answered_letter(request, page, letter_id):
    letter = Letter.objects.published().filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return _render(page, request, "interaction/pages/letter_detail.html", cacheable=True, letter=letter)


def letter_query(request, page):
    form, letter, not_found, transfer = QueryForm(), None, False, None
    if request.method == "POST":
        form = QueryForm(request.POST)
        if _lookup_refused(form, request):
            return _render(page, request, "interaction/pages/letter_query.html", status=429, form=form)
        if form.is_valid():
            letter = handling.find_by_code(form.cleaned_data["code"])
            not_found = letter is None
            if letter is not None:
                transfer = handling.transfer_of(letter)
                rating_form = RatingForm(request.POST) if "rating" in request.POST else None
                if rating_form is not None and rating_form.is_valid():
                    handling.rate(letter, rating_form.cleaned_data["rating"], request=request)
    return _render(page, request, "interaction/pages/letter_query.html", form=form, letter=letter,
                   not_found=not_found, transfer=transfer,
                   rating_form=RatingForm(initial={"code": request.POST.get("code", "")}))


def disclosure_form(request, page):
    form = DisclosureRequestForm()
    if request.method == "POST":
        if abuse.already_used(request.POST):
            return _render(page, request, "interaction/pages/disclosure_sent.html", code=None)
        form = DisclosureRequestForm(request.POST)
        if _refused_for_rate(form, "request", request):
            return _render(page, request, page.template, status=429, form=form)
        if form.is_valid():
            code, digest = querycodes.new_code()
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("form_token", "website")}
            item = DisclosureRequest(**data, query_digest=digest)
            item.due_date = disclosure_handling.due_date(item.received_at)
            item.save()
            abuse.mark_used(request.POST)
            return _render(page, request, "interaction/pages/disclosure_sent.html", code=code, item=item)
    return _render(page, request, page.template, status=400 if form.is_bound else 200, form=form)


def disclosure_query(request, page):
    form, item, not_found, token = QueryForm(), None, False, ""
    if request.method == "POST":
        form = QueryForm(request.POST)
        if _lookup_refused(form, request):
            return _render(page, request, "interaction/pages/disclosure_query.html", status=429, form=form)
        if form.is_valid():
            digest = querycodes.digest(form.cleaned_data["code"])
            item = DisclosureRequest.objects.filter(query_digest=digest).first() if digest else None
            not_found = item is None
            if item is not None and item.answer_attachment_name:
                token = signing.dumps(item.pk, salt=ATTACHMENT_SALT)
    return _render(page, request, "interaction/pages/disclosure_query.html", form=form, item=item,
                   not_found=not_found, attachment_token=token)


def disclosure_attachment(request, page, token):
    """The answer's attachment, for one hour after a successful query-code look-up."""
    try:
        pk = signing.loads(token, salt=ATTACHMENT_SALT, max_age=3600)
    except signing.BadSignature:
        raise Http404 from None
    item = DisclosureRequest.objects.filter(pk=pk).exclude(answer_attachment_name="").first()
    if item is None:
        raise Http404
    response = HttpResponse(bytes(item.answer_attachment_data), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(item.answer_attachment_name)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


def consultation(request, page):
    form, sent = CommentForm(), False
    phase = page.phase()
    if request.method == "POST" and phase == "open":
        form = CommentForm(request.POST)
        if not _refused_for_rate(form, "comment", request) and form.is_valid():
            held, _reason = handling.screen("", form.cleaned_data["body"])
            ConsultationComment.objects.create(
                page=page, body=form.cleaned_data["body"], masked_name=mask_name(form.cleaned_data["name"]),
                status=ConsultationComment.Status.HELD if held else ConsultationComment.Status.PENDING)
            abuse.mark_used(request.POST)
            form, sent = CommentForm(), True
    comments = page.comments.filter(status=ConsultationComment.Status.APPROVED)
    return _render(page, request, page.template, status=400 if form.is_bound and form.errors else 200,
                   form=form, sent=sent, phase=phase, comments=comments,
                   adopted=comments.filter(adopted=True).count(), total=page.comments.exclude(
                       status=ConsultationComment.Status.HELD).count())
