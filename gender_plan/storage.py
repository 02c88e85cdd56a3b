"""Static files with DEBUG off."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, forgiving a missing manifest entry.

    Django's manifest storage raises (a 500 on every page) when a file is not in the manifest, as when the server
    was started without `collectstatic`. Then the plain name is used instead, and WhiteNoise serves it from static/
    (WHITENOISE_USE_FINDERS), without the long cache lifetime it gives hashed names.
    """

    manifest_strict = False
