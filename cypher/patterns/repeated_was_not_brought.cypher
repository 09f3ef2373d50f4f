// id: repeated_was_not_brought
// title: Repeatedly not brought to health appointments
// description: >
//   A child recorded as "was not brought" (or did not attend) at min_missed or more GP
//   appointments within window_days.
// why: >
//   Children cannot take themselves to appointments: a pattern of "was not brought" is a
//   recognised indicator of neglect (NSPCC, Child Safeguarding Practice Review Panel).
// severity: medium
// agencies: [gp]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_missed, type: int, default: 3, min: 2, max: 20, description: Missed appointments needed}
//   - {name: window_days, type: int, default: 365, min: 7, max: 1095, description: Span they fall within}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back they count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
MATCH (e:Event {category: 'gp_appointment'})
WHERE e.type IN ['was_not_brought', 'did_not_attend']
  AND e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE p.dob > e.date - duration({years: 18}) AND coalesce(p.status, 'active') = 'active'
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH p, collect(DISTINCT e) AS missed
WHERE size(missed) >= $min_missed
UNWIND missed AS anchor
WITH p, anchor, [m IN missed WHERE m.date >= anchor.date
                 AND m.date <= anchor.date + duration({days: $window_days})] AS win
WHERE size(win) >= $min_missed
WITH p, anchor, win ORDER BY size(win) DESC, anchor.date
WITH p, head(collect(win)) AS win
RETURN p.person_id AS person_id, p.display_name AS display_name, size(win) AS score,
       toString(size(win)) + ' missed GP appointments from ' +
         toString(reduce(d = win[0].date, m IN win | CASE WHEN m.date < d THEN m.date ELSE d END))
         AS summary,
       [e IN win | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
