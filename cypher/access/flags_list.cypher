// description: Flags (pattern results) the viewer may see - current ones, and with
//   $include_past also those a later run no longer raised (kept, never deleted). A flag is
//   shown only when every record and event that evidences it is visible under the agreement
//   (its summary is built from that evidence); the rest are counted in `withheld` so the page
//   can say so. Filters are optional (null = any) - $assignee keeps the flags assigned to that
//   user, $overdue_on the open flags whose due date is before that day. Each flag comes as
//   the flag's properties and the person's name.
// access: agreement
// params: [pattern_id, status, person_ids, severity, include_past, assignee, overdue_on, limit,
//          visible_agencies, visible_event_types]
MATCH (f:Flag)
WHERE (f.current OR $include_past) AND ($pattern_id IS NULL OR f.pattern_id = $pattern_id)
  AND ($status IS NULL OR f.status = $status)
  AND ($person_ids IS NULL OR f.person_id IN $person_ids)
  AND ($severity IS NULL OR f.severity = $severity)
  AND ($assignee IS NULL OR f.assignee = $assignee)
  AND ($overdue_on IS NULL OR (f.due_date < $overdue_on AND f.status IN ['new', 'in_review']))
WITH f, ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
            n.source_agency IN $visible_agencies
            AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types)) AS visible
WITH collect(CASE WHEN visible THEN f END) AS shown, count(CASE WHEN NOT visible THEN 1 END) AS withheld
UNWIND (CASE WHEN size(shown) = 0 THEN [null] ELSE shown END) AS f
WITH f, withheld ORDER BY f.last_raised_at DESC, f.score DESC, f.flag_id
WITH collect(CASE WHEN f IS NOT NULL THEN
               {flag: f {.*}, display_name: head(COLLECT { MATCH (f)-[:ABOUT]->(p:Person)
                                                         RETURN p.display_name })} END)[..$limit]
       AS flags, withheld
RETURN flags, withheld
