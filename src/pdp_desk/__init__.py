"""PDP Desk: a desktop back office for personal-data compliance under Kazakhstan's Law No. 94-V."""

__version__ = "0.1.0"
APP_NAME = "PDP Desk"
