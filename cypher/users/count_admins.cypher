// description: How many enabled accounts hold the administrator role (the first-run hint needs
//   zero); the role is Settings.admin_role.
// params: [role]
MATCH (u:User) WHERE $role IN u.roles AND NOT u.disabled
RETURN count(u) AS admins
