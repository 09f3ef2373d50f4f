// id: frequent_moves
// title: Frequent moves of address or school
// description: >
//   A child who moved to min_moves or more new addresses, or started at min_moves or more new
//   schools, within window_days (each new address or school counted once, at the earliest date
//   any agency recorded it).
// why: >
//   Frequent moves break continuity: records stay behind, professionals change, and a family
//   can keep ahead of concern (a recurring theme in serious case reviews of neglect).
// severity: medium
// agencies: [housing, benefits, schools, gp, social_care]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_moves, type: int, default: 3, min: 2, max: 20, description: New addresses or schools needed}
//   - {name: window_days, type: int, default: 365, min: 30, max: 1095, description: Span they fall within}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back moves count}
// returns: [person_id, display_name, score, summary, evidence]
MATCH (p:Person)
WHERE p.dob > $as_of - duration({years: 18}) AND coalesce(p.status, 'active') = 'active'
MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)-[rel:LIVES_AT|ENROLLED_AT]->(place)
WHERE rel.from IS NOT NULL AND rel.from <= $as_of
WITH p, type(rel) AS kind, place, min(rel.from) AS since, collect(r)[0] AS r
WHERE since > $as_of - duration({days: $lookback_days})
WITH p, kind, collect({since: since, r: r, place: place}) AS moves
WHERE size(moves) >= $min_moves
UNWIND moves AS anchor
WITH p, kind, anchor, [m IN moves WHERE m.since >= anchor.since
                       AND m.since <= anchor.since + duration({days: $window_days})] AS win
WHERE size(win) >= $min_moves
WITH p, kind, win ORDER BY size(win) DESC
WITH p, collect({kind: kind, win: win}) AS found
WITH p, found, reduce(n = 0, f IN found | CASE WHEN size(f.win) > n THEN size(f.win) ELSE n END)
     AS most
RETURN p.person_id AS person_id, p.display_name AS display_name, most AS score,
       reduce(t = '', f IN found | t + CASE WHEN t = '' THEN '' ELSE '; ' END +
         toString(size(f.win)) + CASE f.kind WHEN 'LIVES_AT' THEN ' new addresses'
         ELSE ' new schools' END + ' from ' + toString(f.win[0].since)) +
         ' within ' + toString($window_days) + ' days' AS summary,
       reduce(acc = [], f IN found | acc + [m IN f.win | {agency: m.r.source_agency,
         record_id: m.r.source_record_id, person_record_id: m.r.record_id,
         category: CASE f.kind WHEN 'LIVES_AT' THEN 'address_move' ELSE 'school_move' END,
         type: coalesce(m.place.address_id, m.place.org_id), date: m.since}]) AS evidence
