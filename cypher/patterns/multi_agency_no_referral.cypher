// id: multi_agency_no_referral
// title: Concerns from several agencies, no referral to children's social care
// description: >
//   A child about whom two or more agencies recorded a safeguarding concern within
//   window_days of each other, with no referral to children's social care from the start of
//   that window up to as_of. Concerns are the vocabulary's concern types (vocabulary.yml).
// why: >
//   Each professional held one piece of the jigsaw and nobody put it together: the pattern
//   behind the Victoria Climbié inquiry and the Arthur Labinjo-Hughes review.
// severity: high
// agencies: [police, hospital, gp, schools, social_care]
// context: [concern_keys]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date; later records are ignored}
//   - {name: window_days, type: int, default: 90, min: 1, max: 730, description: Span the concerns fall within}
//   - {name: min_agencies, type: int, default: 2, min: 2, max: 8, description: Distinct agencies needed}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back concerns count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
// plan: >
//   Concern events are found by a seek per concern key on the Event (category, type, date)
//   index of migration 0010, not by a scan of every event in the lookback; a child needs
//   concerns from min_agencies agencies overall before any window is built, and the referral
//   check runs only for windows that qualify.
UNWIND $concern_keys AS key
WITH split(key, ':') AS kind
MATCH (e:Event)
WHERE e.category = kind[0] AND e.type = kind[1]
  AND e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE NOT inv.role IN ['reporter', 'witness']
  AND p.dob > e.date - duration({years: 18})
  AND ($scope IS NULL OR p.person_id IN $scope)
  AND coalesce(p.status, 'active') = 'active'
WITH DISTINCT p, e, inv.role AS role
WITH p, e, role, e.date AS date, e.source_agency AS agency ORDER BY date, e.event_id, role
WITH p, collect({e: e, role: role, date: date, agency: agency}) AS concerns,
     collect(DISTINCT agency) AS all_agencies
WHERE size(all_agencies) >= $min_agencies
UNWIND concerns AS anchor
WITH p, anchor, [c IN concerns WHERE c.date >= anchor.date
                 AND c.date <= anchor.date + duration({days: $window_days})] AS win
WITH p, anchor, win,
     reduce(s = [], c IN win | CASE WHEN c.agency IN s THEN s ELSE s + c.agency END) AS agencies
WHERE size(agencies) >= $min_agencies
WITH p, anchor, win, agencies
WHERE NOT EXISTS {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(ref:Event {category: 'cs_referral'})
  WHERE ref.date >= anchor.date - duration({days: $window_days}) AND ref.date <= $as_of
}
WITH p, anchor, win, agencies
ORDER BY size(agencies) DESC, anchor.date, anchor.e.event_id
WITH p, head(collect({anchor: anchor, win: win, agencies: agencies})) AS best
RETURN p.person_id AS person_id, p.display_name AS display_name,
       size(best.agencies) AS score,
       toString(size(best.agencies)) + ' agencies (' + reduce(t = '', a IN best.agencies |
         t + CASE WHEN t = '' THEN '' ELSE ', ' END + a) + ') recorded concerns from ' +
         toString(best.anchor.date) + '; no referral to children\'s social care' AS summary,
       [c IN best.win | {agency: c.agency, record_id: c.e.source_record_id,
         event_id: c.e.event_id, category: c.e.category, type: c.e.type, date: c.date,
         role: c.role}] AS evidence
