// description: Create a user account unless the username is taken (created = false then).
// params: [row]
MERGE (u:User {username: $row.username})
  ON CREATE SET u += $row, u.failed_attempts = 0, u.disabled = false, u._new = true
WITH u, coalesce(u._new, false) AS created
REMOVE u._new
RETURN created, u.user_id AS user_id
