"""The state a move carries from step to step: what the township holds, what moves, what was written."""
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .references import IdMaps


def staging_root():
    return Path(settings.SITEGROUP_MOVEUP_STAGING_ROOT or Path(settings.MEDIA_ROOT) / ".moveup-staging")


@dataclass(frozen=True)
class MoveShape:
    """Which of the township's pages and revisions move, from the plan.

    Into an existing section, the township home itself stays behind (its columns go under the
    section). Into a new section of another page type ("converted home"), the home becomes a new
    page of that type: it moves, but without its own revisions and child rows.
    """

    home_id: int
    into_existing: bool
    converted_home: bool

    @classmethod
    def of(cls, plan):
        return cls(home_id=plan.home_id, into_existing=plan.mode == "existing",
                   converted_home=plan.mode == "new" and plan.section_model != plan.home_model)

    def page_moves(self, page_id):
        return not (self.into_existing and page_id == self.home_id)

    @property
    def home_stays_behind(self):
        """The home's own rows (revisions, child rows, relations) are not carried."""
        return self.into_existing or self.converted_home

    def revision_moves(self, revision):
        return not (int(revision.object_id) == self.home_id and self.home_stays_behind)

    def in_page_tree_checksum(self, page_id):
        """A converted home is a new page, not a copy: it is counted but not checksummed."""
        return self.page_moves(page_id) and not (self.converted_home and page_id == self.home_id)


@dataclass
class SourceContent:
    """Everything of the township that the move reads (in its schema, before anything is written)."""

    home: object
    pages: list                       # home and descendants, specific, in tree order
    children: dict                    # child row model → rows (ParentalKey orderables)
    m2m: list                         # (page id, page model, field name, [related ids])
    revisions: list
    collections: list
    images: list
    documents: list
    tags: dict                        # (model, object id) → tag names
    restrictions: list                # (PageViewRestriction, [group names])
    submissions: list
    redirects: list
    locale_codes: dict                # locale id → language code
    file_paths: dict                  # (model, object id) → absolute path of the file
    file_urls: dict                   # (model, object id) → URL of the file on the township
    document_urls: dict               # document id → its /documents/ URL on the township
    relative_paths: dict              # page id → its URL path below the home ("" for the home)


@dataclass
class Placement:
    """Where each moved page lands on the parent: new tree path, depth and URL path, by old page id."""

    landing_parent: object
    paths: dict = field(default_factory=dict)
    depths: dict = field(default_factory=dict)
    url_paths: dict = field(default_factory=dict)


@dataclass
class CopyResult:
    """What the copy wrote into the parent's schema."""

    maps: IdMaps
    placement: Placement
    created: dict                     # kind → new ids (and the section's paths, the staging folder...)
    url_map: dict                     # old path on the township → new path or URL on the parent
    staged_files: list                # file names relative to the parent's media folder
    page_fields: dict                 # new page id → its fields as written (canonical form)
    revision_content: dict            # new revision id → its content as written (canonical form)
