import os

from django.core.wsgi import get_wsgi_application

from gender_plan import collector
from gender_plan.secret_key import require_real_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gender_plan.settings")
require_real_key()  # never serve without a real key (DEBUG off)

application = get_wsgi_application()
collector.tune()  # each worker, once it has loaded the app (gunicorn loads it after forking)
