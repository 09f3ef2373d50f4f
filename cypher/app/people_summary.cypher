// description: One summary row per subject key (Person id, or an unresolved record id) with name,
//   date of birth, the agencies holding a record, postcodes, and counts of records and
//   safeguarding-concern events. Keys that match nothing are left out.
// params: [keys, concern_pairs]
UNWIND $keys AS key
OPTIONAL MATCH (p:Person {person_id: key})
OPTIONAL MATCH (solo:PersonRecord {record_id: key})
WITH key, p, solo WHERE p IS NOT NULL OR solo IS NOT NULL
CALL (p, solo) {
  MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p) RETURN r
  UNION
  WITH solo WHERE solo IS NOT NULL RETURN solo AS r
}
WITH key, p, solo, collect(DISTINCT r) AS records
WITH key, p, solo, records, head(records) AS first
RETURN key,
       p IS NOT NULL AS resolved,
       coalesce(p.display_name, first.full_name,
                trim(coalesce(first.forename, '') + ' ' + coalesce(first.surname, ''))) AS name,
       toString(coalesce(p.dob, first.dob)) AS dob,
       coalesce(p.sex, first.sex) AS sex,
       size(records) AS record_count,
       COLLECT { UNWIND records AS x WITH DISTINCT x.source_agency AS a WHERE a IS NOT NULL
                 RETURN a ORDER BY a } AS agencies,
       COLLECT { UNWIND records AS x WITH DISTINCT x.postcode AS pc WHERE pc IS NOT NULL
                 RETURN pc ORDER BY pc } AS postcodes,
       COUNT { UNWIND records AS x MATCH (x)-[:INVOLVED_IN]->(e:Event)
               WHERE [e.category, e.type] IN $concern_pairs RETURN DISTINCT e } AS concerns
