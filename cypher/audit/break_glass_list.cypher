// description: Break-glass sessions, unreviewed first then newest, with how many audited
//   actions each covered - the admin's review queue.
// params: [unreviewed_only, limit]
MATCH (b:BreakGlass)
WHERE NOT $unreviewed_only OR NOT b.reviewed
RETURN properties(b) AS session,
       COUNT { MATCH (e:AuditEntry) WHERE e.break_glass_id = b.break_glass_id } AS actions
ORDER BY b.reviewed, b.started_at DESC
LIMIT $limit
