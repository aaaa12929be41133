"""Admin wiring: the inbox, requests, statistics; departments and consultation comments as snippets."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import letters, requests
from .models import ConsultationComment, Department


@hooks.register("register_admin_urls")
def urls():
    return [
        path("interaction/", letters.inbox, name="interaction_inbox"),
        path("interaction/letters/<int:pk>/", letters.letter_detail, name="interaction_letter"),
        path("interaction/letters/<int:pk>/attachment/", letters.attachment, name="interaction_attachment"),
        path("interaction/transfers/<int:pk>/", letters.transfer_decision, name="interaction_transfer"),
        path("interaction/statistics/", letters.statistics, name="interaction_statistics"),
        path("interaction/requests/", requests.request_list, name="interaction_requests"),
        path("interaction/requests/<int:pk>/", requests.request_detail, name="interaction_request"),
    ]


class HandlerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(letters.HANDLE)


@hooks.register("register_admin_menu_item")
def interaction_menu():
    items = [
        HandlerMenuItem(_("Letters"), reverse("interaction_inbox"), icon_name="mail", order=1),
        HandlerMenuItem(_("Information requests"), reverse("interaction_requests"), icon_name="doc-full", order=2),
        HandlerMenuItem(_("Statistics"), reverse("interaction_statistics"), icon_name="list-ul", order=3),
    ]
    return SubmenuMenuItem(_("Public interaction"), Menu(items=items), icon_name="mail", order=250)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "sort_order"]
    add_to_admin_menu = False


class CommentViewSet(SnippetViewSet):
    model = ConsultationComment
    icon = "comment"
    list_display = ["body", "page", "status", "adopted", "submitted_at"]
    list_filter = ["status", "adopted"]
    add_to_admin_menu = False


@hooks.register("register_search_sources")
def answered_letters():
    """The site and cluster search find published answered letters (search/sources.py reads this hook)."""
    from .search_source import AnsweredLetters

    return AnsweredLetters()


register_snippet(DepartmentViewSet)
register_snippet(CommentViewSet)
