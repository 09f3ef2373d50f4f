// description: The addresses some people live at on as_of, as their VISIBLE records have them
//   (a link recorded by a withheld agency places no one) - for the Flags page's "Group by
//   household". An address only, with no record detail; read with the flag list it groups and
//   audited with it (`pattern_results`).
// access: agreement
// params: [person_ids, as_of, visible_agencies]
UNWIND $person_ids AS person_id
MATCH (:Person {person_id: person_id})<-[:RESOLVES_TO]-(r:PersonRecord)-[l:LIVES_AT]->(a:Address)
WHERE r.source_agency IN $visible_agencies
  AND coalesce(l.source_agency, r.source_agency) IN $visible_agencies
  AND (l.from IS NULL OR l.from <= $as_of) AND (l.to IS NULL OR l.to >= $as_of)
RETURN DISTINCT person_id, a.address_id AS address_id,
       trim(coalesce(a.line1, '') + ', ' + coalesce(a.town, '')) AS address,
       a.postcode AS postcode
ORDER BY person_id, address_id
