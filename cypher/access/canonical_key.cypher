// description: The subject key a page shows for a key, under the agreement - a Person's id stays
//   (if any of its records is visible); a visible record that entity resolution linked to a
//   Person becomes that Person's id; an unresolved visible record stays. A record of an agency
//   the viewer may not see leads nowhere, so its id reveals nothing. The Person's display name
//   comes too, when a visible record carries it (so it reveals nothing withheld).
// access: agreement
// params: [key, visible_agencies]
OPTIONAL MATCH (p:Person {person_id: $key})
WHERE EXISTS { (p)<-[:RESOLVES_TO]-(v:PersonRecord) WHERE v.source_agency IN $visible_agencies }
OPTIONAL MATCH (r:PersonRecord {record_id: $key}) WHERE r.source_agency IN $visible_agencies
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(rp:Person)
WITH p, r, rp ORDER BY rp.person_id LIMIT 1
WITH coalesce(p, rp) AS person, coalesce(p.person_id, rp.person_id, r.record_id) AS key
WHERE key IS NOT NULL
RETURN key, person IS NOT NULL AS resolved,
       head(COLLECT { MATCH (person)<-[:RESOLVES_TO]-(v:PersonRecord)
                      WHERE v.source_agency IN $visible_agencies
                        AND v.full_name = person.display_name
                      RETURN person.display_name }) AS display_name
