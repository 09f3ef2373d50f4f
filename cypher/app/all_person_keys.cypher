// description: Every resolved Person's id (benchmarks sample subjects from it, seeded, in Python).
// params: []
MATCH (p:Person) RETURN p.person_id AS key
