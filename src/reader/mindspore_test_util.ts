// Shared by the MindSpore reader tests: the fixture manifest entries of the generated MindSpore
// files (test/fixtures/manifest.json) and temp-dir helpers for damaged copies.

import { FIXTURES_DIR as FIXTURES, manifest, tempDir } from "./reader_test_util.ts";

export { FIXTURES, tempDir };

export interface ManifestFile {
  path: string;
  size: number;
  format: string;
  run: string;
  records: number;
  bad_data_crc: number;
  version: string | null;
  wall_times: number[];
  summary_steps: number[];
  values_per_summary_event: number[];
  tags: Record<string, ManifestTag>;
  graph?: ManifestGraph;
  lineage?: Record<string, unknown>;
  event_kinds: Record<string, number>;
  expected_facts: string[];
}

export interface ManifestTag {
  kind: "scalar" | "tensor" | "histogram" | "image";
  count: number;
  steps: number[];
  mindinsight_tag: string;
  values?: number[];
  first_value: unknown;
  last_value: unknown;
}

export interface ManifestGraph {
  name: string;
  nodes: number;
  parameters: string[];
  outputs: string[];
  graph_def_bytes: number;
  node_full_names: string[];
  op_types: string[];
  first_node: {
    name: string;
    op_type: string;
    scope: string;
    full_name: string;
    inputs: string[];
    attributes: Record<string, unknown>;
    output_type: { data_type: string; elem_type: string; shape: number[] };
  };
}

export function mindSporeManifestFiles(format: "mindspore_summary" | "mindspore_lineage"): ManifestFile[] {
  return (manifest().generated_files as unknown as ManifestFile[]).filter(
    (f) => f.format === format && f.path.startsWith("generated/mindspore/"),
  );
}
