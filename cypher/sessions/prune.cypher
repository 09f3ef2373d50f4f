// description: Forget sessions idle since before $idle_before or opened before $opened_before
//   (they could not act any more; this only keeps the label small).
// params: [idle_before, opened_before]
MATCH (s:Session)
WHERE s.last_seen < $idle_before OR s.created_at < $opened_before
DELETE s
