// description: Current flags about a set of people (for risk scores), with pattern and severity.
// params: [person_ids]
MATCH (f:Flag)
WHERE f.person_id IN $person_ids AND f.current AND f.status <> 'dismissed'
RETURN f.person_id AS person_id, f.flag_id AS flag_id, f.pattern_id AS pattern_id,
       f.severity AS severity, f.score AS score, f.summary AS summary, f.status AS status
