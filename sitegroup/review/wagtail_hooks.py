"""Tell the editor at once why the content-safety check sent a page back."""
from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks


def stopped_by_safety_check(page):
    """The comment of the content-safety task that sent `page` back, or ""."""
    from wagtail.models import WorkflowState

    from .models import ContentSafetyTask

    state = WorkflowState.objects.filter(base_content_type_id=page.get_base_content_type().pk,
                                         object_id=str(page.pk),
                                         status=WorkflowState.STATUS_NEEDS_CHANGES).first()
    if state is None or state.current_task_state is None:
        return ""
    task_state = state.current_task_state
    if not isinstance(task_state.task.specific, ContentSafetyTask):
        return ""
    return task_state.comment


def _tell_editor(request, page):
    comment = stopped_by_safety_check(page)
    if comment:
        messages.error(request, _("Not sent for review: %(reasons)s") % {"reasons": comment})


hooks.register("after_edit_page", _tell_editor)
hooks.register("after_create_page", _tell_editor)
