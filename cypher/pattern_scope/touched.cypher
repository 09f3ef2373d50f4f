// description: People directly touched by some loads and resolution runs - those a resolution
//   run stamped, whose records a load wrote, who are involved in events a load wrote, and who
//   live at or are involved in events at the address of such an event.
// params: [load_runs, resolution_runs]
CALL () {
  MATCH (p:Person) USING INDEX p:Person(touched_run_id)
  WHERE p.touched_run_id IN $resolution_runs
  RETURN p
  UNION
  MATCH (r:PersonRecord) USING INDEX r:PersonRecord(load_run_id) WHERE r.load_run_id IN $load_runs
  MATCH (r)-[:RESOLVES_TO]->(p:Person)
  RETURN p
  UNION
  MATCH (e:Event) USING INDEX e:Event(load_run_id) WHERE e.load_run_id IN $load_runs
  MATCH (e)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
  RETURN p
  UNION
  MATCH (e:Event) USING INDEX e:Event(load_run_id) WHERE e.load_run_id IN $load_runs
  MATCH (e)-[:OCCURRED_AT]->(:Address)<-[:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
  RETURN p
  UNION
  MATCH (e:Event) USING INDEX e:Event(load_run_id) WHERE e.load_run_id IN $load_runs
  MATCH (e)-[:OCCURRED_AT]->(:Address)<-[:OCCURRED_AT]-(:Event)<-[:INVOLVED_IN]-(:PersonRecord)
        -[:RESOLVES_TO]->(p:Person)
  RETURN p
}
RETURN DISTINCT p.person_id AS person_id
