// Public API of the store: what the readers produced, kept outside the user's logdir so that a
// restart reads only what changed (an embedded index on one machine, PostgreSQL for a team).
export {};
