// id: frequent_moves
// title: Frequent moves of address or school
// description: >
//   A child who moved to min_moves or more different addresses, or started at min_moves or
//   more different schools, within window_days (each address or school counted once in the
//   window, at the earliest date any agency recorded the arrival, and only after the child was
//   born). A move counts when it is dated on the child's own records or on those of an adult the
//   child lives with on as_of: agencies often date a family's moves only on the tenant's or
//   claimant's record.
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
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
// plan: >
//   Anchored on the dated arrivals in the lookback (range seeks on the LIVES_AT / ENROLLED_AT
//   `from` indexes of migration 0010), not on every child: a child's own arrival counts for the
//   child, an adult's address arrival for the children living with that adult on as_of.
CALL () {
  MATCH (r:PersonRecord)-[rel:LIVES_AT]->(place)
  WHERE rel.from <= $as_of AND rel.from > $as_of - duration({days: $lookback_days})
  RETURN r, rel, place
  UNION
  MATCH (r:PersonRecord)-[rel:ENROLLED_AT]->(place)
  WHERE rel.from <= $as_of AND rel.from > $as_of - duration({days: $lookback_days})
  RETURN r, rel, place
}
MATCH (r)-[:RESOLVES_TO]->(m:Person)
WITH m, collect({kind: type(rel), place: place, since: rel.from, r: r}) AS moves
CALL (m) {
  WITH m
  WHERE m.dob > $as_of - duration({years: 18}) AND coalesce(m.status, 'active') = 'active'
  RETURN m AS p, true AS own
  UNION
  WITH m
  WHERE m.dob <= $as_of - duration({years: 18})
  MATCH (m)<-[:RESOLVES_TO]-(:PersonRecord)-[l2:LIVES_AT]->(home:Address)
  WHERE (l2.from IS NULL OR l2.from <= $as_of) AND (l2.to IS NULL OR l2.to >= $as_of)
  WITH DISTINCT m, home
  MATCH (home)<-[l1:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
  WHERE p <> m AND p.dob > $as_of - duration({years: 18})
    AND coalesce(p.status, 'active') = 'active'
    AND (l1.from IS NULL OR l1.from <= $as_of) AND (l1.to IS NULL OR l1.to >= $as_of)
  RETURN DISTINCT p, false AS own
}
UNWIND [mv IN moves WHERE own OR mv.kind = 'LIVES_AT'] AS mv
WITH DISTINCT p, mv.kind AS kind, mv.place AS place, mv.since AS since, mv.r AS r
WHERE since > p.dob
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH p, kind, place, since, r ORDER BY r.record_id
WITH p, kind, place, since, collect(r)[0] AS r ORDER BY since
WITH p, kind, collect({since: since, r: r, place: place}) AS arrivals
WHERE size(arrivals) >= $min_moves
UNWIND arrivals AS anchor
WITH p, kind, [m IN arrivals WHERE m.since >= anchor.since
               AND m.since <= anchor.since + duration({days: $window_days})] AS span
// one arrival per place: several agencies recording the same move count once
WITH p, kind, reduce(acc = [], m IN span |
       CASE WHEN any(x IN acc WHERE x.place = m.place) THEN acc ELSE acc + [m] END) AS win
WHERE size(win) >= $min_moves
WITH p, kind, win ORDER BY size(win) DESC, win[0].since
WITH p, kind, collect(win)[0] AS win ORDER BY kind DESC
WITH p, collect({kind: kind, win: win}) AS found
WITH p, found, reduce(n = 0, f IN found | CASE WHEN size(f.win) > n THEN size(f.win) ELSE n END)
     AS most
RETURN p.person_id AS person_id, p.display_name AS display_name, most AS score,
       reduce(t = '', f IN found | t + CASE WHEN t = '' THEN '' ELSE '; ' END +
         toString(size(f.win)) + CASE f.kind WHEN 'LIVES_AT' THEN ' addresses'
         ELSE ' schools' END + ' from ' + toString(f.win[0].since)) +
         ' within ' + toString($window_days) + ' days' AS summary,
       reduce(acc = [], f IN found | acc + [m IN f.win | {agency: m.r.source_agency,
         record_id: m.r.source_record_id, person_record_id: m.r.record_id,
         category: CASE f.kind WHEN 'LIVES_AT' THEN 'address_move' ELSE 'school_move' END,
         type: coalesce(m.place.address_id, m.place.org_id), date: m.since}]) AS evidence
