// description: The person an ego network (or household) starts from - null when the id is
//   unknown or none of the person's records is visible under the agreement. Name, date of birth
//   and sex come from VISIBLE records only (the name the Person carries when a visible record
//   bears it), as the app's network_people does. A viewer needs a recorded purpose to extract
//   someone's network, and each extract is audited (an id outside the agreement too).
// access: agreement
// purpose: required
// audit: {action: network_extract, subject: person_id}
// params: [person_id, visible_agencies]
MATCH (p:Person {person_id: $person_id})
WITH p, COLLECT { MATCH (x:PersonRecord)-[:RESOLVES_TO]->(p)
                  WHERE x.source_agency IN $visible_agencies RETURN x ORDER BY x.record_id } AS shown
WHERE size(shown) > 0
RETURN p.person_id AS person_id,
       {display_name: coalesce(head([x IN shown WHERE x.full_name = p.display_name | x.full_name]),
                               head([x IN shown WHERE x.full_name IS NOT NULL | x.full_name])),
        dob: head([x IN shown WHERE x.dob IS NOT NULL | x.dob]),
        sex: head([x IN shown WHERE x.sex IS NOT NULL | x.sex]),
        status: p.status} AS props
