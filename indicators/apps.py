from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self):
        from indicators import freshness

        freshness.connect_signals(self)
