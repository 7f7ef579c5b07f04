from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig

# leaflet.admin imports GeoDjango, which needs the GDAL C library. Salvo stores plain
# latitude/longitude, so the admin discovers every app's admin module except that one.
SKIP_ADMIN_MODULES = {"leaflet"}


class SalvoAdminConfig(SimpleAdminConfig):
    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIP_ADMIN_MODULES:
                continue
            if find_spec(f"{app_config.name}.admin"):
                import_module(f"{app_config.name}.admin")
