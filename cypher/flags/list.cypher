// description: Flags filtered by pattern, status and person (null = any), newest first.
// params: [pattern_id, status, person_id, current_only, limit]
MATCH (f:Flag)
WHERE ($pattern_id IS NULL OR f.pattern_id = $pattern_id)
  AND ($status IS NULL OR f.status = $status)
  AND ($person_id IS NULL OR f.person_id = $person_id)
  AND (NOT $current_only OR f.current)
OPTIONAL MATCH (f)-[:ABOUT]->(p:Person)
RETURN f {.*} AS flag, p.display_name AS display_name
ORDER BY f.last_raised_at DESC, f.score DESC, f.flag_id
LIMIT $limit
