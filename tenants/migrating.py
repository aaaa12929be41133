"""Migrate many site schemas: fast where they are alike, and never letting one broken schema stop the rest.

django-tenants runs Django's whole `migrate` command in every schema: loading ~250 migration
files, building the graph and rendering the project state as of the applied migrations, none of
which depends on the schema. Every site is cloned from one template, so their migration states
are nearly always identical: `SchemaMigrator` loads the files once per process, builds the graph
once per set of applied migrations and renders the state once per distinct (applied migrations,
plan) pair, then does in each schema only what Django's `migrate` does there (consistency check,
plan, pre_migrate, the migrations, post_migrate). What remains per schema is real work: applying
the operations (each re-renders the models it touches) and post_migrate's content types and
permissions, which live in every schema; bench/scale.py prints the per-site cost of both ways.

Each migration runs in its own transaction as in Django. A migration that fails in one schema
leaves that schema at its last good migration (its `django_migrations` rows say exactly which)
and the run goes on with the next schema; `sites_behind()` lists what still lacks a migration the
template has, and running `manage.py migrate` again resumes with exactly those.
"""
import multiprocessing
import time
import traceback
from dataclasses import dataclass, field

from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState

from . import template_schema


@dataclass
class SchemaOutcome:
    schema: str
    applied: list = field(default_factory=list)    # "app.migration" applied in this run
    seconds: float = 0.0
    error: str = ""                                # the failure (its last traceback line first)


class _DiskOnceLoader(MigrationLoader):
    """Reads the migration files once per process, and builds the graph once per set of applied migrations."""

    _disk = None
    _graphs = {}

    def build_graph(self):
        # The graph depends on the files and, through squashed migrations, on what is applied;
        # the executor only reads it, so schemas in the same state share one.
        self.load_disk()
        applied = frozenset(MigrationRecorder(self.connection).applied_migrations())
        cached = _DiskOnceLoader._graphs.get(applied)
        if cached is None:
            super().build_graph()
            _DiskOnceLoader._graphs[applied] = (self.graph, dict(self.applied_migrations), dict(self.replacements))
            return
        self.graph, applied_migrations, replacements = cached
        self.applied_migrations, self.replacements = dict(applied_migrations), dict(replacements)

    def load_disk(self):
        if _DiskOnceLoader._disk is None:
            super().load_disk()
            _DiskOnceLoader._disk = (dict(self.disk_migrations), set(self.unmigrated_apps), set(self.migrated_apps))
            return
        disk, unmigrated, migrated = _DiskOnceLoader._disk
        self.disk_migrations, self.unmigrated_apps, self.migrated_apps = dict(disk), set(unmigrated), set(migrated)


class _SiteExecutor(MigrationExecutor):
    def __init__(self, db_connection):
        self.connection = db_connection
        self.loader = _DiskOnceLoader(db_connection)
        self.recorder = MigrationRecorder(db_connection)
        self.progress_callback = None


class SchemaMigrator:
    """Migrates schemas one after another in this process, reusing the rendered project states."""

    def __init__(self, verbosity=0, stdout=None):
        self.verbosity, self.stdout = verbosity, stdout
        self.states = {}

    def migrate(self, schema):
        started = time.monotonic()
        outcome = SchemaOutcome(schema=schema)
        try:
            outcome.applied = self._migrate(schema)
        except Exception as exc:
            outcome.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"
        finally:
            connection.set_schema_to_public()
        outcome.seconds = time.monotonic() - started
        return outcome

    def _migrate(self, schema):
        # As django-tenants does: the recorder's table must be the schema's own, not public's.
        connection.set_schema(schema, include_public=False)
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(schema)
        executor = _SiteExecutor(connection)
        executor.loader.check_consistent_history(connection)
        targets = executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if not plan:
            return []
        key = (frozenset(executor.loader.applied_migrations),
               tuple((migration.app_label, migration.name, backwards) for migration, backwards in plan))
        cached = self.states.get(key)
        if cached is None:
            cached = self.states[key] = {"pre": executor._create_project_state(with_applied_migrations=True)}
        emit_pre_migrate_signal(self.verbosity, False, connection.alias, stdout=self.stdout,
                                apps=cached["pre"].apps, plan=plan)
        post_state = executor.migrate(targets, plan=plan, state=cached["pre"].clone(), fake=False, fake_initial=False)
        if "post_apps" not in cached:
            cached["post_apps"] = _final_apps(post_state)
        emit_post_migrate_signal(self.verbosity, False, connection.alias, stdout=self.stdout,
                                 apps=cached["post_apps"], plan=plan)
        return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _final_apps(post_state):
    """The state's apps with real apps' models re-rendered, exactly as Django's migrate prepares post_migrate."""
    from django.apps import apps

    post_state.clear_delayed_apps_cache()
    post_apps = post_state.apps
    with post_apps.bulk_update():
        model_keys = []
        for model_state in post_apps.real_models:
            model_key = model_state.app_label, model_state.name_lower
            model_keys.append(model_key)
            post_apps.unregister_model(*model_key)
    post_apps.render_multiple([ModelState.from_model(apps.get_model(*model)) for model in model_keys])
    return post_apps


# --- running over many schemas -------------------------------------------------------------
_worker_migrator = None


def _init_worker(verbosity):
    # Each forked process opens its own database connection (the parent closed its own before forking).
    global _worker_migrator
    _worker_migrator = SchemaMigrator(verbosity=verbosity)


def _migrate_in_worker(schema):
    return _worker_migrator.migrate(schema)


def migrate_schemas(schemas, *, processes=1, verbosity=0, on_done=None):
    """Migrate `schemas`, sequentially or in `processes` forked processes. Returns [SchemaOutcome].

    `on_done(outcome, number, total)` is called as each schema finishes (in this process).
    """
    outcomes = []
    if processes <= 1 or len(schemas) < 2:
        migrator = SchemaMigrator(verbosity=verbosity)
        for number, schema in enumerate(schemas, 1):
            outcomes.append(migrator.migrate(schema))
            if on_done:
                on_done(outcomes[-1], number, len(schemas))
        return outcomes
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init_worker, initargs=(verbosity,)) as pool:
        for number, outcome in enumerate(pool.imap_unordered(_migrate_in_worker, schemas, chunksize=4), 1):
            outcomes.append(outcome)
            if on_done:
                on_done(outcome, number, len(schemas))
    return outcomes


def missing_migrations(schema):
    """Migrations the template has and `schema` lacks (["app.name", ...], sorted)."""
    template = template_schema.template_schema_name()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{template}".django_migrations '
                       f'EXCEPT SELECT app, name FROM "{schema}".django_migrations ORDER BY 1, 2')
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def lacks_template_migrations(schema):
    template = template_schema.template_schema_name()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT EXISTS (SELECT app, name FROM "{template}".django_migrations '
                       f'EXCEPT SELECT app, name FROM "{schema}".django_migrations)')
        return cursor.fetchone()[0]


def sites_behind(schemas):
    """[(schema, [missing migrations])] of the schemas that still lack a migration the template has."""
    behind = []
    for schema in schemas:
        missing = missing_migrations(schema)
        if missing:
            behind.append((schema, missing))
    return behind
