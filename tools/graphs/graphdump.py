#!/usr/bin/env python3
"""Independent decoder of the graph fixtures (stdlib only, hand-written protobuf wire decoding, no
code shared with trainscope): prints, as JSON, what each graph of a file holds, for the reader tests
to compare against (test/fixtures/graphs/expected.json).

usage: graphdump.py FILE...   (TensorBoard event files, .onnx, MindSpore .pb, .mindir)

Field numbers: TensorFlow event.proto (Event 4 graph_def, 9 meta_graph_def), graph.proto (GraphDef
1 node, 2 library), node_def.proto (NodeDef 1 name, 2 op, 3 input, 4 device, 5 attr map),
attr_value.proto (AttrValue 1 list, ListValue 7 shape), tensor_shape.proto (2 dim, Dim 1 size),
function.proto (library 1 function, FunctionDef 1 signature(OpDef 1 name), 3 node_def),
meta_graph.proto (1 meta_info_def (5 tensorflow_version), 2 graph_def); onnx.proto; mindspore
anf_ir.proto (ModelProto 4 graph; GraphProto 1 node, 2 name, 3 parameters, 4 outputs; NodeProto
1 input (InputProto 1 name, 2 type), 2 name, 3 op_type, 4 scope, 8 full_name); mind_ir.proto.
"""
import json
import struct
import sys


def _varint(buf, pos):
    n = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, pos


def fields(buf):
    """[(field, wire_type, value)]: value is an int for varints, bytes for length-delimited."""
    out = []
    pos = 0
    while pos < len(buf):
        k, pos = _varint(buf, pos)
        f, wt = k >> 3, k & 7
        if wt == 0:
            v, pos = _varint(buf, pos)
        elif wt == 1:
            v = buf[pos : pos + 8]
            pos += 8
        elif wt == 5:
            v = buf[pos : pos + 4]
            pos += 4
        elif wt == 2:
            n, pos = _varint(buf, pos)
            if pos + n > len(buf):
                raise ValueError("truncated")
            v = buf[pos : pos + n]
            pos += n
        else:
            raise ValueError("wire type %d" % wt)
        out.append((f, wt, v))
    return out


def strs(fl, f):
    return [v.decode("utf-8") for (g, wt, v) in fl if g == f and wt == 2]


def one(fl, f, default=None):
    for g, wt, v in fl:
        if g == f:
            return v
    return default


def msgs(fl, f):
    return [fields(v) for (g, wt, v) in fl if g == f and wt == 2]


def ints(fl, f):
    out = []
    for g, wt, v in fl:
        if g != f:
            continue
        if wt == 0:
            out.append(v if v < 1 << 63 else v - (1 << 64))
        else:  # packed
            pos = 0
            while pos < len(v):
                x, pos = _varint(v, pos)
                out.append(x if x < 1 << 63 else x - (1 << 64))
    return out


def tf_node(fl):
    out = {"name": strs(fl, 1)[0], "op": strs(fl, 2)[0] if strs(fl, 2) else "", "inputs": strs(fl, 3)}
    for e in msgs(fl, 5):
        k = strs(e, 1)[0]
        if k == "_output_shapes":
            av = fields(one(e, 2, b""))
            lst = fields(one(av, 1, b""))
            out["output_shapes"] = [[(ints(dim, 1) or [0])[0] for dim in msgs(s, 2)] for s in msgs(lst, 7)]
    return out


def graph_def(buf):
    fl = fields(buf)
    nodes = [tf_node(n) for n in msgs(fl, 1)]
    lib = msgs(fl, 2)
    fns = []
    for l in lib:
        for fdef in msgs(l, 1):
            sig = msgs(fdef, 1)
            fns.append({"name": strs(sig[0], 1)[0] if sig else "", "nodes": len(msgs(fdef, 3))})
    return {"nodes": nodes, "functions": fns}


def meta_graph_def(buf):
    fl = fields(buf)
    info = msgs(fl, 1)
    g = graph_def(one(fl, 2, b""))
    g["tensorflow_version"] = strs(info[0], 5)[0] if info and strs(info[0], 5) else None
    return g


def event_file(buf):
    out = []
    pos = 0
    while pos + 12 <= len(buf):
        (n,) = struct.unpack_from("<Q", buf, pos)
        rec = buf[pos + 12 : pos + 12 + n]
        for f, wt, v in fields(rec):
            if f == 4 and wt == 2:
                out.append(dict(kind="graph_def", offset=pos, bytes=len(v), **graph_def(v)))
            if f == 9 and wt == 2:
                m = meta_graph_def(v)
                g = next((x for x in out if x["kind"] == "graph_def"), None)
                # the same graph as the file's graph_def is recorded as that fact, not a second node list
                if g is not None and m["nodes"] == g["nodes"]:
                    m = {"node_count": len(m["nodes"]), "nodes_equal_graph_def": True, "functions": m["functions"], "tensorflow_version": m["tensorflow_version"]}
                out.append(dict(kind="meta_graph_def", offset=pos, bytes=len(v), **m))
        pos += 12 + n + 4
    return out


def onnx_type(vi):
    t = msgs(vi, 2)
    if not t:
        return None
    tt = msgs(t[0], 1)
    if not tt:
        return None
    shape = msgs(tt[0], 2)
    dims = []
    for d in msgs(shape[0], 1) if shape else []:
        v = ints(d, 1)
        dims.append(v[0] if v else -1)
    return {"elem_type": one(tt[0], 1, 0), "dims": dims}


def onnx_model(buf):
    fl = fields(buf)
    g = fields(one(fl, 7))
    return {
        "kind": "onnx",
        "producer_name": strs(fl, 2)[0],
        "producer_version": strs(fl, 3)[0] if strs(fl, 3) else "",
        "graph_name": strs(g, 2)[0] if strs(g, 2) else "",
        "nodes": [{"name": (strs(n, 3) or [""])[0], "op_type": strs(n, 4)[0], "inputs": strs(n, 1), "outputs": strs(n, 2)} for n in msgs(g, 1)],
        "initializers": [{"name": strs(t, 8)[0], "dims": ints(t, 1), "data_type": one(t, 2, 0)} for t in msgs(g, 5)],
        "inputs": [{"name": strs(v, 1)[0], "type": onnx_type(v)} for v in msgs(g, 11)],
        "outputs": [{"name": strs(v, 1)[0], "type": onnx_type(v)} for v in msgs(g, 12)],
    }


def anf_ir_model(buf):
    fl = fields(buf)
    g = fields(one(fl, 4))
    return {
        "kind": "anf_ir",
        "graph_name": strs(g, 2)[0],
        "nodes": [
            {
                "id": strs(n, 2)[0],
                "op_type": strs(n, 3)[0],
                "scope": (strs(n, 4) or [""])[0],
                "full_name": (strs(n, 8) or [""])[0],
                "inputs": [{"name": strs(i, 1)[0], "control": one(i, 2, 0) == 1} for i in msgs(n, 1)],
            }
            for n in msgs(g, 1)
        ],
        "parameters": [strs(p, 1)[0] for p in msgs(g, 3)],
        "outputs": [strs(o, 1)[0] for o in msgs(g, 4)],
    }


def mind_ir_model(buf):
    fl = fields(buf)
    g = fields(one(fl, 7))
    return {
        "kind": "mind_ir",
        "producer_name": strs(fl, 2)[0],
        "graph_name": strs(g, 2)[0],
        "nodes": [{"name": strs(n, 3)[0], "op_type": strs(n, 4)[0], "domain": (strs(n, 7) or [""])[0], "inputs": strs(n, 1)} for n in msgs(g, 1)],
        "parameters": [{"name": strs(t, 7)[0], "dims": ints(t, 1)} for t in msgs(g, 3)],
        "inputs": [strs(v, 1)[0] for v in msgs(g, 5)],
        "outputs": [strs(v, 1)[0] for v in msgs(g, 6)],
    }


def dump(path):
    buf = open(path, "rb").read()
    if path.endswith(".onnx"):
        return [onnx_model(buf)]
    if path.endswith(".mindir"):
        return [mind_ir_model(buf)]
    if path.endswith(".pb"):
        return [anf_ir_model(buf)]
    return event_file(buf)


if __name__ == "__main__":
    print(json.dumps({p.split("test/fixtures/")[-1]: dump(p) for p in sys.argv[1:]}, sort_keys=True, separators=(",", ":")))
