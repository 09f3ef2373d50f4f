// description: Everything one request needs to decide whether its session may act, in one
//   round trip - the session record, its account (enabled?, roles, session generation) and the
//   state of its break-glass, if any (reviewed or expired ends it).
// params: [key]
MATCH (s:Session {session_key: $key})
OPTIONAL MATCH (u:User {username: s.username})
OPTIONAL MATCH (g:BreakGlass {break_glass_id: s.glass_id})
RETURN properties(s) AS session,
       u {.user_id, .username, .display_name, .roles, .disabled,
          generation: coalesce(u.session_generation, 0)} AS user,
       g {.reviewed, .expires_at} AS glass
