// description: Change what a live session carries - its purpose, or its break-glass (set or
//   dropped) - on the server, never in the cookie. Returns nothing for an ended session.
// params: [key, changes]
MATCH (s:Session {session_key: $key})
SET s += $changes
RETURN s.session_key AS session_key
