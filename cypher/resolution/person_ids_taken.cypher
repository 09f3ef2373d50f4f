// description: Which of these person ids any Person (any status) has ever had, so a new id never reuses one.
// params: [ids]
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
RETURN p.person_id AS person_id
