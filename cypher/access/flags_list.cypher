// description: Current flags (pattern results) the viewer may see - a flag is shown only when every
//   record and event that evidences it is visible under the agreement (its summary is built from
//   that evidence); the rest are counted in `withheld` so the page can say so.
// access: agreement
// audit: {action: pattern_results, terms: [pattern_id, status]}
// params: [pattern_id, status, limit, visible_agencies, visible_event_types]
MATCH (f:Flag)
WHERE f.current AND ($pattern_id IS NULL OR f.pattern_id = $pattern_id)
  AND ($status IS NULL OR f.status = $status)
WITH f, ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
            n.source_agency IN $visible_agencies
            AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types)) AS visible
WITH collect(CASE WHEN visible THEN f END) AS shown, count(CASE WHEN NOT visible THEN 1 END) AS withheld
UNWIND (CASE WHEN size(shown) = 0 THEN [null] ELSE shown END) AS f
WITH f, withheld ORDER BY f.last_raised_at DESC, f.score DESC, f.flag_id
WITH collect(f {.flag_id, .pattern_id, .person_id, .severity, .score, .summary, .status})[..$limit]
       AS flags, withheld
RETURN flags, withheld
