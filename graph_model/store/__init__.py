"""Neo4j itself: the one driver wrapper (``db``), saved queries (``queries``), schema
migrations (``schema``), the embedded local server (``server``) and counts/wipe (``admin``)."""
