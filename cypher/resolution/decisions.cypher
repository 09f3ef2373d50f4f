// description: Every human review decision; each resolution run respects them all.
// params: []
MATCH (d:ReviewDecision)
RETURN d.decision_id AS decision_id, d.kind AS kind, d.record_a AS record_a,
       d.record_b AS record_b, d.person_id AS person_id, d.records AS records,
       d.others AS others, d.decided_at AS decided_at
ORDER BY d.decided_at
