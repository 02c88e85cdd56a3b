"""Static files with DEBUG off."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, forgiving a file `collectstatic` has not seen.

    Django's manifest storage raises (a 500 on every page) for a file missing from the manifest, as when the server
    was started without `collectstatic`, or a file was added since. Then the plain name is used instead, and
    WhiteNoise serves it from static/ (WHITENOISE_USE_FINDERS), without the long cache lifetime of hashed names.
    """

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
