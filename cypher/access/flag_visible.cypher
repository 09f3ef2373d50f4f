// description: Whether the viewer may see (and so review) one flag - every record and event that
//   evidences it must be visible under the agreement - and the person it is about.
// access: agreement
// params: [flag_id, visible_agencies, visible_event_types]
MATCH (f:Flag {flag_id: $flag_id})
RETURN f.person_id AS person_id,
       ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
           n.source_agency IN $visible_agencies
           AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types)) AS visible
