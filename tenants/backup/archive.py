"""The archive of one site: a tar holding the schema dump, the media folder, the public rows and a manifest.

    manifest.json    format, version, the site, its migrations, per-table row counts and content
                     checksums, and the sha256 and size of every other member
    registry.json    the registry row, domains and registered public rows (tenants/backup/registry.py)
    schema.dump      `pg_dump --format=custom --schema <schema>` (usable with plain pg_restore too)
    media/...        the site's files (MEDIA_ROOT/<schema>/)

A plain, uncompressed tar: the dump is compressed by pg_dump and images already are; anyone can
list or unpack it with `tar`. Reading verifies every member against the manifest while it
unpacks into a staging folder, so a truncated or altered archive is refused before anything
in the database changes.
"""
import functools
import hashlib
import io
import json
import os
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FORMAT = "sitegroup-site-backup"
FORMAT_VERSION = 1
MANIFEST, REGISTRY, DUMP, MEDIA = "manifest.json", "registry.json", "schema.dump", "media"
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup or restore that cannot be done; the message says why. Nothing was changed."""


def file_digest(path):
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            sha.update(chunk)
            size += len(chunk)
    return {"sha256": sha.hexdigest(), "size": size}


def media_files(folder):
    """{archive name: absolute path} of every file under the site's media folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            found[str(PurePosixPath(MEDIA, *path.relative_to(folder).parts))] = path
    return dict(sorted(found.items()))


def write_archive(path, manifest, registry, dump_path, media_folder):
    """Write the archive at `path` (through a .partial file, renamed when complete)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    registry_bytes = json.dumps(registry, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()
    members = {}
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, REGISTRY, registry_bytes)
            members[REGISTRY] = {"sha256": hashlib.sha256(registry_bytes).hexdigest(), "size": len(registry_bytes)}
            tar.add(dump_path, arcname=DUMP)
            members[DUMP] = file_digest(dump_path)
            for name, file_path in media_files(media_folder).items():
                tar.add(file_path, arcname=name)
                members[name] = file_digest(file_path)
            media = [member for name, member in members.items() if name.startswith(MEDIA + "/")]
            counts = {**manifest.get("counts", {}), "files": len(media), "file_bytes": sum(m["size"] for m in media)}
            manifest = {**manifest, "counts": counts, "members": members}
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


@dataclass
class UnpackedArchive:
    manifest: dict
    registry: dict
    dump_path: Path
    media_folder: Path        # the site's files, ready to be moved into MEDIA_ROOT/<schema>/
    staging: Path

    def discard(self):
        shutil.rmtree(self.staging, ignore_errors=True)


def _safe_name(name):
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def unpack(path, staging):
    """Verify the archive at `path` against its manifest while unpacking it into `staging`."""
    path, staging = Path(path), Path(staging)
    if not path.is_file():
        raise BackupRefused(f"No archive at {path}.")
    staging.mkdir(parents=True)
    try:
        return _unpack(path, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack(path, staging):
    try:
        tar = tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as exc:
        raise BackupRefused(f"{path.name} is not a site archive (not a readable tar file: {exc}).") from None
    seen = {}
    manifest = registry = None
    with tar:
        try:
            for member in tar:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupRefused(f"{path.name} holds an unexpected entry “{member.name}”; refusing it.")
                source = tar.extractfile(member)
                if member.name in (MANIFEST, REGISTRY):
                    data = source.read()
                    seen[member.name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                    parsed = _json(data, member.name, path)
                    manifest, registry = (parsed, registry) if member.name == MANIFEST else (manifest, parsed)
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                sha, size = hashlib.sha256(), 0
                with open(target, "wb") as out:
                    for chunk in iter(functools.partial(source.read, CHUNK), b""):
                        sha.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[member.name] = {"sha256": sha.hexdigest(), "size": size}
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupRefused(f"{path.name} is truncated or damaged ({exc}).") from None
    if manifest is None:
        raise BackupRefused(f"{path.name} has no manifest: it is truncated or not a site archive.")
    check_format(manifest, path.name)
    expected = manifest.get("members", {})
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected) - {MANIFEST})
    altered = sorted(name for name in expected if name in seen and seen[name] != expected[name])
    if missing or extra or altered:
        problems = []
        for label, names in (("missing", missing), ("not in the manifest", extra), ("altered", altered)):
            if names:
                problems.append(f"{label}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        raise BackupRefused(f"{path.name} does not match its manifest ({'; '.join(problems)}): it is truncated "
                            "or was changed after it was written.")
    return UnpackedArchive(manifest=manifest, registry=registry, dump_path=staging / DUMP,
                           media_folder=staging / MEDIA, staging=staging)


def _json(data, name, path):
    try:
        return json.loads(data)
    except ValueError:
        raise BackupRefused(f"{path.name}: {name} is not valid JSON (damaged archive).") from None


def check_format(manifest, name):
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"{name} is not a Sitegroup site archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(f"{name} is a site archive of format version {manifest.get('format_version')}; this "
                            f"Sitegroup reads version {FORMAT_VERSION} only.")
