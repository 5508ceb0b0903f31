from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with its cost taken from settings.

    Django's hasher keeps the cost in class attributes; reading them from
    settings lets operators raise the cost without a code change. Stored
    hashes with an older cost are upgraded at the next sign-in.
    """

    @property
    def time_cost(self):
        return settings.ARGON2_TIME_COST

    @property
    def memory_cost(self):
        return settings.ARGON2_MEMORY_KIB

    @property
    def parallelism(self):
        return settings.ARGON2_PARALLELISM
