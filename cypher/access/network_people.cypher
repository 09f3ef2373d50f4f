// description: How the network draws each person node, under the agreement - a name, date of
//   birth, the agencies and records, safeguarding-concern events and open flags, counted from
//   VISIBLE records, events and flags only (a flag counts when all its evidence is visible),
//   and the severity of the highest such open flag (`top_flag`, the risk badge's floor).
//   The person's display name is used only when a visible record bears it. Subjects with no
//   visible record are left out.
// access: agreement
// params: [keys, concern_pairs, visible_agencies, visible_event_types]
UNWIND $keys AS key
OPTIONAL MATCH (p:Person {person_id: key})
OPTIONAL MATCH (solo:PersonRecord {record_id: key})
WITH key, p, solo WHERE p IS NOT NULL OR solo IS NOT NULL
CALL (p, solo) {
  MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p) RETURN r
  UNION
  WITH solo WHERE solo IS NOT NULL RETURN solo AS r
}
WITH key, p, [r IN collect(DISTINCT r) WHERE r.source_agency IN $visible_agencies] AS shown
WHERE size(shown) > 0
WITH key, p, shown, head([r IN shown WHERE r.full_name IS NOT NULL]) AS named
RETURN key, p IS NOT NULL AS resolved,
       coalesce(head([r IN shown WHERE r.full_name = p.display_name | r.full_name]),
                named.full_name, trim(coalesce(head(shown).forename, '') + ' '
                + coalesce(head(shown).surname, ''))) AS name,
       head([r IN shown WHERE r.dob IS NOT NULL | toString(r.dob)]) AS dob,
       size(shown) AS record_count,
       COLLECT { UNWIND shown AS x WITH DISTINCT x.source_agency AS a RETURN a ORDER BY a }
         AS agencies,
       COUNT { UNWIND shown AS x MATCH (x)-[:INVOLVED_IN]->(e:Event)
               WHERE [e.category, e.type] IN $concern_pairs
                 AND e.source_agency IN $visible_agencies
                 AND [e.category, e.type] IN $visible_event_types
               RETURN DISTINCT e } AS concerns,
       COUNT { MATCH (f:Flag {person_id: key})
               WHERE f.current AND f.status IN ['new', 'in_review']
                 AND ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
                         n.source_agency IN $visible_agencies
                         AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types)) }
         AS open_flags,
       head(COLLECT { MATCH (f:Flag {person_id: key})
                      WHERE f.current AND f.status IN ['new', 'in_review']
                        AND ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
                                n.source_agency IN $visible_agencies
                                AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types))
                      RETURN f.severity AS severity
                      ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1
                                               WHEN 'low' THEN 2 ELSE 3 END })
         AS top_flag
