// description: The resolved Person node's own properties (none for an unresolved record).
// params: [key]
MATCH (p:Person {person_id: $key})
RETURN properties(p) AS person
