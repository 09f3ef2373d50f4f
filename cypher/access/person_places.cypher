// description: Addresses the subject lived at and organisations they were enrolled at or
//   registered with, as each VISIBLE agency's record has them (dates and provenance per link);
//   a withheld agency's record contributes no place. Needs a recorded purpose.
// access: agreement
// purpose: required
// params: [key, visible_agencies]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH r WHERE r.source_agency IN $visible_agencies
MATCH (r)-[rel:LIVES_AT|ENROLLED_AT|REGISTERED_WITH]->(place)
RETURN type(rel) AS rel_type,
       coalesce(place.address_id, place.org_id) AS place_key,
       coalesce(place.name, trim(coalesce(place.line1, '') + ', ' + coalesce(place.town, '')))
         AS place_name,
       place.postcode AS postcode,
       toString(rel.from) AS date_from, toString(rel.to) AS date_to,
       coalesce(rel.source_agency, r.source_agency) AS agency, r.record_id AS record_id
ORDER BY date_from, place_name
