// id: repeated_missing
// title: Repeated missing episodes
// description: >
//   A child missing min_episodes or more times within window_days (the guidance window, 90
//   days) or within short_window_days (the acute window, 30 days). An episode is what the
//   agencies' reports of it share: the missing report, the "found" report and the return
//   interview carry one episode_key; police and children's social care reports of an episode
//   starting on the same day count once. Reports by police (missing person, found missing
//   person) and children's social care (missing episode) count.
// why: >
//   Repeat missing is a strong indicator of exploitation and of abuse at home or in care.
//   Statutory guidance on children who run away or go missing from home or care (DfE, 2014)
//   asks local partners to look at patterns of repeat missing; local protocols take three
//   episodes in 90 days as the trigger for a strategy discussion, and three in 30 days as an
//   acute escalation.
// severity: high
// agencies: [police, social_care]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_episodes, type: int, default: 3, min: 2, max: 50, description: Episodes needed}
//   - {name: window_days, type: int, default: 90, min: 1, max: 365, description: Guidance window the episodes fall within}
//   - {name: short_window_days, type: int, default: 30, min: 1, max: 365, description: Acute window (reported alongside; also raises on its own)}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back episodes count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
// plan: >
//   Seeks the missing reports by (category, type) on the Event index, groups each child's
//   reports into episodes, then slides both windows over the episode start dates.
UNWIND [['police_incident', 'missing_person'], ['police_incident', 'found_missing_person'],
        ['missing_episode', 'missing']] AS kind
MATCH (e:Event)
WHERE e.category = kind[0] AND e.type = kind[1]
  AND e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
MATCH (e)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE NOT coalesce(inv.role, '') IN ['reporter', 'witness', 'suspect', 'associate']
  AND p.dob > e.date - duration({years: 18}) AND coalesce(p.status, 'active') = 'active'
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH DISTINCT p, e
// one episode per episode_key; a report without one is its own episode
WITH p, coalesce(e.episode_key, e.event_id) AS episode, collect(e) AS reports
WITH p, reports, reduce(d = reports[0].date, r IN reports | CASE WHEN r.date < d THEN r.date ELSE d END)
     AS start
// reports of one episode by several agencies (each with its own reference) start the same day
WITH p, start, collect(reports) AS nested
WITH p, start, reduce(acc = [], rs IN nested | acc + rs) AS reports ORDER BY start
WITH p, collect({start: start, reports: reports}) AS episodes
WHERE size(episodes) >= $min_episodes
UNWIND episodes AS anchor
WITH p, anchor,
     [m IN episodes WHERE m.start >= anchor.start
      AND m.start <= anchor.start + duration({days: $window_days})] AS win,
     [m IN episodes WHERE m.start >= anchor.start
      AND m.start <= anchor.start + duration({days: $short_window_days})] AS acute
WITH p, anchor, CASE WHEN size(acute) > size(win) THEN acute ELSE win END AS win, acute
WITH p, collect({anchor: anchor, win: win, acute: acute}) AS spans
WITH p, spans, reduce(n = 0, s IN spans | CASE WHEN size(s.acute) > n THEN size(s.acute) ELSE n END)
     AS most_acute
UNWIND spans AS span
WITH p, span, most_acute WHERE size(span.win) >= $min_episodes
WITH p, span, most_acute ORDER BY size(span.win) DESC, span.anchor.start
WITH p, head(collect(span)) AS best, most_acute
RETURN p.person_id AS person_id, p.display_name AS display_name, size(best.win) AS score,
       toString(size(best.win)) + ' missing episodes within ' + toString($window_days) +
         ' days from ' + toString(best.anchor.start) + ' (most within ' +
         toString($short_window_days) + ' days: ' + toString(most_acute) + ')' AS summary,
       reduce(acc = [], m IN best.win | acc + [r IN m.reports | {agency: r.source_agency,
         record_id: r.source_record_id, event_id: r.event_id, category: r.category,
         type: r.type, date: r.date}]) AS evidence
