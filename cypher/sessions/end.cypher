// description: End one session (sign-out, or refused on a check) - its cookie is then useless.
// params: [key]
MATCH (s:Session {session_key: $key})
DELETE s
