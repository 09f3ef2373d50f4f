// description: End every session of an account by moving its session generation on (called by
//   sign-out, password reset, role grant / revoke and disable), and forget its session records.
// params: [username]
MATCH (u:User {username: $username})
SET u.session_generation = coalesce(u.session_generation, 0) + 1
WITH u
CALL (u) {
  MATCH (s:Session {username: u.username})
  DELETE s
}
RETURN u.session_generation AS generation
