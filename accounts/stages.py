import time

from allauth.account.stages import LoginStage
from allauth.core.internal.httpkit import headed_redirect_response

from accounts import verification


class ContactVerificationStage(LoginStage):
    """Login stage that holds back an unverified user at the verification page.

    Runs after registration and after every password sign-in. A user with
    every required channel verified passes straight through. When allauth's
    enumeration prevention runs a registration for an email or civil ID that
    is already registered, login.user is None: the same page is shown, but
    no code will ever match.
    """

    key = "verify_contacts"
    urlname = "accounts:verify"
    # Send times of the codes a decoy registration pretends to send, so the
    # page shows the same resend quota as a real one.
    DECOY_SENDS_KEY = "decoy_sends"

    def handle(self):
        user = self.login.user
        if user is None:
            self.state.setdefault(self.DECOY_SENDS_KEY, [time.time()])
        elif user.is_verified:
            return None, True
        else:
            verification.send_missing_codes(user)
        return headed_redirect_response(self.urlname), True
