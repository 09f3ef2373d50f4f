// description: Set some of a user's account fields (disabled, roles, password hash, lock-out
//   counters); returns nothing for an unknown username.
// params: [username, changes]
MATCH (u:User {username: $username})
SET u += $changes
RETURN u.username AS username
