"""Cache keys that name their site explicitly, for the `serving` cache alias.

django-tenants' key function takes the schema from the connection, which is right for code
running inside one site. Serving needs keys before any schema is chosen (the Host lookup, the
page cache) and purges that reach other sites (a city pushing to its townships), so its keys
carry the schema themselves: `site_key(schema, "page", ...)` is stored as
`<schema>:<prefix>:<version>:page:...`, the same layout django-tenants gives every other key of
that site. A key without a schema is refused rather than stored where any site could read it.
"""
SEPARATOR = "|"


def site_key(schema, *parts):
    if not schema or SEPARATOR in schema:
        raise ValueError(f"A serving cache key needs a schema name, not {schema!r}.")
    return schema + SEPARATOR + ":".join(str(part) for part in parts)


def make_key(key, key_prefix, version):
    schema, separator, rest = key.partition(SEPARATOR)
    if not separator:
        raise ValueError(f"Serving cache keys are built with tenants.cachekeys.site_key(), not {key!r}.")
    return f"{schema}:{key_prefix}:{version}:{rest}"


def reverse_key(key):
    return key.split(":", 3)[3]
