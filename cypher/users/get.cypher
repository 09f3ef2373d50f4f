// description: One user account by username (with its password hash - for sign-in only).
// params: [username]
MATCH (u:User {username: $username})
RETURN properties(u) AS user
