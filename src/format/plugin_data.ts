// Plugin contents carried in SummaryMetadata.plugin_data.content, decoded and encoded with the
// generated @bufbuild codecs (cold path): the hparams plugin (HParamsPluginData: experiment, session
// start info with the hyper-parameter values, session end info) and the custom-scalars Layout.

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ListValueSchema, ValueSchema, type Value } from "@bufbuild/protobuf/wkt";
import {
  HParamsPluginDataSchema,
  SessionStartInfoSchema,
  SessionEndInfoSchema,
  type HParamsPluginData,
} from "./gen/tensorboard/hparams_plugin_data_pb.ts";
import {
  ExperimentSchema,
  HParamInfoSchema,
  MetricInfoSchema,
  MetricNameSchema,
  DataType as HParamDataType,
  Status,
} from "./gen/tensorboard/hparams_api_pb.ts";
import { LayoutSchema, type Layout } from "./gen/tensorboard/custom_scalar_layout_pb.ts";
import { encodeEvent, type SummaryValueInit } from "./event_encode.ts";
import { HPARAMS_EXPERIMENT_TAG, HPARAMS_PLUGIN, HPARAMS_SESSION_END_TAG, HPARAMS_SESSION_START_TAG } from "./plugin_names.ts";

export type { HParamsPluginData, Layout };
export { HParamDataType, Status as HParamsStatus };

export type HParamsScalar = number | string | boolean;

/** Decoded hparams plugin content, flattened to plain values. */
export type HParamsContent =
  | {
      kind: "experiment";
      name: string;
      description: string;
      user: string;
      timeCreatedSecs: number;
      hparamInfos: {
        name: string;
        displayName: string;
        type: string;
        domainDiscrete?: HParamsScalar[];
        domainInterval?: { min: number; max: number };
      }[];
      metricInfos: { group: string; tag: string; displayName: string; datasetType: number }[];
    }
  | {
      kind: "session_start";
      hparams: Map<string, HParamsScalar | null>;
      groupName: string;
      modelUri: string;
      monitorUrl: string;
      startTimeSecs: number;
    }
  | { kind: "session_end"; status: "unknown" | "success" | "failure" | "running"; endTimeSecs: number }
  | { kind: "empty" };

function valueToScalar(v: Value): HParamsScalar | null {
  switch (v.kind.case) {
    case "numberValue":
    case "stringValue":
    case "boolValue":
      return v.kind.value;
    case "listValue":
      return JSON.stringify(v.kind.value.values.map(valueToScalar));
    case "structValue":
      return JSON.stringify(Object.fromEntries(Object.entries(v.kind.value.fields).map(([k, x]) => [k, valueToScalar(x)])));
    default:
      return null;
  }
}

/** Decodes HParamsPluginData bytes (throws on malformed bytes). */
export function decodeHParamsPluginData(content: Uint8Array): HParamsContent {
  const d = fromBinary(HParamsPluginDataSchema, content);
  switch (d.data.case) {
    case "experiment": {
      const e = d.data.value;
      return {
        kind: "experiment",
        name: e.name,
        description: e.description,
        user: e.user,
        timeCreatedSecs: e.timeCreatedSecs,
        hparamInfos: e.hparamInfos.map((h) => ({
          name: h.name,
          displayName: h.displayName,
          type: HParamDataType[h.type] !== undefined ? `DATA_TYPE_${HParamDataType[h.type]}` : String(h.type),
          domainDiscrete: h.domain.case === "domainDiscrete" ? h.domain.value.values.map((x) => valueToScalar(x) ?? "") : undefined,
          domainInterval: h.domain.case === "domainInterval" ? { min: h.domain.value.minValue, max: h.domain.value.maxValue } : undefined,
        })),
        metricInfos: e.metricInfos.map((m) => ({
          group: m.name?.group ?? "",
          tag: m.name?.tag ?? "",
          displayName: m.displayName,
          datasetType: m.datasetType,
        })),
      };
    }
    case "sessionStartInfo": {
      const s = d.data.value;
      const hparams = new Map<string, HParamsScalar | null>();
      for (const [k, v] of Object.entries(s.hparams)) hparams.set(k, valueToScalar(v));
      return {
        kind: "session_start",
        hparams,
        groupName: s.groupName,
        modelUri: s.modelUri,
        monitorUrl: s.monitorUrl,
        startTimeSecs: s.startTimeSecs,
      };
    }
    case "sessionEndInfo": {
      const s = d.data.value;
      const status = (["unknown", "success", "failure", "running"] as const)[s.status] ?? "unknown";
      return { kind: "session_end", status, endTimeSecs: s.endTimeSecs };
    }
    default:
      return { kind: "empty" };
  }
}

/** Decodes a serialized custom-scalars Layout into plain objects. */
export function decodeCustomScalarLayout(bytes: Uint8Array): {
  version: number;
  categories: {
    title: string;
    closed: boolean;
    charts: { title: string; multiline?: string[]; margin?: { value: string; lower: string; upper: string }[] }[];
  }[];
} {
  const l = fromBinary(LayoutSchema, bytes);
  return {
    version: l.version,
    categories: l.category.map((c) => ({
      title: c.title,
      closed: c.closed,
      charts: c.chart.map((ch) => ({
        title: ch.title,
        multiline: ch.content.case === "multiline" ? [...ch.content.value.tag] : undefined,
        margin:
          ch.content.case === "margin"
            ? ch.content.value.series.map((s) => ({ value: s.value, lower: s.lower, upper: s.upper }))
            : undefined,
      })),
    })),
  };
}

export function encodeCustomScalarLayout(
  categories: {
    title: string;
    closed?: boolean;
    charts: { title: string; multiline?: string[]; margin?: { value: string; lower: string; upper: string }[] }[];
  }[],
): Uint8Array {
  return toBinary(
    LayoutSchema,
    create(LayoutSchema, {
      category: categories.map((c) => ({
        title: c.title,
        closed: c.closed ?? false,
        chart: c.charts.map((ch) => ({
          title: ch.title,
          content: ch.margin
            ? { case: "margin" as const, value: { series: ch.margin } }
            : { case: "multiline" as const, value: { tag: ch.multiline ?? [] } },
        })),
      })),
    }),
  );
}

function toValue(v: HParamsScalar): Value {
  if (typeof v === "number") return create(ValueSchema, { kind: { case: "numberValue", value: v } });
  if (typeof v === "boolean") return create(ValueSchema, { kind: { case: "boolValue", value: v } });
  return create(ValueSchema, { kind: { case: "stringValue", value: v } });
}

function hparamsValue(tag: string, data: HParamsPluginData["data"]): SummaryValueInit {
  const content = toBinary(HParamsPluginDataSchema, create(HParamsPluginDataSchema, { version: 0, data }));
  return { tag, metadata: { pluginName: HPARAMS_PLUGIN, content } };
}

/** The three hparams plugin events PyTorch's add_hparams writes: experiment, session start (the values), session end (SUCCESS). */
export function hparamsEvents(
  hparams: Record<string, HParamsScalar>,
  metricTags: string[],
  wallTime: number,
  opts: {
    domainDiscrete?: Record<string, HParamsScalar[]>;
    status?: "success" | "failure" | "running" | "unknown";
    groupName?: string;
    startTimeSecs?: number;
    endTimeSecs?: number;
  } = {},
): Uint8Array[] {
  const infos = Object.entries(hparams).map(([name, v]) => {
    const type = typeof v === "number" ? HParamDataType.FLOAT64 : typeof v === "boolean" ? HParamDataType.BOOL : HParamDataType.STRING;
    const dd = opts.domainDiscrete?.[name];
    return create(HParamInfoSchema, {
      name,
      type,
      domain: dd ? { case: "domainDiscrete", value: create(ListValueSchema, { values: dd.map(toValue) }) } : { case: undefined },
    });
  });
  const exp = create(ExperimentSchema, {
    hparamInfos: infos,
    metricInfos: metricTags.map((tag) => create(MetricInfoSchema, { name: create(MetricNameSchema, { tag }) })),
  });
  const ssi = create(SessionStartInfoSchema, {
    hparams: Object.fromEntries(Object.entries(hparams).map(([k, v]) => [k, toValue(v)])),
    groupName: opts.groupName ?? "",
    startTimeSecs: opts.startTimeSecs ?? 0,
  });
  const statusCode = { unknown: Status.UNKNOWN, success: Status.SUCCESS, failure: Status.FAILURE, running: Status.RUNNING }[
    opts.status ?? "success"
  ];
  const sei = create(SessionEndInfoSchema, { status: statusCode, endTimeSecs: opts.endTimeSecs ?? 0 });
  return [
    encodeEvent({ wallTime, summary: [hparamsValue(HPARAMS_EXPERIMENT_TAG, { case: "experiment", value: exp })] }),
    encodeEvent({ wallTime, summary: [hparamsValue(HPARAMS_SESSION_START_TAG, { case: "sessionStartInfo", value: ssi })] }),
    encodeEvent({ wallTime, summary: [hparamsValue(HPARAMS_SESSION_END_TAG, { case: "sessionEndInfo", value: sei })] }),
  ];
}
