// id: toxic_trio
// title: Toxic trio in a child's household
// description: >
//   A child whose household (people at the same address on the day, or recorded relatives)
//   had a domestic abuse incident and, within window_days of it, an adult's mental ill-health
//   (GP mental health consultation, self-harm or overdose at A&E) and an adult's substance
//   misuse (GP consultation, drugs offence, overdose).
// why: >
//   Domestic abuse, parental mental ill-health and substance misuse together - the "toxic
//   trio" - are present in most serious case reviews (Brandon et al., triennial analyses).
// severity: high
// agencies: [police, gp, hospital]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: window_days, type: int, default: 365, min: 30, max: 1095, description: Mental health and substance events within this many days of the incident}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back incidents count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 2  # an incremental run re-checks changed people and those within 2 hop(s): a hit reads people two hops away (a household member's or relative's relatives and co-parties)
MATCH (da:Event {category: 'police_incident', type: 'domestic_abuse'})
WHERE da.date <= $as_of AND da.date > $as_of - duration({days: $lookback_days})
MATCH (da)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(x:Person)
WITH DISTINCT da, x
// hubs: each involved person's addresses on the incident date, and the person (relatives, self);
// a household sharing an address is walked once per incident, not once per involved person
CALL (da, x) {
  MATCH (x)<-[:RESOLVES_TO]-(:PersonRecord)-[l1:LIVES_AT]->(a:Address)
  WHERE (l1.from IS NULL OR l1.from <= da.date) AND (l1.to IS NULL OR l1.to >= da.date)
  RETURN a AS hub
  UNION
  RETURN x AS hub
}
WITH DISTINCT da, hub
CALL (da, hub) {
  MATCH (hub:Address)<-[l2:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(m:Person)
  WHERE (l2.from IS NULL OR l2.from <= da.date) AND (l2.to IS NULL OR l2.to >= da.date)
  RETURN m
  UNION
  MATCH (hub:Person)<-[:RESOLVES_TO]-(:PersonRecord)-[:RELATED_TO]-(:PersonRecord)
        -[:RESOLVES_TO]->(m:Person)
  RETURN m
  UNION
  WITH hub WHERE hub:Person
  RETURN hub AS m
}
WITH da, collect(DISTINCT m) AS household
WITH da, [m IN household WHERE m.dob > da.date - duration({years: 18})
          AND ($scope IS NULL OR m.person_id IN $scope)
          AND coalesce(m.status, 'active') = 'active'] AS children,
         [m IN household WHERE m.dob <= da.date - duration({years: 18})] AS adults
WHERE size(children) > 0 AND size(adults) > 0
CALL (da, adults) {
  UNWIND adults AS a
  MATCH (a)<-[:RESOLVES_TO]-(:PersonRecord)-[inv:INVOLVED_IN]->(e:Event)
  WHERE e.date <= $as_of AND abs(duration.inDays(da.date, e.date).days) <= $window_days
    AND NOT inv.role IN ['reporter', 'witness']
    AND (e.category + ':' + e.type) IN ['gp_consultation:mental_health', 'ae_attendance:self_harm',
         'ae_attendance:overdose', 'gp_consultation:substance_misuse',
         'police_incident:drugs_possession', 'police_incident:drugs_supply']
  RETURN collect(DISTINCT e) AS adult_events
}
WITH da, children,
     [e IN adult_events WHERE e.type IN ['mental_health', 'self_harm', 'overdose']] AS mh,
     [e IN adult_events WHERE e.type IN ['substance_misuse', 'drugs_possession', 'drugs_supply',
                                         'overdose']] AS sub
WHERE size(mh) > 0 AND size(sub) > 0
UNWIND children AS c
WITH c, collect(DISTINCT da) AS incidents, collect(mh + sub) AS nested
WITH c, incidents, reduce(acc = [], es IN nested | acc + [e IN es WHERE NOT e IN acc]) AS others
RETURN c.person_id AS person_id, c.display_name AS display_name,
       size(incidents) + size(others) AS score,
       'Household had ' + toString(size(incidents)) + ' domestic abuse incident(s) with ' +
         toString(size(others)) + ' adult mental health / substance misuse record(s) nearby in time'
         AS summary,
       [e IN incidents + others | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
