// description: The person an ego network (or household) starts from (null when the id is unknown).
//   A viewer needs a recorded purpose to extract someone's network, and each extract is audited.
// purpose: required
// audit: {action: network_extract, subject: person_id}
// params: [person_id]
MATCH (p:Person {person_id: $person_id})
RETURN p.person_id AS person_id, p {.display_name, .dob, .sex, .status} AS props
