"""The one error account operations raise, in its own module so that every operation can."""


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is one line."""
