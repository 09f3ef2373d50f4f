// description: How many enabled accounts hold the admin role (the first-run hint needs zero).
// params: []
MATCH (u:User) WHERE 'admin' IN u.roles AND NOT u.disabled
RETURN count(u) AS admins
