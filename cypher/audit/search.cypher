// description: Audit entries filtered by user, subject (a person or record id among the entry's
//   subjects), action and time (ISO text, UTC), newest first - `audit query` and the admin page.
// params: [user, subject, action, since, until, break_glass_only, limit]
MATCH (e:AuditEntry)
WHERE ($user IS NULL OR e.user = $user)
  AND ($subject IS NULL OR $subject IN e.subjects)
  AND ($action IS NULL OR e.action = $action)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND (NOT $break_glass_only OR e.break_glass_id IS NOT NULL)
RETURN properties(e) AS entry
ORDER BY e.seq DESC
LIMIT $limit
