// description: Every user account, without password hashes.
// params: []
MATCH (u:User)
RETURN u {.user_id, .username, .display_name, .roles, .disabled, .failed_attempts,
          .locked_until, .created_at, .last_sign_in_at, .password_changed_at} AS user
ORDER BY u.username
