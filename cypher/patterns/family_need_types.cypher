// id: family_need_types
// title: Cumulative needs across a family
// description: >
//   A child whose family (the child, recorded relatives and people at the same address on
//   as_of) shows min_needs or more distinct need types within lookback_days: domestic abuse,
//   mental health, substance misuse, crime, education, housing, financial hardship, missing.
// why: >
//   Harm is cumulative: the Supporting Families programme counts distinct needs across a
//   household because three or more together predict poor outcomes better than any one.
// severity: medium
// agencies: [police, gp, hospital, schools, housing, benefits]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_needs, type: int, default: 3, min: 2, max: 8, description: Distinct need types needed}
//   - {name: lookback_days, type: int, default: 365, min: 30, max: 3650, description: Window for the family's records}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
// plan: >
//   Anchored on the rare need events (index seeks on Event.type / Event.category), not on every
//   child: each person with a need event hands it to the children whose family they are in
//   (family membership is symmetric: same address on as_of, a recorded relation, or oneself).
//   The summary lists the need types alphabetically.
CALL () {
  MATCH (e:Event)
  USING INDEX e:Event(type)
  WHERE e.type IN ['domestic_abuse', 'mental_health', 'self_harm', 'substance_misuse',
    'drugs_possession', 'drugs_supply', 'overdose', 'assault', 'anti_social_behaviour',
    'sexual_offence', 'persistent', 'temporary_accommodation', 'missing_person']
  RETURN e
  UNION
  MATCH (e:Event)
  USING INDEX e:Event(category)
  WHERE e.category IN ['school_exclusion', 'eviction', 'homelessness_application',
    'benefit_sanction']
  RETURN e
}
WITH e
WHERE e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(m:Person)
WHERE NOT inv.role IN ['reporter', 'witness']
WITH m, e, CASE
  WHEN e.type = 'domestic_abuse' THEN 'domestic_abuse'
  WHEN e.type IN ['mental_health', 'self_harm'] THEN 'mental_health'
  WHEN e.type IN ['substance_misuse', 'drugs_possession', 'drugs_supply', 'overdose']
    THEN 'substance_misuse'
  WHEN e.category = 'police_incident' AND e.type IN ['assault', 'anti_social_behaviour',
    'sexual_offence'] AND inv.role IN ['suspect', 'subject'] THEN 'crime'
  WHEN e.category IN ['school_exclusion'] OR e.type = 'persistent' THEN 'education'
  WHEN e.category IN ['eviction', 'homelessness_application']
    OR e.type = 'temporary_accommodation' THEN 'housing'
  WHEN e.category = 'benefit_sanction' THEN 'financial'
  WHEN e.type = 'missing_person' THEN 'missing'
END AS need
WHERE need IS NOT NULL
WITH m, collect(DISTINCT {need: need, e: e}) AS found
// hubs: the addresses m lives at on as_of, and m (for m's relatives and m itself)
CALL (m) {
  MATCH (m)<-[:RESOLVES_TO]-(:PersonRecord)-[l:LIVES_AT]->(a:Address)
  WHERE l.to IS NULL OR l.to >= $as_of
  RETURN DISTINCT a AS hub
  UNION
  RETURN m AS hub
}
UNWIND found AS f
WITH hub, collect(DISTINCT f) AS found
CALL (hub) {
  MATCH (hub:Address)<-[l:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE l.to IS NULL OR l.to >= $as_of
  RETURN c
  UNION
  MATCH (hub:Person)<-[:RESOLVES_TO]-(:PersonRecord)-[:RELATED_TO]-(:PersonRecord)
        -[:RESOLVES_TO]->(c:Person)
  RETURN c
  UNION
  WITH hub WHERE hub:Person
  RETURN hub AS c
}
WITH c, found
WHERE c.dob > $as_of - duration({years: 18}) AND c.dob <= $as_of
  AND ($scope IS NULL OR c.person_id IN $scope)
  AND coalesce(c.status, 'active') = 'active'
UNWIND found AS f
WITH c, collect(DISTINCT f.need) AS needs, collect(DISTINCT f.e) AS events
WHERE size(needs) >= $min_needs
CALL (c) {
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[l1:LIVES_AT]->(:Address)<-[l2:LIVES_AT]-(:PersonRecord)
        -[:RESOLVES_TO]->(m:Person)
  WHERE (l1.to IS NULL OR l1.to >= $as_of) AND (l2.to IS NULL OR l2.to >= $as_of)
  RETURN m
  UNION
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:RELATED_TO]-(:PersonRecord)-[:RESOLVES_TO]->(m:Person)
  RETURN m
  UNION
  RETURN c AS m
}
WITH c, needs, events, count(DISTINCT m) AS family_size
WITH c, events, family_size, COLLECT { UNWIND needs AS n RETURN n ORDER BY n } AS needs
RETURN c.person_id AS person_id, c.display_name AS display_name, size(needs) AS score,
       toString(size(needs)) + ' need types across a family of ' + toString(family_size) +
         ': ' + reduce(t = '', n IN needs | t + CASE WHEN t = '' THEN '' ELSE ', ' END + n)
         AS summary,
       [e IN events | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
