// id: ae_injuries_young_child
// title: Repeated A&E injuries of a young child
// description: >
//   A child aged under max_age at each attendance with min_attendances or more A&E injury
//   attendances within window_days.
// why: >
//   Repeated injuries in a young child, each plausible alone, can be non-accidental; pooled
//   across hospitals they become visible (NICE CG89, "when to suspect child maltreatment").
// severity: high
// agencies: [hospital]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: max_age, type: int, default: 5, min: 1, max: 18, description: Age (years) under which a child counts as young}
//   - {name: min_attendances, type: int, default: 3, min: 2, max: 20, description: Attendances needed}
//   - {name: window_days, type: int, default: 365, min: 7, max: 1095, description: Span they fall within}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back attendances count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
MATCH (e:Event {category: 'ae_attendance', type: 'injury'})
WHERE e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE p.dob > e.date - duration({years: $max_age}) AND coalesce(p.status, 'active') = 'active'
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH p, collect(DISTINCT e) AS injuries
WHERE size(injuries) >= $min_attendances
UNWIND injuries AS anchor
WITH p, anchor, [m IN injuries WHERE m.date >= anchor.date
                 AND m.date <= anchor.date + duration({days: $window_days})] AS win
WHERE size(win) >= $min_attendances
WITH p, anchor, win ORDER BY size(win) DESC, anchor.date
WITH p, head(collect({anchor: anchor, win: win})) AS best
RETURN p.person_id AS person_id, p.display_name AS display_name, size(best.win) AS score,
       toString(size(best.win)) + ' A&E injury attendances within ' + toString($window_days) +
         ' days from ' + toString(best.anchor.date) + ', aged under ' + toString($max_age)
         AS summary,
       [e IN best.win | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
