"""Signing in with a username or an e-mail address.

Members are told their username when they join, but many will remember only the e-mail address
they applied with; both work. An e-mail address shared by several accounts signs none of them in
(only the username does), so an address never picks an account at random.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_model._default_manager.filter(username=username).first()
        if user is None and "@" in username:
            matches = list(user_model._default_manager.filter(email__iexact=username)[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            # Spend the time a password check takes, so timing does not reveal which
            # usernames exist (as ModelBackend does).
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
