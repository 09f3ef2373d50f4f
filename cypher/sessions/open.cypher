// description: Open a server-side session for a signed-in account, keyed by the hash of the
//   browser's token, stamped with the account's current session generation (sign-out, password
//   reset, role change and disable bump it, ending every older session) and the browser it is
//   bound to. Returns nothing for an unknown or disabled account.
// params: [row]
MATCH (u:User {username: $row.username}) WHERE NOT coalesce(u.disabled, false)
CREATE (s:Session)
SET s = $row, s.generation = coalesce(u.session_generation, 0)
RETURN s.session_key AS session_key
