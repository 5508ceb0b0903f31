import secrets

# Letters and digits that are hard to confuse in a distorted image
# (no 0/O/o, 1/I/l/i, 5/S/s, 2/Z/z, c/C, k/K, p/P, u/U, v/V, w/W, x/X).
CHALLENGE_ALPHABET = "ABDEFGHJLMNQRTYabdefghjmnqrty346789"


def mixed_case_challenge():
    """Return a (challenge, response) pair for django-simple-captcha."""
    from django.conf import settings

    text = "".join(secrets.choice(CHALLENGE_ALPHABET) for _ in range(settings.CAPTCHA_LENGTH))
    return text, text
