// description: Server-side sessions (issue 13) - one node per signed-in browser, keyed by the
//   hash of its token; looked up on every request.

CREATE CONSTRAINT session_key IF NOT EXISTS
FOR (n:Session) REQUIRE n.session_key IS UNIQUE;

CREATE INDEX session_username IF NOT EXISTS FOR (n:Session) ON (n.username);
