// description: The person an ego network starts from (null when the id is unknown).
// params: [person_id]
MATCH (p:Person {person_id: $person_id})
RETURN p.person_id AS person_id, p {.display_name, .dob, .sex, .status} AS props
