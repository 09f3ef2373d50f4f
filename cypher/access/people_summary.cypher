// description: Data-minimised search rows - only what is needed to pick the right person - a name
//   (the Person's display name when a visible record carries it), year of birth and area
//   (postcode district) taken from VISIBLE records, the visible agencies,
//   and how many records the agreement withholds. Subjects with no visible record are left out.
// access: agreement
// params: [keys, visible_agencies]
UNWIND $keys AS key
OPTIONAL MATCH (p:Person {person_id: key})
OPTIONAL MATCH (solo:PersonRecord {record_id: key})
WITH key, p, solo WHERE p IS NOT NULL OR solo IS NOT NULL
CALL (p, solo) {
  MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p) RETURN r
  UNION
  WITH solo WHERE solo IS NOT NULL RETURN solo AS r
}
WITH key, p, collect(DISTINCT r) AS records
WITH key, p, [r IN records WHERE r.source_agency IN $visible_agencies] AS shown,
     size([r IN records WHERE NOT r.source_agency IN $visible_agencies]) AS withheld_records
WHERE size(shown) > 0
WITH key, p, shown, withheld_records, [r IN shown WHERE r.full_name IS NOT NULL | r.full_name] AS names
RETURN key, p IS NOT NULL AS resolved,
       coalesce(CASE WHEN p.display_name IN names THEN p.display_name END, head(names),
                trim(coalesce(head(shown).forename, '') + ' '
                     + coalesce(head(shown).surname, ''))) AS name,
       head([r IN shown WHERE r.dob IS NOT NULL | r.dob.year]) AS year_of_birth,
       head([r IN shown WHERE r.postcode IS NOT NULL | split(r.postcode, ' ')[0]]) AS area,
       COLLECT { UNWIND shown AS x WITH DISTINCT x.source_agency AS a RETURN a ORDER BY a }
         AS agencies,
       size(shown) AS record_count, withheld_records
