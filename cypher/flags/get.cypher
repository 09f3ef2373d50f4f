// description: One flag with its person, evidence nodes and review history (oldest first).
// params: [flag_id]
MATCH (f:Flag {flag_id: $flag_id})
OPTIONAL MATCH (f)-[:ABOUT]->(p:Person)
RETURN f {.*} AS flag, p.display_name AS display_name,
       COLLECT { MATCH (f)-[:HAS_REVIEW]->(r:FlagReview) RETURN r {.*} ORDER BY r.at } AS reviews,
       COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n)
                 RETURN coalesce(n.event_id, n.record_id) AS node_id } AS evidence_nodes
