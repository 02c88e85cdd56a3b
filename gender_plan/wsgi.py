import os

from django.core.wsgi import get_wsgi_application

from gender_plan import collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gender_plan.settings")

application = get_wsgi_application()
collector.tune()  # each worker, once it has loaded the app (gunicorn loads it after forking)
