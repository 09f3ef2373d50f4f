// description: One flag for the viewer - whether they may see (and so review) it - every record and
//   event that evidences it must be visible under the agreement; the person it is about; and,
//   only when visible, the flag's properties, the person's name and its history (review
//   decisions, assignments and comments, each oldest first).
// access: agreement
// params: [flag_id, visible_agencies, visible_event_types]
MATCH (f:Flag {flag_id: $flag_id})
WITH f, ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
            n.source_agency IN $visible_agencies
            AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types)) AS visible
RETURN f.person_id AS person_id, visible,
       CASE WHEN visible THEN f {.*} END AS flag,
       CASE WHEN visible THEN head(COLLECT { MATCH (f)-[:ABOUT]->(p:Person)
                                             RETURN p.display_name }) END AS display_name,
       CASE WHEN visible
            THEN COLLECT { MATCH (f)-[:HAS_REVIEW]->(r:FlagReview) RETURN r {.*} ORDER BY r.at }
            ELSE [] END AS reviews,
       CASE WHEN visible
            THEN COLLECT { MATCH (f)-[:HAS_ASSIGNMENT]->(a:FlagAssignment)
                           RETURN a {.*} ORDER BY a.at }
            ELSE [] END AS assignments,
       CASE WHEN visible
            THEN COLLECT { MATCH (f)-[:HAS_COMMENT]->(c:FlagComment) RETURN c {.*} ORDER BY c.at }
            ELSE [] END AS comments
