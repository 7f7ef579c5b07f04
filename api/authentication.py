"""API tokens in `Authorization: Token <key>` or, as most generated clients send them,
`Authorization: Bearer <key>`. Any other scheme is a 401: a client whose credentials are
ignored must not quietly read as anonymous."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


class TokenOrBearerAuthentication(TokenAuthentication):
    KEYWORDS = (b"token", b"bearer")

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() not in self.KEYWORDS:
            raise AuthenticationFailed(
                "Unsupported Authorization scheme: send 'Token <key>' or 'Bearer <key>'."
            )
        if len(header) != 2:
            raise AuthenticationFailed("Send the token as 'Bearer <key>' (one value, no spaces).")
        try:
            key = header[1].decode()
        except UnicodeError:
            raise AuthenticationFailed("The token contains invalid characters.") from None
        return self.authenticate_credentials(key)
