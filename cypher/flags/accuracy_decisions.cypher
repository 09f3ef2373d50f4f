// description: Review decisions (to actioned or dismissed) per pattern and period, so accuracy
//   can be followed over time. period is the decision's month (YYYY-MM).
// params: []
MATCH (r:FlagReview)
WHERE r.to IN ['actioned', 'dismissed']
RETURN r.pattern_id AS pattern_id, substring(toString(r.at), 0, 7) AS period, r.to AS decision,
       count(*) AS decisions
ORDER BY pattern_id, period
