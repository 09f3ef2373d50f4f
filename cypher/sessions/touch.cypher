// description: Note that a session was used (the idle clock), at most every few seconds.
// params: [key, at]
MATCH (s:Session {session_key: $key})
SET s.last_seen = $at
