// id: da_under_five_no_health_visiting
// title: Domestic abuse in the household of a child under five, health visiting not told
// description: >
//   A domestic abuse incident in the household of a child aged under max_age - the child was
//   there, it happened at the child's home, or someone in it lives with the child or is the
//   child's recorded parent or carer - with no health-visiting domestic abuse notification for
//   the child (or for a party to the incident, or for a record that may be the same child and
//   waits in the match review queue) within notify_days.
// why: >
//   Children under five are seen by health visitors, not schools, so Operation Encompass does
//   not reach them; the Healthy Child Programme and Working Together to Safeguard Children 2023
//   rely on police notifying health visiting of domestic abuse so that the youngest - the most
//   at risk, and victims in their own right under the Domestic Abuse Act 2021 - are seen.
// severity: high
// agencies: [police, community_health]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: max_age, type: int, default: 5, min: 1, max: 6, description: Age (years) under which the child counts}
//   - {name: notify_days, type: int, default: 7, min: 0, max: 60, description: Days allowed for the notification}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back incidents count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 2  # an incremental run re-checks changed people and those within 2 hop(s): a hit reads people two hops away (a household member's or relative's relatives and co-parties)
MATCH (da:Event {category: 'police_incident', type: 'domestic_abuse'})
WHERE da.date <= $as_of - duration({days: $notify_days})
  AND da.date > $as_of - duration({days: $lookback_days})
CALL (da) {
  MATCH (da)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE NOT coalesce(inv.role, '') IN ['suspect', 'reporter', 'witness']
  RETURN c, 'present' AS how
  UNION
  MATCH (da)-[:OCCURRED_AT]->(:Address)<-[l:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE (l.from IS NULL OR l.from <= da.date) AND (l.to IS NULL OR l.to >= da.date)
  RETURN c, 'at home' AS how
  UNION
  MATCH (da)<-[pi:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(a:Person)
  WHERE NOT coalesce(pi.role, '') IN ['reporter', 'witness']
  MATCH (a)<-[:RESOLVES_TO]-(:PersonRecord)-[l1:LIVES_AT]->(:Address)
        <-[l2:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE c <> a
    AND (l1.from IS NULL OR l1.from <= da.date) AND (l1.to IS NULL OR l1.to >= da.date)
    AND (l2.from IS NULL OR l2.from <= da.date) AND (l2.to IS NULL OR l2.to >= da.date)
  RETURN c, 'lives with a party' AS how
  UNION
  MATCH (da)<-[pi:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(a:Person)
  WHERE NOT coalesce(pi.role, '') IN ['reporter', 'witness']
  MATCH (a)<-[:RESOLVES_TO]-(:PersonRecord)-[rel:RELATED_TO]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE c <> a
    AND coalesce(rel.relation, 'parent') IN ['parent', 'child', 'carer']
  RETURN c, 'child of a party' AS how
}
WITH da, c, collect(how) AS hows
WHERE c.dob <= da.date AND c.dob > da.date - duration({years: $max_age})
  AND ($scope IS NULL OR c.person_id IN $scope)
  AND coalesce(c.status, 'active') = 'active'
  AND NOT EXISTS {
    CALL (da, c) {
      MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(n:Event)
      RETURN n
      UNION
      MATCH (da)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(party:Person)
      MATCH (party)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(n:Event)
      RETURN n
      UNION
      MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)
            <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
            -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
      WHERE o <> c
      MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(n:Event)
      RETURN n
    }
    WITH n
    WHERE n.category = 'health_visiting' AND n.type = 'da_notification'
      AND n.date >= da.date AND n.date <= da.date + duration({days: $notify_days})
  }
WITH da, c, hows ORDER BY da.date, da.event_id
WITH c, collect(da) AS incidents, collect(hows) AS nested
WITH c, incidents, reduce(acc = [], hs IN nested | acc + [h IN hs WHERE NOT h IN acc]) AS hows,
     COLLECT {
       MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(hv:Event {category: 'health_visiting'})
       WHERE hv.date <= $as_of
       RETURN hv ORDER BY hv.date DESC LIMIT 1
     } AS known
RETURN c.person_id AS person_id, c.display_name AS display_name, size(incidents) AS score,
       toString(size(incidents)) + ' domestic abuse incident(s) in the household (' +
         reduce(t = '', h IN hows | t + CASE WHEN t = '' THEN '' ELSE ', ' END + h) +
         '), first ' + toString(head(incidents).date) + ', aged under ' + toString($max_age) +
         '; no health-visiting notification within ' + toString($notify_days) + ' day(s); ' +
         CASE WHEN size(known) > 0 THEN 'known to health visiting (last contact ' +
              toString(head(known).date) + ')' ELSE 'no health-visiting contact on record' END
         AS summary,
       [e IN incidents + known | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
