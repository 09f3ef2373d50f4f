// description: Every Person id ever issued (any status), so a new id never reuses one.
// params: []
MATCH (p:Person) RETURN p.person_id AS person_id
