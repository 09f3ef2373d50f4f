// description: Count one failed sign-in atomically; returns the new count (lock-out is decided
//   from it).
// params: [username, at]
MATCH (u:User {username: $username})
SET u.failed_attempts = coalesce(u.failed_attempts, 0) + 1, u.last_failed_at = $at
RETURN u.failed_attempts AS failed_attempts
