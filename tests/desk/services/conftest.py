"""The desk's services send and receive mail: the comms tests' mail server
and mail settings serve them too."""

from tests.comms.conftest import _mail_settings, smtp_server

__all__ = ["_mail_settings", "smtp_server"]
