// Package entry: the data model, the readers and the diagnosis.
export * from "./model/index.ts";
export * from "./reader/index.ts";
export * from "./diagnose/index.ts";
