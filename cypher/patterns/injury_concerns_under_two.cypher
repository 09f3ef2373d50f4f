// id: injury_concerns_under_two
// title: Injuries or concerns about a child under two recorded by several agencies
// description: >
//   A child aged under max_age_months about whom min_agencies or more agencies recorded an
//   injury or a safeguarding concern within window_days of each other. An event counts when its
//   type is an injury or one of the vocabulary's concern types, or when its notes or
//   description mention an injury (injury_words, comma-separated, matched case-insensitively
//   within the text: "unexplained bruising", "burn to hand"). Children's social care's own
//   responses (referral, assessment, plan, visit) are not counted as concerns by their wording:
//   they answer a concern, they do not add one.
// why: >
//   Babies who are not yet mobile rarely injure themselves ("if you don't cruise, you rarely
//   bruise"): NICE guideline CG89 (when to suspect child maltreatment) and local protocols for
//   bruising in non-mobile babies ask for any such injury to be referred, and the Child
//   Safeguarding Practice Review Panel's reviews of serious harm to babies (2021, 2022) found
//   injuries seen separately by health visitors, GPs and hospitals and never put together.
// severity: high
// agencies: [hospital, gp, community_health, police, social_care]
// context: [concern_keys]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: max_age_months, type: int, default: 24, min: 3, max: 60, description: Age (months) under which the child counts at each event}
//   - {name: min_agencies, type: int, default: 2, min: 1, max: 8, description: Distinct agencies needed}
//   - {name: window_days, type: int, default: 180, min: 1, max: 730, description: Span the events fall within}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back events count}
//   - {name: injury_words, type: str, default: "bruis,burn,scald,fractur,injur,bite mark,bleed,swelling", description: Words in notes or descriptions that mark an injury (comma-separated)}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
// plan: >
//   A babies-first scan (people born within lookback_days plus max_age_months of as_of), then
//   each baby's own events while under the age; notes are only read for those events.
MATCH (p:Person)
WHERE p.dob <= $as_of
  AND ($scope IS NULL OR p.person_id IN $scope)
  AND p.dob > $as_of - duration({days: $lookback_days}) - duration({months: $max_age_months})
  AND coalesce(p.status, 'active') = 'active'
MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[inv:INVOLVED_IN]->(e:Event)
WHERE NOT coalesce(inv.role, '') IN ['reporter', 'witness', 'suspect']
  AND e.date <= $as_of AND e.date > $as_of - duration({days: $lookback_days})
  AND e.date >= p.dob AND e.date < p.dob + duration({months: $max_age_months})
WITH DISTINCT p, e, toLower(coalesce(e.notes, '') + ' ' + coalesce(e.description, '')) AS text
WITH p, e, [w IN split(toLower($injury_words), ',')
            WHERE trim(w) <> '' AND text CONTAINS trim(w) | trim(w)] AS words
WHERE e.type = 'injury' OR (e.category + ':' + e.type) IN $concern_keys
   OR (size(words) > 0
       AND NOT e.category IN ['cs_referral', 'cs_assessment', 'cp_plan', 'cs_visit', 'return_interview'])
WITH p, e, words ORDER BY e.date, e.event_id
WITH p, collect({e: e, date: e.date, agency: e.source_agency}) AS found,
     collect(DISTINCT e.source_agency) AS all_agencies
WHERE size(all_agencies) >= $min_agencies
UNWIND found AS anchor
WITH p, anchor, [f IN found WHERE f.date >= anchor.date
                 AND f.date <= anchor.date + duration({days: $window_days})] AS win
WITH p, anchor, win,
     reduce(s = [], f IN win | CASE WHEN f.agency IN s THEN s ELSE s + f.agency END) AS agencies
WHERE size(agencies) >= $min_agencies
WITH p, anchor, win, agencies ORDER BY size(agencies) DESC, size(win) DESC, anchor.date
WITH p, head(collect({anchor: anchor, win: win, agencies: agencies})) AS best
RETURN p.person_id AS person_id, p.display_name AS display_name, size(best.agencies) AS score,
       toString(size(best.win)) + ' injuries or concerns recorded by ' +
         toString(size(best.agencies)) + ' agencies (' + reduce(t = '', a IN best.agencies |
         t + CASE WHEN t = '' THEN '' ELSE ', ' END + a) + ') within ' + toString($window_days) +
         ' days from ' + toString(best.anchor.date) + ', aged under ' +
         toString($max_age_months) + ' months' AS summary,
       [f IN best.win | {agency: f.agency, record_id: f.e.source_record_id,
         event_id: f.e.event_id, category: f.e.category, type: f.e.type, date: f.date}]
         AS evidence
