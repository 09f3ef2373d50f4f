// id: repeated_missing
// title: Repeated missing episodes
// description: >
//   A child reported missing min_episodes or more times within window_days.
// why: >
//   Repeat missing episodes are a strong indicator of exploitation, abuse at home or in care
//   (statutory guidance on children who run away or go missing, 2014).
// severity: high
// agencies: [police]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_episodes, type: int, default: 3, min: 2, max: 50, description: Episodes needed}
//   - {name: window_days, type: int, default: 30, min: 1, max: 365, description: Span they fall within}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back episodes count}
// returns: [person_id, display_name, score, summary, evidence]
MATCH (e:Event {category: 'police_incident', type: 'missing_person'})
WHERE e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE NOT inv.role IN ['reporter', 'witness', 'suspect']
  AND p.dob > e.date - duration({years: 18}) AND coalesce(p.status, 'active') = 'active'
WITH p, collect(DISTINCT e) AS episodes
WHERE size(episodes) >= $min_episodes
UNWIND episodes AS anchor
WITH p, anchor, [m IN episodes WHERE m.date >= anchor.date
                 AND m.date <= anchor.date + duration({days: $window_days})] AS win
WHERE size(win) >= $min_episodes
WITH p, anchor, win ORDER BY size(win) DESC, anchor.date
WITH p, head(collect({anchor: anchor, win: win})) AS best
RETURN p.person_id AS person_id, p.display_name AS display_name, size(best.win) AS score,
       toString(size(best.win)) + ' missing episodes within ' + toString($window_days) +
         ' days from ' + toString(best.anchor.date) AS summary,
       [e IN best.win | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
