// description: Enabled user accounts and their roles, for choosing whom a flag may be assigned
//   to (the service keeps those holding a role whose agreement shows the flag). No hashes.
// params: []
MATCH (u:User)
WHERE NOT coalesce(u.disabled, false)
RETURN u.username AS username, u.display_name AS display_name, u.roles AS roles
ORDER BY u.username
