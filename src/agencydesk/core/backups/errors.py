"""The one error of backups, restores and copies: a sentence for the operator."""


class BackupError(Exception):
    """A refusal or failure the command prints as it is: what went wrong and
    what to do about it."""
