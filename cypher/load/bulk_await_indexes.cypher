// description: Wait until every index (those the migrations just created on the imported store)
//   is online, so the initial bulk load hands over a graph whose lookups are indexed.
// params: [seconds]
CALL db.awaitIndexes($seconds)
