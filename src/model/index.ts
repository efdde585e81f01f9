// Public API of the data model: series, runs, problems and roles.
export * from "./series.ts";
export * from "./problem.ts";
export * from "./run.ts";
export * from "./roles.ts";
export * from "./role_rules.ts";
export * from "./task_kind.ts";
export * from "./main_series.ts";
export * from "./csv_text.ts";
export * from "./graph.ts";
