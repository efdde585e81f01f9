#!/usr/bin/python3
# Trains the development runs of tools/worldgen with PyTorch (Debian python3-torch, CPU, one thread
# per worker) and writes, per run, the raw logged values as JSON (OUT/raw/<id>.json): per-step loss,
# per-epoch train/validation metrics (Keras semantics: the loss is applied to the activated outputs,
# `accuracy` is binary accuracy under binary_crossentropy), the configuration a user logs, and at
# level "full" per-layer weight/gradient samples and gradient norms. tools/worldgen/write_logs.ts
# turns these into the logging styles (event files through src/recorder, CSV, YAML).
#
# Three sets, all deterministic by --seed:
#  mutation  — DeepCrime-style operators applied to a healthy original of each task (tabular
#              multiclass/binary MLP, regression MLP, CNN on synthetic glyph images, bag-of-words
#              text MLP). A mutant is kept as faulty only when it is killed: its true validation
#              accuracy (or MSE) is clearly worse than its original's, or it ended non-finite.
#  torch     — PyTorch-idiom faults (double softmax, naive log, frozen layers, repeated batch, ...)
#              and healthy runs with schedules, early stopping, dropout, augmentation.
#  novel     — the same kind of faults and healthy runs on tasks and models the two sets above do
#              not use (1-D CNN on signals, BatchNorm MLP, residual GELU MLP on three targets).
# Every run's record names its fault, variant, accepted causes (cause codes of the diagnosis spec)
# and the visibility evidence; runs whose fault does not show are listed as dropped.
#
# Usage: python3 tools/worldgen/train_torch.py --out DIR --seed S [--workers 2] [--only SUBSTR]

import argparse, json, math, os, sys, time
import multiprocessing as mp
import numpy as np

EPS = 1e-7


# ----------------------------------------------------------------------------- data

def teacher(rng, d_in, d_out, hidden=24):
    w1 = rng.normal(0, 1.6 / math.sqrt(d_in), (d_in, hidden)); b1 = rng.normal(0, 0.3, hidden)
    w2 = rng.normal(0, 1.6 / math.sqrt(hidden), (hidden, d_out))
    return lambda x: np.tanh(x @ w1 + b1) @ w2


def make_data(task, n, seed):
    """Train/validation arrays (float32 X, int or float y) and meta for a task."""
    rng = np.random.default_rng(seed)
    nv = max(200, n // 3)
    N = n + nv
    meta = {}
    if task in ("tab_cls", "tab_bin", "reg"):
        d = 12
        X = rng.normal(0, 1, (N, d)).astype(np.float32)
        if task == "reg":
            f = teacher(rng, d, 1)
            y = (f(X)[:, 0] * 1.5 + 0.1 * rng.normal(0, 1, N)).astype(np.float32)
            meta = {"task": "regression", "classes": 0}
        else:
            C = 4 if task == "tab_cls" else 2
            f = teacher(rng, d, C)
            logits = f(X) * 3
            y = logits.argmax(1)
            meta = {"task": "multiclass" if C > 2 else "binary", "classes": C}
        meta["input_shape"] = [d]
    elif task == "img":
        C, S = 4, 12
        X = np.zeros((N, 1, S, S), np.float32)
        y = rng.integers(0, C, N)
        for i in range(N):
            r, c = rng.integers(2, S - 4, 2)
            L = rng.integers(4, 7)
            k = y[i]
            if k == 0: X[i, 0, r, max(0, c - 2):c - 2 + L] = 1
            elif k == 1: X[i, 0, max(0, r - 2):r - 2 + L, c] = 1
            elif k == 2:
                for j in range(L):
                    if r - 2 + j < S and c - 2 + j < S: X[i, 0, r - 2 + j, c - 2 + j] = 1
            else:
                X[i, 0, r - 1:r + 2, c - 1] = 1; X[i, 0, r - 1:r + 2, c + 1] = 1; X[i, 0, r - 1, c - 1:c + 2] = 1; X[i, 0, r + 1, c - 1:c + 2] = 1
        X += rng.normal(0, 0.35, X.shape).astype(np.float32)
        meta = {"task": "multiclass", "classes": C, "input_shape": [1, S, S]}
    elif task == "text":
        C, V, L = 3, 300, 25
        topics = rng.dirichlet(np.full(V, 0.08), C)
        bg = rng.dirichlet(np.full(V, 1.0))
        y = rng.integers(0, C, N)
        X = np.zeros((N, V), np.float32)
        for i in range(N):
            p = 0.12 * topics[y[i]] + 0.88 * bg
            toks = rng.choice(V, L, p=p / p.sum())
            np.add.at(X[i], toks, 1.0)
        X /= L  # term frequencies (the normalisation of the healthy pipeline)
        meta = {"task": "multiclass", "classes": C, "input_shape": [V]}
    elif task == "seq":
        # 1-D signals: a sine whose frequency names the class, random phase and amplitude, a slow
        # drift and noise (sensor-like windows)
        C, T = 4, 40
        y = rng.integers(0, C, N)
        t = np.arange(T) / T
        freq = np.array([2.0, 3.0, 4.0, 5.0])[y] + rng.uniform(-0.4, 0.4, N)
        phase = rng.uniform(0, 2 * np.pi, N)
        amp = rng.uniform(0.7, 1.3, N)
        drift = rng.normal(0, 0.5, N)
        X = (amp[:, None] * np.sin(2 * np.pi * freq[:, None] * t[None] + phase[:, None]) + drift[:, None] * t[None]
             + rng.normal(0, 1.0, (N, T)))[:, None, :].astype(np.float32)
        meta = {"task": "multiclass", "classes": C, "input_shape": [1, T]}
    elif task == "tab10":
        # a 10-class Gaussian mixture in 20 dimensions (overlapping clusters)
        C, d = 10, 20
        centres = rng.normal(0, 0.55, (C, d))
        y = rng.integers(0, C, N)
        X = (centres[y] + rng.normal(0, 1, (N, d))).astype(np.float32)
        meta = {"task": "multiclass", "classes": C, "input_shape": [d]}
    elif task == "mreg":
        # three standardised targets of a random tanh teacher on 8 inputs, plus noise
        d, k = 8, 3
        X = rng.normal(0, 1, (N, d)).astype(np.float32)
        f = teacher(rng, d, k)
        y = f(X) + 0.15 * rng.normal(0, 1, (N, k))
        y = ((y - y[:n].mean(0)) / y[:n].std(0)).astype(np.float32)
        meta = {"task": "regression", "classes": 0, "outputs": k, "input_shape": [d]}
    else:
        raise ValueError(task)
    if meta["task"] != "regression":
        y = y.astype(np.int64)
    return X[:n], y[:n], X[n:], y[n:], meta


# ----------------------------------------------------------------------------- models

def build_model(torch, nn, cfg, meta):
    act_of = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "elu": nn.ELU, "selu": nn.SELU, "linear": nn.Identity, "leaky_relu": nn.LeakyReLU, "gelu": nn.GELU}
    A = act_of[cfg["activation"]]
    bias = cfg.get("bias", True)
    layers, names = [], []
    task = meta["task"]
    out_units = meta["classes"] if task == "multiclass" else meta.get("outputs", 1)
    if cfg["model"] == "res_mlp":
        class Block(nn.Module):
            """x + fc2(act(fc1(x))): a pre-activation-free residual block."""
            def __init__(self, w):
                super().__init__()
                self.fc1, self.act, self.fc2 = nn.Linear(w, w, bias=bias), A(), nn.Linear(w, w, bias=bias)
                self.drop = nn.Dropout(cfg["dropout"]) if cfg.get("dropout", 0) > 0 else nn.Identity()
            def forward(self, x):
                return x + self.drop(self.fc2(self.act(self.fc1(x))))
        w = cfg["width"]
        layers = [nn.Linear(meta["input_shape"][0], w, bias=bias), A()]
        names = ["inp"]
        for i in range(cfg["blocks"]):
            layers.append(Block(w)); names += [f"block{i + 1}.fc1", f"block{i + 1}.fc2"]
        layers.append(nn.Linear(w, out_units, bias=bias)); names.append("out")
        model = nn.Sequential(*layers)
    elif cfg["model"] == "cnn1d":
        ch = cfg.get("channels", [16, 32])
        c_in = 1
        for i, c in enumerate(ch):
            layers += [nn.Conv1d(c_in, c, 5, padding=2, bias=bias), A(), nn.MaxPool1d(2) if i < len(ch) - 1 else nn.AdaptiveAvgPool1d(1)]
            names.append(f"conv{i + 1}")
            c_in = c
        layers.append(nn.Flatten())
        d = c_in
    elif cfg["model"] == "cnn":
        ch = cfg.get("channels", [8, 16])
        c_in, size = 1, meta["input_shape"][1]
        for i, c in enumerate(ch):
            layers += [nn.Conv2d(c_in, c, 3, padding=1, bias=bias), A(), nn.MaxPool2d(2)]
            names.append(f"conv{i + 1}")
            c_in, size = c, size // 2
        layers.append(nn.Flatten())
        d = c_in * size * size
    else:
        d = meta["input_shape"][0]
    if cfg["model"] != "res_mlp":
        for i, h in enumerate(cfg["hidden"]):
            layers.append(nn.Linear(d, h, bias=bias))
            if cfg["model"] == "bn_mlp": layers.append(nn.BatchNorm1d(h))
            layers.append(A())
            names.append(f"fc{i + 1}")
            if cfg.get("dropout", 0) > 0: layers.append(nn.Dropout(cfg["dropout"]))
            d = h
        layers.append(nn.Linear(d, out_units, bias=bias)); names.append("out")
        model = nn.Sequential(*layers)
    init = cfg.get("init", "default")
    param_layers = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d, nn.Conv1d))]
    with torch.no_grad():
        for m in param_layers:
            if init == "zeros":
                m.weight.zero_()
                if m.bias is not None: m.bias.zero_()
            elif init == "huge":
                m.weight.normal_(0, cfg.get("init_std", 20.0))
            elif init == "glorot":
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None: m.bias.zero_()
            elif init == "gain":
                nn.init.xavier_normal_(m.weight, gain=cfg.get("init_gain", 3.0))
            if cfg.get("bias_init") is not None and m.bias is not None and m is not param_layers[-1]:
                m.bias.fill_(cfg["bias_init"])
    return model, dict(zip(names, param_layers)), out_units


def layer_summary(model_layers, model):
    out = []
    for name, m in model_layers.items():
        kind = type(m).__name__
        shape = list(m.weight.shape)
        out.append({"name": name, "type": kind, "weight_shape": shape, "bias": m.bias is not None,
                    "params": sum(p.numel() for p in m.parameters())})
    return out


# ----------------------------------------------------------------------------- losses (Keras semantics on activated outputs)

def activate(torch, z, kind):
    if kind == "softmax": return torch.softmax(z, -1)
    if kind == "sigmoid": return torch.sigmoid(z)
    if kind == "relu": return torch.relu(z)
    if kind == "tanh": return torch.tanh(z)
    return z


def keras_loss(torch, name, p, y_t):
    """Keras losses.get(name) on model outputs p and targets y_t (one-hot or column)."""
    if name == "categorical_crossentropy":
        q = p / p.sum(-1, keepdim=True)
        q = q.clamp(EPS, 1 - EPS)
        return -(y_t * torch.log(q)).sum(-1).mean()
    if name == "binary_crossentropy":
        q = p.clamp(EPS, 1 - EPS)
        return -(y_t * torch.log(q) + (1 - y_t) * torch.log(1 - q)).mean(-1).mean()
    if name == "mse": return ((p - y_t) ** 2).mean(-1).mean()
    if name == "mae": return (p - y_t).abs().mean(-1).mean()
    if name == "mape": return (100 * (y_t - p).abs() / y_t.abs().clamp(min=EPS)).mean(-1).mean()
    if name == "hinge": return torch.clamp(1 - (2 * y_t - 1) * p, min=0).mean(-1).mean()
    raise ValueError(name)


# ----------------------------------------------------------------------------- training

def sample_idx(n, k, rng):
    return np.sort(rng.choice(n, min(n, k), replace=False))


def run_one(spec):
    import torch
    import torch.nn as nn
    torch.set_num_threads(1)
    cfg = spec["config"]
    seed = spec["seed"]
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 7)
    Xtr, ytr, Xva, yva, meta = make_data(cfg["dataset"], cfg["n_train"], spec["data_seed"])
    task = meta["task"]
    C = meta["classes"]
    # data mutations
    if cfg.get("no_normalisation") and cfg["dataset"] == "seq":
        g, o = np.float32(10 ** rng.uniform(2, 3)), np.float32(rng.uniform(100, 500))
        Xtr = Xtr * g + o; Xva = Xva * g + o
    elif cfg.get("no_normalisation"):
        sc = (10 ** rng.uniform(0.5, 3, Xtr.shape[1:])).astype(np.float32)
        off = rng.uniform(-50, 300, Xtr.shape[1:]).astype(np.float32)
        Xtr = Xtr * sc + off; Xva = Xva * sc + off
    if cfg.get("label_noise"):
        frac = cfg["label_noise"]
        m = rng.random(len(ytr)) < frac
        if task == "regression": ytr = ytr.copy(); ytr[m] = rng.permutation(ytr)[m]
        else: ytr = ytr.copy(); ytr[m] = rng.integers(0, C, m.sum())
    if cfg.get("imbalance"):
        keep = (ytr == 0) | (rng.random(len(ytr)) < cfg["imbalance"])
        Xtr, ytr = Xtr[keep], ytr[keep]
        keepv = (yva == 0) | (rng.random(len(yva)) < cfg["imbalance"])
        Xva, yva = Xva[keepv], yva[keepv]
    if cfg.get("no_shuffle"):
        o = np.argsort(ytr, kind="stable"); Xtr, ytr = Xtr[o], ytr[o]
    model, player, out_units = build_model(torch, nn, cfg, meta)
    frozen = cfg.get("freeze")
    if frozen == "all_but_last":
        for name, m in player.items():
            if name != "out":
                for p in m.parameters(): p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt_name, lr = cfg["optimizer"], cfg["lr"]
    O = torch.optim
    opt = {"sgd": lambda: O.SGD(params, lr=lr), "momentum": lambda: O.SGD(params, lr=lr, momentum=0.9),
           "adam": lambda: O.Adam(params, lr=lr), "adamw": lambda: O.AdamW(params, lr=lr, weight_decay=0.01),
           "rmsprop": lambda: O.RMSprop(params, lr=lr), "adagrad": lambda: O.Adagrad(params, lr=lr),
           "adadelta": lambda: O.Adadelta(params, lr=lr), "adamax": lambda: O.Adamax(params, lr=lr),
           "nadam": lambda: O.NAdam(params, lr=lr)}[opt_name]()
    epochs, bs = cfg["epochs"], cfg["batch_size"]
    sched = cfg.get("schedule", "constant")
    steps_per_epoch = math.ceil(len(Xtr) / bs)
    if sched == "step": sch = O.lr_scheduler.StepLR(opt, step_size=max(1, int(epochs * 0.6)), gamma=0.1)
    elif sched == "cosine": sch = O.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    elif sched == "plateau": sch = O.lr_scheduler.ReduceLROnPlateau(opt, factor=0.3, patience=2)
    elif sched == "onecycle": sch = O.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * steps_per_epoch)
    else: sch = None
    out_act = cfg["output_activation"]
    loss_name = cfg["loss"]
    style_loss = cfg.get("torch_loss")  # PyTorch idioms: "ce", "double_softmax", "naive_log", "nll_on_probs", "bce_logits", "mse"

    Xtr_t, Xva_t = torch.tensor(Xtr), torch.tensor(Xva)
    ytr_t, yva_t = torch.tensor(ytr), torch.tensor(yva)

    def targets(yb):
        if task == "regression": return yb.float().view(len(yb), -1)
        if out_units == 1: return yb.float().view(-1, 1)
        return torch.nn.functional.one_hot(yb, out_units).float()

    def loss_of(z, yb):
        if style_loss:
            if style_loss == "ce": return nn.functional.cross_entropy(z, yb)
            if style_loss == "double_softmax": return nn.functional.cross_entropy(torch.softmax(z, -1), yb)
            if style_loss == "naive_log":
                p = torch.exp(z) / torch.exp(z).sum(-1, keepdim=True)
                return -torch.log(p.gather(1, yb.view(-1, 1))).mean()
            if style_loss == "nll_on_probs": return nn.functional.nll_loss(torch.softmax(z, -1), yb)
            if style_loss == "bce_logits": return nn.functional.binary_cross_entropy_with_logits(z, yb.float().view(-1, 1))
            if style_loss == "mse": return nn.functional.mse_loss(z, yb.float().view(z.shape))
            raise ValueError(style_loss)
        return keras_loss(torch, loss_name, activate(torch, z, out_act), targets(yb))

    def keras_acc(z, yb):
        """The accuracy Keras would log for this loss and output (None for regression: mae instead)."""
        if style_loss:
            if task == "regression": return float((z - yb.float().view(z.shape)).abs().mean())
            if out_units == 1: return float(((z.view(-1) > 0).long() == yb).float().mean())
            return float((z.argmax(-1) == yb).float().mean())
        p = activate(torch, z, out_act)
        if task == "regression": return float((p - yb.float().view(p.shape)).abs().mean())
        t = targets(yb)
        if loss_name == "binary_crossentropy" or out_units == 1:
            return float(((p > 0.5).float() == t).float().mean())
        return float((p.argmax(-1) == yb).float().mean())

    def true_quality(z, yb):
        if task == "regression":
            p = z if style_loss else activate(torch, z, out_act)
            return float(((p - yb.float().view(p.shape)) ** 2).mean())
        if out_units == 1:
            p = z if style_loss else activate(torch, z, out_act)
            thr = 0.0 if style_loss else 0.5
            return float(((p.view(-1) > thr).long() == yb).float().mean())
        return float((z.argmax(-1) == yb).float().mean())

    full = spec.get("level") == "full"
    hist_every = max(1, steps_per_epoch // cfg.get("hist_per_epoch", 1))
    pick = {name: {k: sample_idx(p.numel(), 200, np.random.default_rng(seed + i)) for k, p in (("weight", m.weight), ("bias", m.bias)) if p is not None}
            for i, (name, m) in enumerate(player.items())}
    steps, epochs_log, tensors, gnorms = [], [], [], []
    gstep = 0
    best, bad = math.inf, 0
    patience = cfg.get("early_stopping")
    repeated = cfg.get("repeated_batch")
    t0 = time.time()

    def snapshot(step):
        rec = {"step": step, "weights": {}, "grads": {}}
        for name, m in player.items():
            for k, p in (("weight", m.weight), ("bias", m.bias)):
                if p is None: continue
                idx = pick[name][k]
                rec["weights"][f"{name}.{k}"] = [float(v) for v in p.detach().reshape(-1)[idx]]
                if p.grad is not None:
                    rec["grads"][f"{name}.{k}"] = [float(v) for v in p.grad.detach().reshape(-1)[idx]]
        tensors.append(rec)

    if full: snapshot(0)
    stopped_early = False
    for ep in range(epochs):
        model.train()
        order = np.arange(len(Xtr)) if cfg.get("no_shuffle") else rng.permutation(len(Xtr))
        tot, totacc, cnt = 0.0, 0.0, 0
        for b in range(steps_per_epoch):
            idx = order[:bs] if repeated else order[b * bs:(b + 1) * bs]
            xb, yb = Xtr_t[idx], ytr_t[idx]
            if cfg.get("augment") and cfg["dataset"] == "img":
                xb = torch.roll(xb, shifts=(int(rng.integers(-1, 2)), int(rng.integers(-1, 2))), dims=(2, 3)) + 0.1 * torch.randn_like(xb)
            z = model(xb)
            loss = loss_of(z, yb)
            opt.zero_grad()
            lv = float(loss)
            if math.isfinite(lv):
                loss.backward()
                if cfg.get("clip"): nn.utils.clip_grad_norm_(params, cfg["clip"])
                if full:
                    per = {}
                    for name, m in player.items():
                        for k, p in (("weight", m.weight), ("bias", m.bias)):
                            if p is not None and p.grad is not None: per[f"{name}.{k}"] = float(p.grad.norm())
                    tot2 = math.sqrt(sum(v * v for v in per.values())) if per else 0.0
                    gnorms.append({"step": gstep, "per": per, "total": tot2})
                if frozen != "no_step": opt.step()
                if sch is not None and sched == "onecycle": sch.step()
            if full and (gstep + 1) % hist_every == 0: snapshot(gstep + 1)
            gstep += 1
            steps.append({"step": gstep, "loss": lv, "lr": opt.param_groups[0]["lr"]})
            tot += lv * len(idx); cnt += len(idx)
            with torch.no_grad(): totacc += keras_acc(z.detach(), yb) * len(idx)
        model.eval()
        with torch.no_grad():
            zv = model(Xva_t)
            vl = float(loss_of(zv, yva_t))
            va = keras_acc(zv, yva_t)
            q = true_quality(zv, yva_t)
        rec = {"epoch": ep, "loss": tot / cnt, "metric": totacc / cnt, "val_loss": vl, "val_metric": va, "lr": opt.param_groups[0]["lr"], "true_val": q, "step": gstep}
        epochs_log.append(rec)
        if sch is not None and sched != "onecycle":
            if sched == "plateau": sch.step(vl if math.isfinite(vl) else 1e9)
            else: sch.step()
        if not math.isfinite(rec["loss"]) and not math.isfinite(vl) and ep >= 1:
            break  # training blew up: users stop here (the logs end with NaN)
        if patience:
            if vl < best - 1e-4: best, bad = vl, 0
            else:
                bad += 1
                if bad >= patience: stopped_early = True; break
    metric_name = "mae" if task == "regression" else "accuracy"
    hp = {"optimizer": {"adadelta": "Adadelta", "adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "momentum": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad", "adamax": "Adamax", "nadam": "Nadam"}[opt_name],
          "learning_rate": lr, "batch_size": bs, "epochs": epochs, "loss": cfg.get("loss_label", loss_name),
          "output_activation": out_act, "activation": cfg["activation"], "metrics": [metric_name],
          "layers": layer_summary(player, model), "train_samples": len(Xtr), "val_samples": len(Xva)}
    if opt_name == "momentum": hp["momentum"] = 0.9
    if cfg.get("dropout"): hp["dropout"] = cfg["dropout"]
    if cfg.get("init", "default") != "default": hp["kernel_initializer"] = {"zeros": "zeros", "huge": f"random_normal(stddev={cfg.get('init_std', 20.0)})", "glorot": "glorot_uniform", "gain": f"xavier_normal(gain={cfg.get('init_gain', 3.0)})"}[cfg["init"]]
    if sched != "constant": hp["lr_schedule"] = sched
    if patience: hp["early_stopping_patience"] = patience
    if cfg.get("augment"): hp["augmentation"] = "shift+noise"
    if meta["classes"]: hp["num_classes"] = meta["classes"]
    if not cfg.get("bias", True): hp["use_bias"] = False
    if spec["set"] == "novel": hp["model"] = str(model)  # what a PyTorch user logs: the printed module
    if cfg.get("no_shuffle"): hp["shuffle"] = False
    return {"id": spec["id"], "set": spec["set"], "fault": spec["fault"], "variant": spec["variant"], "accepted": spec["accepted"],
            "original": spec.get("original"), "family": spec["family"], "styles": spec["styles"], "level": spec.get("level", "scalars"),
            "config": cfg, "hparams": hp, "task": task, "metric": metric_name, "steps_per_epoch": steps_per_epoch,
            "stopped_early": stopped_early, "steps": steps, "epochs": epochs_log, "tensors": tensors, "grad_norms": gnorms,
            "train_seconds": round(time.time() - t0, 3)}


# ----------------------------------------------------------------------------- catalogue

BASE = {
    "tab_cls": {"model": "mlp", "dataset": "tab_cls", "n_train": 1200, "hidden": [64, 32], "activation": "relu", "optimizer": "adam", "lr": 1e-3, "batch_size": 32, "epochs": 20, "loss": "categorical_crossentropy", "output_activation": "softmax"},
    "tab_bin": {"model": "mlp", "dataset": "tab_bin", "n_train": 1200, "hidden": [32, 16], "activation": "relu", "optimizer": "adam", "lr": 1e-3, "batch_size": 32, "epochs": 20, "loss": "binary_crossentropy", "output_activation": "sigmoid"},
    "reg": {"model": "mlp", "dataset": "reg", "n_train": 1200, "hidden": [64, 32], "activation": "relu", "optimizer": "adam", "lr": 1e-3, "batch_size": 32, "epochs": 25, "loss": "mse", "output_activation": "linear"},
    "img": {"model": "cnn", "dataset": "img", "n_train": 1000, "hidden": [32], "activation": "relu", "optimizer": "adam", "lr": 2e-3, "batch_size": 32, "epochs": 12, "loss": "categorical_crossentropy", "output_activation": "softmax"},
    "text": {"model": "bow_mlp", "dataset": "text", "n_train": 900, "hidden": [32], "activation": "relu", "optimizer": "adam", "lr": 2e-3, "batch_size": 32, "epochs": 15, "loss": "categorical_crossentropy", "output_activation": "softmax"},
}

# (operator, variant, applies-to tasks, config patch, fault code, extra accepted causes)
CLS = ("tab_cls", "img", "text")
ALL = ("tab_cls", "tab_bin", "reg", "img", "text")
MUTATIONS = [
    ("change_loss", "mse_on_softmax", CLS, {"loss": "mse"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "mae_on_softmax", CLS, {"loss": "mae"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "mape_on_softmax", CLS, {"loss": "mape"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "binary_ce_on_multiclass", CLS, {"loss": "binary_crossentropy"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "categorical_ce_on_one_sigmoid", ("tab_bin",), {"loss": "categorical_crossentropy"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "hinge_on_sigmoid", ("tab_bin",), {"loss": "hinge"}, "wrong_loss_function", ["wrong_output_activation"]),
    ("change_loss", "mape_regression", ("reg",), {"loss": "mape"}, "wrong_loss_function", []),
    ("change_output_activation", "sigmoid_out", CLS, {"output_activation": "sigmoid"}, "wrong_output_activation", ["wrong_loss_function"]),
    ("change_output_activation", "linear_out", CLS + ("tab_bin",), {"output_activation": "linear"}, "wrong_output_activation", ["wrong_loss_function", "numerical_instability"]),
    ("change_output_activation", "relu_out", CLS, {"output_activation": "relu"}, "wrong_output_activation", ["wrong_loss_function", "numerical_instability"]),
    ("change_output_activation", "sigmoid_regression", ("reg",), {"output_activation": "sigmoid"}, "wrong_output_activation", []),
    ("change_output_activation", "softmax_binary", ("tab_bin",), {"output_activation": "softmax"}, "wrong_output_activation", ["wrong_loss_function"]),
    ("change_activation", "sigmoid_deep", ("tab_cls", "reg"), {"activation": "sigmoid", "hidden": [64, 64, 64, 64, 64, 32], "optimizer": "sgd", "lr": 0.05}, "vanishing_gradient", ["activation_saturation", "learning_rate_too_low"]),
    ("remove_activation", "linear_hidden", ("tab_cls", "tab_bin", "reg"), {"activation": "linear"}, "model_too_small", []),
    ("change_optimizer", "sgd_with_adam_lr", ALL, {"optimizer": "sgd"}, "learning_rate_too_low", ["optimizer_unsuitable"]),
    ("change_optimizer", "adadelta_keras_default", ALL, {"optimizer": "adadelta"}, "optimizer_unsuitable", ["learning_rate_too_low"]),
    ("change_learning_rate", "lr_x300", ALL, {"lr_mult": 300}, "learning_rate_too_high", ["exploding_gradient", "numerical_instability"]),
    ("change_learning_rate", "lr_x3000_sgd", ("tab_cls", "reg", "text"), {"optimizer": "sgd", "lr_mult": 3000}, "learning_rate_too_high", ["exploding_gradient", "numerical_instability"]),
    ("change_learning_rate", "lr_div1000", ALL, {"lr_mult": 1e-3}, "learning_rate_too_low", []),
    ("change_learning_rate", "lr_div1e6", ALL, {"lr_mult": 1e-6}, "learning_rate_too_low", []),
    ("change_epochs", "two_epochs", ALL, {"epochs": 2, "lr_mult": 0.3}, "too_few_epochs", []),
    ("change_batch_size", "full_batch", ALL, {"batch_size": 4096}, "batch_size_too_large", ["learning_rate_too_low"]),
    ("change_batch_size", "batch_2", ("tab_cls", "reg"), {"batch_size": 2, "optimizer": "sgd", "lr": 0.2, "epochs": 8}, "batch_size_too_small", ["learning_rate_too_high"]),
    ("change_weights_initialisation", "zeros", ALL, {"init": "zeros"}, "weight_init_zero", ["dead_relu"]),
    ("change_weights_initialisation", "huge_normal", ALL, {"init": "huge", "init_std": 30.0}, "weight_init_too_large", ["exploding_gradient", "activation_saturation", "dead_relu"]),
    ("remove_bias", "no_bias", ALL, {"bias": False}, "model_too_small", []),
    ("change_dropout", "dropout_0.9", ("tab_cls", "reg", "text"), {"dropout": 0.9}, "regularization_too_strong", ["model_too_small"]),
    ("change_dropout", "no_dropout_small_data", ("tab_cls", "text"), {"dropout": 0.0, "n_train": 120, "hidden": [256, 256], "epochs": 80}, "overfitting", ["insufficient_data", "too_many_epochs"]),
    ("add_layers", "eight_sigmoid_layers", ("tab_bin", "text"), {"hidden": [32] * 8, "activation": "sigmoid"}, "vanishing_gradient", ["activation_saturation"]),
    ("remove_layers", "no_hidden", ("tab_cls", "tab_bin", "reg", "img"), {"hidden": [], "channels": []}, "model_too_small", []),
    ("disable_shuffling", "sorted_by_class", ("tab_cls", "img", "text"), {"no_shuffle": True}, "data_not_shuffled", []),
    ("disable_normalisation", "raw_feature_scales", ("tab_cls", "tab_bin", "reg"), {"no_normalisation": True}, "input_not_normalized", []),
    ("mutate_labels", "noise_40", ALL, {"label_noise": 0.4}, "label_noise", ["overfitting"]),
    ("mutate_labels", "shuffled", ("tab_cls", "img", "text", "reg"), {"label_noise": 1.0}, "label_noise", []),
]

TORCH_BASE = {
    "tab_cls": {"model": "mlp", "dataset": "tab_cls", "n_train": 1500, "hidden": [64, 64], "activation": "relu", "optimizer": "sgd", "lr": 0.05, "batch_size": 32, "epochs": 12, "loss": "cross_entropy", "output_activation": "linear", "torch_loss": "ce"},
    "img": {"model": "cnn", "dataset": "img", "n_train": 1000, "hidden": [32], "activation": "relu", "optimizer": "momentum", "lr": 0.02, "batch_size": 32, "epochs": 10, "loss": "cross_entropy", "output_activation": "linear", "torch_loss": "ce"},
    "text": {"model": "bow_mlp", "dataset": "text", "n_train": 900, "hidden": [64], "activation": "relu", "optimizer": "adamw", "lr": 3e-3, "batch_size": 32, "epochs": 12, "loss": "cross_entropy", "output_activation": "linear", "torch_loss": "ce"},
    "reg": {"model": "mlp", "dataset": "reg", "n_train": 1500, "hidden": [64, 32], "activation": "relu", "optimizer": "adam", "lr": 2e-3, "batch_size": 64, "epochs": 20, "loss": "mse", "output_activation": "linear", "torch_loss": "mse"},
}
TCLS = ("tab_cls", "img", "text")
TORCH_FAULTS = [
    ("learning_rate_too_high", "sgd_lr_5", ("tab_cls", "reg", "text"), {"optimizer": "sgd", "lr": 5.0}, ["exploding_gradient", "numerical_instability"]),
    ("learning_rate_too_high", "adam_lr_0.3", ("tab_cls", "img"), {"optimizer": "adam", "lr": 0.3}, ["exploding_gradient", "dead_relu"]),
    ("learning_rate_too_low", "sgd_lr_1e-5", ("tab_cls", "img", "reg"), {"optimizer": "sgd", "lr": 1e-5}, []),
    ("vanishing_gradient", "deep_sigmoid", ("tab_cls", "reg", "text"), {"activation": "sigmoid", "hidden": [48] * 8, "optimizer": "sgd", "lr": 0.05}, ["activation_saturation"]),
    ("exploding_gradient", "deep_gain4", ("tab_cls", "reg"), {"hidden": [64] * 6, "activation": "relu", "init": "gain", "init_gain": 4.0, "optimizer": "sgd", "lr": 0.01}, ["weight_init_too_large", "numerical_instability", "learning_rate_too_high"]),
    ("dead_relu", "negative_bias", ("tab_cls", "img", "text"), {"bias_init": -6.0}, []),
    ("weight_init_zero", "zeros", ("tab_cls", "text", "reg"), {"init": "zeros"}, ["dead_relu"]),
    ("weights_frozen", "all_but_last_frozen", ("tab_cls", "img", "reg"), {"freeze": "all_but_last"}, ["model_too_small"]),
    ("weights_frozen", "optimizer_step_missing", ("tab_cls", "text"), {"freeze": "no_step"}, []),
    ("input_not_normalized", "raw_scales", ("tab_cls", "reg"), {"no_normalisation": True}, []),
    ("overfitting", "tiny_train_long", ("tab_cls", "text"), {"n_train": 100, "hidden": [256, 256], "epochs": 120, "optimizer": "adam", "lr": 3e-3}, ["insufficient_data", "too_many_epochs"]),
    ("label_noise", "noise_50", TCLS, {"label_noise": 0.5}, ["overfitting"]),
    ("data_not_shuffled", "sorted", TCLS, {"no_shuffle": True}, []),
    ("batch_size_too_large", "full_batch", ("tab_cls", "text", "reg"), {"batch_size": 8192}, ["learning_rate_too_low"]),
    ("too_few_epochs", "two_epochs", TCLS, {"epochs": 2, "lr": 0.01}, []),
    ("wrong_loss_function", "double_softmax", TCLS, {"torch_loss": "double_softmax", "loss_label": "CrossEntropyLoss(softmax(logits))"}, ["wrong_output_activation"]),
    ("wrong_loss_function", "nll_on_probs", ("tab_cls", "text"), {"torch_loss": "nll_on_probs", "loss_label": "NLLLoss(softmax(logits))"}, ["wrong_output_activation"]),
    ("numerical_instability", "naive_log_softmax", ("tab_cls", "img"), {"torch_loss": "naive_log", "loss_label": "-log(exp(z)/sum(exp(z)))", "optimizer": "sgd", "lr": 2.0}, ["learning_rate_too_high", "exploding_gradient"]),
    ("class_imbalance", "majority_95", ("tab_cls", "text"), {"imbalance": 0.02}, []),
    ("repeated_batch", "same_batch", ("tab_cls", "img"), {"repeated_batch": True, "epochs": 15}, ["overfitting", "insufficient_data"]),
]
TORCH_HEALTHY = [
    ("cosine_adam", {"optimizer": "adam", "lr": 2e-3, "schedule": "cosine"}),
    ("step_momentum", {"optimizer": "momentum", "lr": 0.02, "schedule": "step", "epochs": 15}),
    ("early_stopping", {"optimizer": "adam", "lr": 1e-3, "early_stopping": 3, "epochs": 40}),
    ("dropout_plateau", {"dropout": 0.3, "schedule": "plateau", "optimizer": "rmsprop", "lr": 1e-3}),
    ("onecycle_large", {"schedule": "onecycle", "optimizer": "sgd", "lr": 0.1, "n_train": 3000}),
    ("small_data_short", {"n_train": 300, "epochs": 8, "optimizer": "adam", "lr": 3e-3}),
    ("clip_adamw", {"optimizer": "adamw", "lr": 2e-3, "clip": 1.0}),
]
MUT_HEALTHY = [
    ("original", {}),
    ("rmsprop_plateau", {"optimizer": "rmsprop", "lr": 1e-3, "schedule": "plateau"}),
    ("sgd_momentum_step", {"optimizer": "momentum", "lr": 0.02, "schedule": "step"}),
    ("dropout_early_stop", {"dropout": 0.25, "early_stopping": 4, "epochs": 30}),
    ("large_data_nadam", {"n_train": 2500, "optimizer": "nadam", "lr": 1e-3, "epochs": 10}),
    ("small_data_adamax", {"n_train": 300, "optimizer": "adamax", "lr": 4e-3, "epochs": 25, "dropout": 0.2}),
    ("augment_cosine", {"augment": True, "schedule": "cosine"}),
]

# The novel set: tasks, models and activations that neither set above uses (1-D convolutions on
# signals, a BatchNorm MLP on a 10-class mixture, a residual GELU MLP on three regression targets),
# with the PyTorch-idiom faults that apply to them. It exists to be scored, not tuned on: whether
# readings made on the sets above carry over to models they were not made on.
NOVEL_BASE = {
    "seq": {"model": "cnn1d", "dataset": "seq", "n_train": 1200, "channels": [16, 32], "hidden": [32], "activation": "relu", "optimizer": "adam", "lr": 2e-3, "batch_size": 32, "epochs": 15, "loss": "cross_entropy", "output_activation": "linear", "torch_loss": "ce"},
    "tab10": {"model": "bn_mlp", "dataset": "tab10", "n_train": 2000, "hidden": [128, 64], "activation": "relu", "optimizer": "momentum", "lr": 0.05, "batch_size": 64, "epochs": 15, "loss": "cross_entropy", "output_activation": "linear", "torch_loss": "ce"},
    "mreg": {"model": "res_mlp", "dataset": "mreg", "n_train": 1500, "width": 64, "blocks": 2, "activation": "gelu", "optimizer": "adamw", "lr": 1e-3, "batch_size": 32, "epochs": 25, "loss": "mse", "output_activation": "linear", "torch_loss": "mse"},
}
NOVEL_FAULTS = [
    ("learning_rate_too_high", "sgd_lr_5", ("seq", "tab10", "mreg"), {"optimizer": "sgd", "lr": 5.0}, ["exploding_gradient", "numerical_instability"]),
    ("learning_rate_too_high", "adam_lr_0.3", ("seq", "mreg"), {"optimizer": "adam", "lr": 0.3}, ["exploding_gradient", "dead_relu"]),
    ("learning_rate_too_low", "sgd_lr_1e-5", ("seq", "tab10", "mreg"), {"optimizer": "sgd", "lr": 1e-5}, []),
    ("exploding_gradient", "deep_gain4", ("mreg",), {"blocks": 6, "init": "gain", "init_gain": 4.0, "optimizer": "sgd", "lr": 0.01}, ["weight_init_too_large", "numerical_instability", "learning_rate_too_high"]),
    ("dead_relu", "negative_bias", ("seq",), {"bias_init": -6.0}, []),
    ("weight_init_zero", "zeros", ("seq", "tab10", "mreg"), {"init": "zeros"}, ["dead_relu"]),
    ("weights_frozen", "all_but_last_frozen", ("seq", "tab10", "mreg"), {"freeze": "all_but_last"}, ["model_too_small"]),
    ("weights_frozen", "optimizer_step_missing", ("seq", "tab10"), {"freeze": "no_step"}, []),
    ("input_not_normalized", "raw_scales", ("seq", "tab10", "mreg"), {"no_normalisation": True}, []),
    ("overfitting", "tiny_train_long", ("seq", "tab10"), {"n_train": 100, "epochs": 120, "optimizer": "adam", "lr": 3e-3}, ["insufficient_data", "too_many_epochs"]),
    ("label_noise", "noise_50", ("seq", "tab10"), {"label_noise": 0.5}, ["overfitting"]),
    ("data_not_shuffled", "sorted", ("seq", "tab10"), {"no_shuffle": True}, []),
    ("batch_size_too_large", "full_batch", ("seq", "tab10", "mreg"), {"batch_size": 8192}, ["learning_rate_too_low"]),
    ("too_few_epochs", "two_epochs", ("seq", "tab10"), {"epochs": 2, "lr": 0.01}, []),
    ("wrong_loss_function", "double_softmax", ("seq", "tab10"), {"torch_loss": "double_softmax", "loss_label": "CrossEntropyLoss(softmax(logits))"}, ["wrong_output_activation"]),
    ("wrong_loss_function", "nll_on_probs", ("tab10",), {"torch_loss": "nll_on_probs", "loss_label": "NLLLoss(softmax(logits))"}, ["wrong_output_activation"]),
    ("numerical_instability", "naive_log_softmax", ("seq", "tab10"), {"torch_loss": "naive_log", "loss_label": "-log(exp(z)/sum(exp(z)))", "optimizer": "sgd", "lr": 2.0}, ["learning_rate_too_high", "exploding_gradient"]),
    ("class_imbalance", "majority_95", ("seq", "tab10"), {"imbalance": 0.02}, []),
    ("repeated_batch", "same_batch", ("seq", "tab10"), {"repeated_batch": True}, ["overfitting", "insufficient_data"]),
]

MUT_STYLES = ["pytorch", "lightning", "add_scalars"]
TORCH_STYLES = [("pytorch", "full"), ("lightning", "scalars"), ("add_scalars", "full"), ("pytorch", "scalars"), ("lightning", "full"), ("lightning_csv", "scalars")]


def catalogue(seed):
    specs = []
    k = 0
    for task, base in BASE.items():
        data_seed = seed * 1000 + 11 + len(specs)
        for j, (variant, patch) in enumerate(MUT_HEALTHY):
            if variant == "augment_cosine" and task != "img": patch = {"schedule": "cosine", "optimizer": "adamw", "lr": 2e-3}
            cfg = {**base, **patch}
            rid = f"mut_{task}_healthy_{variant}"
            specs.append({"id": rid, "set": "mutation", "fault": "healthy", "variant": variant, "accepted": [], "config": cfg, "seed": seed * 100 + k, "data_seed": data_seed,
                          "family": {"framework": "torch", "model": base["model"], "dataset": task}, "styles": ["keras_csv", MUT_STYLES[k % 3]], "level": "scalars"})
            k += 1
        orig = f"mut_{task}_healthy_original"
        for op, variant, tasks, patch, fault, extra in MUTATIONS:
            if task not in tasks: continue
            cfg = {**base, **{a: b for a, b in patch.items() if a != "lr_mult"}}
            if "lr_mult" in patch: cfg["lr"] = base["lr"] * patch["lr_mult"] if "lr" not in patch else patch["lr"]
            if op == "change_optimizer" and variant == "adadelta_keras_default": cfg["lr"] = 1e-3
            if task == "img" and op == "remove_layers": cfg["channels"] = []
            rid = f"mut_{task}_{op}_{variant}"
            specs.append({"id": rid, "set": "mutation", "fault": fault, "variant": f"{op}:{variant}", "accepted": sorted({fault, *extra}), "config": cfg,
                          "seed": None, "data_seed": data_seed, "original": orig,
                          "family": {"framework": "torch", "model": base["model"], "dataset": task}, "styles": ["keras_csv", MUT_STYLES[k % 3]], "level": "scalars"})
            k += 1
    # a mutant shares its original's weights seed (as a mutation of the same program would)
    seeds = {s["id"]: s["seed"] for s in specs if s["seed"] is not None}
    for s in specs:
        if s["seed"] is None: s["seed"] = seeds[s["original"]]
    def idiom_specs(prefix, set_name, bases, faults, seed_off, data_off, style_off, t):
        """The healthy variants and faults of one PyTorch-idiom set; `t` counts on across sets."""
        out = []
        for task, base in bases.items():
            data_seed = seed * 1000 + data_off + t
            family = {"framework": "torch", "model": base["model"], "dataset": task}
            runs = [("healthy", variant, patch, [], None) for variant, patch in TORCH_HEALTHY]
            orig = f"{prefix}_{task}_healthy_cosine_adam"
            runs += [(fault, variant, patch, sorted({fault, *extra}), orig) for fault, variant, tasks, patch, extra in faults if task in tasks]
            for fault, variant, patch, accepted, original in runs:
                style, level = TORCH_STYLES[(t + style_off) % len(TORCH_STYLES)]
                if fault == "weights_frozen" and variant == "all_but_last_frozen": level = "full"
                out.append({"id": f"{prefix}_{task}_{fault}_{variant}", "set": set_name, "fault": fault, "variant": variant, "accepted": accepted,
                            "config": {**base, **patch}, "seed": seed * 100 + seed_off + t, "data_seed": data_seed,
                            "family": family, "styles": [style], "level": level, "original": original})
                t += 1
        return out, t

    torch_specs, t = idiom_specs("pt", "torch", TORCH_BASE, TORCH_FAULTS, 50, 500, 0, 0)
    novel_specs, t = idiom_specs("nv", "novel", NOVEL_BASE, NOVEL_FAULTS, 80, 800, 3, t)
    specs += torch_specs + novel_specs
    return specs


# ----------------------------------------------------------------------------- visibility

# Operators whose fault is in the configuration itself (a loss or output activation that does not fit
# the task): kept even when not killed, but only in the styles that log the configuration.
CONFIG_VISIBLE = ("change_loss", "change_output_activation")


def finite(x): return x is not None and math.isfinite(x)


def quality(rec):
    """(final true validation quality, higher is better)."""
    v = rec["epochs"][-1]["true_val"] if rec["epochs"] else float("nan")
    if rec["task"] == "regression": return -v if finite(v) else -math.inf
    return v if finite(v) else 0.0


def nonfinite(rec):
    return any(not finite(s["loss"]) for s in rec["steps"]) or any(not finite(e["val_loss"]) for e in rec["epochs"])


def visible(rec, orig):
    """(kept, evidence) — the run's fault shows in its results (DeepCrime's killed mutant) or it is healthy and sane."""
    ep = rec["epochs"]
    vl = [e["val_loss"] for e in ep]
    if rec["fault"] == "healthy":
        if nonfinite(rec): return False, "non-finite values in a healthy run"
        q = quality(rec)
        if rec["task"] != "regression":
            chance = 1.0 / rec["hparams"].get("num_classes", 2)
            if q < chance + 0.25: return False, f"healthy run did not learn (val acc {q:.3f})"
        else:
            if q < -0.85 * ep[0]["true_val"]: return False, f"healthy regression did not learn (val mse {-q:.3f} vs {ep[0]['true_val']:.3f})"
        best = min(vl)
        # a human reading calls a validation loss 16 % above its best (mild) overfitting
        if vl[-1] > 1.15 * best + 1e-3: return False, f"healthy run overfits (val loss {vl[-1]:.4g} vs best {best:.4g})"
        # the last fifth of the epochs, at least two (one epoch's change is noise on a short run)
        k = max(2, len(vl) // 5)
        gain, late = vl[0] - best, vl[-1 - k] - vl[-1]
        if len(vl) >= 5 and gain > 0 and late > 0.2 * gain:
            return False, f"healthy run cut short (its last {k} epochs took {late / gain:.0%} of the validation-loss gain)"
        return True, f"learned: final validation {'mse' if rec['task'] == 'regression' else 'accuracy'} {abs(q):.3f}"
    if nonfinite(rec): return True, "non-finite loss"
    if rec["fault"] in ("overfitting",) or "no_dropout_small_data" in rec["variant"]:
        best = min(v for v in vl if finite(v)); i = vl.index(best)
        ok = vl[-1] > 1.3 * best and i < len(vl) - 3
        return ok, f"val loss {best:.4g}@{i} -> {vl[-1]:.4g}"
    if rec["fault"] == "weights_frozen" and rec["config"].get("freeze") == "all_but_last":
        return True, "hidden layers never change (weight histograms)"
    if orig is None: return False, "original missing"
    q, qo = quality(rec), quality(orig)
    if rec["task"] == "regression":
        ok = -q > 1.5 * (-qo) + 0.02
        ev = f"val mse {-q:.4f} vs original {-qo:.4f}"
    else:
        ok = q < qo - 0.05
        ev = f"val acc {q:.3f} vs original {qo:.3f}"
    if not ok and rec["variant"].split(":")[0] in CONFIG_VISIBLE:
        return True, ev + "; not killed, but the configuration is wrong for the task (loss / output activation)"
    return ok, ev


def recheck(out):
    """Applies the current checks to the kept raw runs again (originals are kept healthy runs)."""
    raw = os.path.join(out, "raw")
    idx = json.load(open(os.path.join(out, "raw_index.json")))
    recs = {i: json.load(open(os.path.join(raw, i + ".json"))) for i in idx["kept"]}
    kept = []
    for i, r in recs.items():
        ok, ev = visible(r, recs.get(r.get("original") or ""))
        if ok:
            r["check"] = {"visible": True, "evidence": ev, "config_only": "not killed" in ev}
            with open(os.path.join(raw, i + ".json"), "w") as f: json.dump(r, f, allow_nan=True)
            kept.append(i)
        else:
            idx["dropped"].append({"id": i, "fault": r["fault"], "variant": r["variant"], "evidence": ev})
            os.remove(os.path.join(raw, i + ".json"))
    idx["kept"] = kept
    with open(os.path.join(out, "raw_index.json"), "w") as f: json.dump(idx, f, indent=1)
    print(f"rechecked: kept {len(kept)}, dropped {len(idx['dropped'])}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True); ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2); ap.add_argument("--only", default="")
    ap.add_argument("--recheck", action="store_true", help="re-run the visibility checks on OUT/raw without training")
    a = ap.parse_args()
    if a.recheck:
        return recheck(a.out)
    specs = [s for s in catalogue(a.seed) if a.only in s["id"]]
    raw = os.path.join(a.out, "raw"); os.makedirs(raw, exist_ok=True)
    t0 = time.time()
    with mp.get_context("fork").Pool(a.workers) as pool:
        recs = []
        for i, r in enumerate(pool.imap(run_one, specs, chunksize=1)):
            recs.append(r)
            if (i + 1) % 20 == 0 or i + 1 == len(specs):
                print(f"  {i + 1}/{len(specs)} runs trained ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    by_id = {r["id"]: r for r in recs}
    kept, dropped = [], []
    for r in recs:
        ok, ev = visible(r, by_id.get(r.get("original") or ""))
        r["check"] = {"visible": ok, "evidence": ev, "config_only": "not killed" in ev}
        (kept if ok else dropped).append(r)
    for r in kept:
        with open(os.path.join(raw, r["id"] + ".json"), "w") as f: json.dump(r, f, allow_nan=True)
    with open(os.path.join(a.out, "raw_index.json"), "w") as f:
        json.dump({"seed": a.seed, "kept": [r["id"] for r in kept],
                   "dropped": [{"id": r["id"], "fault": r["fault"], "variant": r["variant"], "evidence": r["check"]["evidence"]} for r in dropped]}, f, indent=1)
    print(f"trained {len(recs)} runs in {time.time() - t0:.1f} s: kept {len(kept)}, dropped {len(dropped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
