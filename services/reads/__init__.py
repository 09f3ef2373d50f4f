"""Reading as a user: typed, browser-free functions over a ``ViewerGraph`` that pages and CLI
commands call, so each person-level read is made under the agreement and audited once.
Nothing here imports Dash."""
