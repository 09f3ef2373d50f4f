"""Saved safeguarding patterns: the library (``library``), typed parameters (``params``),
the markdown catalogue (``catalogue``) and the flags their hits raise (``flags``)."""
