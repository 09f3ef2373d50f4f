"""The middle layer the app and the CLI share: reading as a user (``reads``) and the one
pipeline of load -> resolve -> patterns -> flags (``pipeline``)."""
