// description: Benchmark only - every active person id (for seeded sampling in Python).
// params: []
MATCH (p:Person)
WHERE coalesce(p.status, 'active') = 'active'
RETURN p.person_id AS person_id
