#!/usr/bin/env python3
"""Writes the standalone graph fixtures of test/fixtures/graphs/ (run with /usr/bin/python3).

- cnn.onnx: written by PyTorch's own exporter (torch.onnx.export, torch 1.13, opset 13, eval mode,
  dynamic batch axis) from a small CNN (Conv2d -> BatchNorm2d -> ReLU -> MaxPool -> Flatten ->
  Dropout -> Linear -> Softmax), weights from torch.manual_seed(0).
- lenet_save_graphs.pb: a MindSpore `save_graphs` file, i.e. an anf_ir ModelProto (mindspore.irpb:
  1 ir_version, 2 domain, 3 model_version, 4 graph), written byte for byte from those field numbers
  around the GraphProto bytes of the vendored MindSpore summary fixture (its graph_def record).
- lenet.mindir: a MindIR model, a mind_ir ModelProto written byte for byte from the field numbers of
  mindspore/core/proto/mind_ir.proto (ModelProto 1 ir_version, 2 producer_name, 3 producer_version,
  7 graph; GraphProto 1 node, 2 name, 3 parameter, 5 input, 6 output; NodeProto 1 input, 2 output,
  3 name, 4 op_type, 5 attribute, 7 domain; AttributeProto 1 name, 3 i, 5 s, 10 ints, 16 type;
  TensorProto 1 dims, 2 data_type, 7 name; ValueInfoProto 1 name, 2 tensor).
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "graphs")


def varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wt):
    return varint(field << 3 | wt)


def f_varint(field, n):
    return key(field, 0) + varint(n)


def f_len(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, 2) + varint(len(data)) + data


def read_records(buf):
    pos = 0
    while pos + 12 <= len(buf):
        (n,) = struct.unpack_from("<Q", buf, pos)
        yield buf[pos + 12 : pos + 12 + n]
        pos += 12 + n + 4


def first_field(msg, field):
    pos = 0
    while pos < len(msg):
        k = 0
        shift = 0
        while True:
            b = msg[pos]
            pos += 1
            k |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        f, wt = k >> 3, k & 7
        if wt == 0:
            while msg[pos] & 0x80:
                pos += 1
            pos += 1
        elif wt == 1:
            pos += 8
        elif wt == 5:
            pos += 4
        elif wt == 2:
            n = 0
            shift = 0
            while True:
                b = msg[pos]
                pos += 1
                n |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    break
            if f == field:
                return msg[pos : pos + n]
            pos += n
        else:
            raise ValueError("wire type %d" % wt)
    return None


def make_onnx():
    import torch
    import torch.nn as nn

    torch.manual_seed(0)

    class SmallCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 4, 3)
            self.bn1 = nn.BatchNorm2d(4)
            self.pool = nn.MaxPool2d(2)
            self.drop = nn.Dropout(0.5)
            self.fc = nn.Linear(4 * 3 * 3, 10)

        def forward(self, x):
            x = self.pool(torch.relu(self.bn1(self.conv1(x))))
            x = self.drop(torch.flatten(x, 1))
            return torch.softmax(self.fc(x), dim=1)

    m = SmallCNN().eval()
    torch.onnx.export(
        m,
        torch.zeros(2, 1, 8, 8),
        os.path.join(OUT, "cnn.onnx"),
        input_names=["image"],
        output_names=["probs"],
        dynamic_axes={"image": {0: "batch"}, "probs": {0: "batch"}},
        opset_version=13,
    )


def make_anf_pb():
    ms = os.path.join(ROOT, "test", "fixtures", "generated", "mindspore", "lenet_summary", "events.out.events.summary.1718001234.0.fixturehost_MS")
    buf = open(ms, "rb").read()
    graph = None
    for rec in read_records(buf):
        graph = first_field(rec, 4)  # MindSpore Event.graph_def
        if graph is not None:
            break
    assert graph is not None
    model = f_varint(1, 1) + f_len(2, "Default") + f_varint(3, 1) + f_len(4, graph)
    open(os.path.join(OUT, "lenet_save_graphs.pb"), "wb").write(model)


def tensor(name, dims, dtype=1):
    return b"".join(f_varint(1, d) for d in dims) + f_varint(2, dtype) + f_len(7, name)


def attr_s(name, s):
    return f_len(1, name) + f_len(5, s) + f_varint(16, 8)


def attr_ints(name, ints):
    return f_len(1, name) + b"".join(f_varint(10, i) for i in ints) + f_varint(16, 21)


def attr_i(name, i):
    return f_len(1, name) + f_varint(3, i) + f_varint(16, 7)


def node(name, op, inputs, scope, attrs=()):
    return (
        b"".join(f_len(1, i) for i in inputs)
        + f_len(2, name)
        + f_len(3, name)
        + f_len(4, op)
        + b"".join(f_len(5, a) for a in attrs)
        + f_len(7, scope + "/" + name)
    )


def make_mindir():
    S = "Default/network-LeNet5"
    nodes = [
        node("Conv2D-op0", "Conv2D", ["x", "conv1.weight"], S + "/conv1-Conv2d", [attr_s("pad_mode", "valid"), attr_ints("kernel_size", [5, 5]), attr_i("out_channel", 6)]),
        node("ReLU-op1", "ReLU", ["Conv2D-op0"], S + "/relu-ReLU"),
        node("Reshape-op2", "Reshape", ["ReLU-op1"], S + "/flatten-Flatten"),
        node("MatMul-op3", "MatMul", ["Reshape-op2", "fc1.weight"], S + "/fc1-Dense", [attr_i("transpose_b", 1)]),
        node("BiasAdd-op4", "BiasAdd", ["MatMul-op3", "fc1.bias"], S + "/fc1-Dense"),
        node("Return-op5", "Return", ["BiasAdd-op4"], S),
    ]
    graph = (
        b"".join(f_len(1, n) for n in nodes)
        + f_len(2, "lenet_mindir_graph")
        + f_len(3, tensor("conv1.weight", [6, 1, 5, 5]))
        + f_len(3, tensor("fc1.weight", [10, 3456]))
        + f_len(3, tensor("fc1.bias", [10]))
        + f_len(5, f_len(1, "x") + f_len(2, tensor("x", [2, 1, 28, 28])))
        + f_len(6, f_len(1, "BiasAdd-op4") + f_len(2, tensor("BiasAdd-op4", [2, 10])))
    )
    model = f_len(1, "0.1.1") + f_len(2, "MindSpore") + f_len(3, "2.2.0") + f_len(7, graph)
    open(os.path.join(OUT, "lenet.mindir"), "wb").write(model)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    what = sys.argv[1:] or ["onnx", "pb", "mindir"]
    if "onnx" in what:
        make_onnx()
    if "pb" in what:
        make_anf_pb()
    if "mindir" in what:
        make_mindir()
    print("written:", sorted(os.listdir(OUT)))
