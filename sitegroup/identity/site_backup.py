"""The identity app's public rows that belong to a site travel with the site's backup (tenants.backup)."""
from tenants.backup import register_site_rows

# Who may work on the site. A restore over a live site keeps today's grants (access is not rolled back).
register_site_rows("identity.SiteGrant")
# Which user inside the site's schema stands for which staff account: must match the restored users.
register_site_rows("identity.SiteUserLink", restore_on_replace=True)
