from .migrate_schemas import Command  # noqa: F401  (plain `migrate` covers the whole cluster)
