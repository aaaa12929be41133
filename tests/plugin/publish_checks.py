from sitegroup.publishing import Problem, PublishCheck, register_publish_check

MARKER = "PLUGIN-FORBIDDEN-MARKER"


def find_marker(subject):
    if MARKER in subject.html:
        return [Problem(rule="test-plugin-marker", message="The plugin's marker is on the page.", excerpt=MARKER)]
    return []


register_publish_check(PublishCheck(id="test-plugin-marker", label="No plugin marker", group="Plugin",
                                    check=find_marker))
