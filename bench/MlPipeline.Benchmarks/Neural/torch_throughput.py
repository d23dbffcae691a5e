"""PyTorch side of `bench neural`: training throughput (rows/s) of the same-shape network as one MlPipeline estimator.

Extends the shared anchor (peers/torch_mlp_throughput.py: 3x256 ReLU MLP, batch 256, 50,000 x 50 synthetic rows) with
the flags the benchmark passes, so both sides train the same layers, optimiser, clipping and batches:

  --arch mlp      3 x 256 ReLU, dropout 0.1, AdamW 1e-3 (wd 1e-5), gradient clip 1.0   (MlpOptions defaults)
  --arch resnet   Linear(d,192), 2 blocks of BN -> Linear(192,384) -> ReLU -> Dropout 0.1 -> Linear(384,192) + skip,
                  BN, ReLU, head                                                         (ResNetOptions defaults)
  --arch realmlp  robust scale + smooth clip, periodic embedding (16 frequencies, width 4), front scale,
                  3 x 256 Mish with a learned mix, dropout 0.15, AdamW (beta2 0.95) with per-parameter rates, no clip
                                                                                         (MlpOptions.RealMlp)
  --arch tabm     3 BatchEnsemble layers (k = 32, width 512, ReLU, dropout 0.1), k heads, each member fitted to the
                  label, AdamW 2e-3 (wd 3e-4), clip 1.0                                  (TabMOptions defaults)

The learning-rate schedule is constant on both sides (a schedule costs nothing measurable). Prints one JSON line.
Run with Debian's interpreter: /usr/bin/python3 torch_throughput.py --arch resnet --rows 50000 --cols 50 ...
"""
import argparse, json, math, time
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("--arch", choices=["mlp", "resnet", "realmlp", "tabm"], default="mlp")
p.add_argument("--rows", type=int, default=50_000)
p.add_argument("--cols", type=int, default=50)
p.add_argument("--batch", type=int, default=256)
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--threads", type=int, default=0)
a = p.parse_args()

torch.manual_seed(0)
if a.threads > 0:
    torch.set_num_threads(a.threads)
n, d, bs = a.rows, a.cols, a.batch
x = torch.rand(n, d) * 2 - 1
y = x[:, :5].sum(1, keepdim=True).sin() + 0.1 * torch.randn(n, 1)


class ResBlock(nn.Module):
    def __init__(self, w, h):
        super().__init__()
        self.norm, self.l1, self.act, self.drop, self.l2 = nn.BatchNorm1d(w), nn.Linear(w, h), nn.ReLU(), nn.Dropout(0.1), nn.Linear(h, w)

    def forward(self, v):
        return v + self.l2(self.drop(self.act(self.l1(self.norm(v)))))


class RobustClip(nn.Module):
    def __init__(self, v):
        super().__init__()
        q = torch.quantile(v, torch.tensor([0.25, 0.5, 0.75]), dim=0)
        self.register_buffer("center", q[1]); self.register_buffer("factor", 1 / (q[2] - q[0]))

    def forward(self, v):
        z = ((v - self.center) * self.factor).clamp(-1e6, 1e6)
        return z / torch.sqrt(1 + z * z / 9)


class Periodic(nn.Module):
    def __init__(self, feats, k=16, width=4, sigma=0.1):
        super().__init__()
        self.freq = nn.Parameter(torch.randn(feats, k) * sigma)
        self.phase = nn.Parameter((torch.rand(feats, k) * 2 - 1) * math.pi)
        self.proj = nn.Parameter((torch.rand(feats, k, width - 1) * 2 - 1) / math.sqrt(k))
        self.bias = nn.Parameter((torch.rand(feats, width - 1) * 2 - 1) / math.sqrt(k))

    def forward(self, v):
        c = torch.cos(2 * math.pi * v.unsqueeze(-1) * self.freq + self.phase)
        m = torch.einsum("bnk,nkm->bnm", c, self.proj) + self.bias
        return torch.cat([m.reshape(v.shape[0], -1), v], 1)


class Scale(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(w))

    def forward(self, v):
        return v * self.scale


class MixedMish(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.mix, self.f = nn.Parameter(torch.ones(w)), nn.Mish()

    def forward(self, v):
        return v + (self.f(v) - v) * self.mix


class BatchEnsemble(nn.Module):
    def __init__(self, i, o, k, signs):
        super().__init__()
        b = 1 / math.sqrt(i)
        self.weight = nn.Parameter((torch.rand(o, i) * 2 - 1) * b)
        self.r = nn.Parameter(torch.where(torch.rand(k, i) < 0.5, -1.0, 1.0) if signs else torch.ones(k, i))
        self.s = nn.Parameter(torch.ones(k, o))
        self.bias = nn.Parameter(((torch.rand(1, o) * 2 - 1) * b).expand(k, o).contiguous())
        self.i = i

    def forward(self, v):
        return nn.functional.linear(v.reshape(v.shape[0], -1, self.i) * self.r, self.weight) * self.s + self.bias


class Heads(nn.Module):
    def __init__(self, i, k):
        super().__init__()
        b = 1 / math.sqrt(i)
        self.weight = nn.Parameter((torch.rand(k, i) * 2 - 1) * b)
        self.bias = nn.Parameter((torch.rand(k) * 2 - 1) * b)

    def forward(self, v):
        return (v * self.weight).sum(2) + self.bias


def build():
    """The network, its parameter groups and the gradient clip norm (0 = none)."""
    if a.arch == "mlp":
        layers, prev = [], d
        for _ in range(3):
            layers += [nn.Linear(prev, 256), nn.ReLU(), nn.Dropout(0.1)]; prev = 256
        net = nn.Sequential(*layers, nn.Linear(prev, 1))
        return net, torch.optim.AdamW(net.parameters(), 1e-3, weight_decay=1e-5), 1.0
    if a.arch == "resnet":
        net = nn.Sequential(nn.Linear(d, 192), ResBlock(192, 384), ResBlock(192, 384), nn.BatchNorm1d(192), nn.ReLU(), nn.Linear(192, 1))
        return net, torch.optim.AdamW(net.parameters(), 1e-3, weight_decay=1e-5), 1.0
    if a.arch == "realmlp":
        layers, prev, lr, wd = [RobustClip(x), Periodic(d), Scale(4 * d)], 4 * d, 0.2, 0.02
        groups = [{"params": list(layers[1].parameters()), "lr": lr * 0.1, "weight_decay": wd},
                  {"params": list(layers[2].parameters()), "lr": lr * 6, "weight_decay": wd}]
        for _ in range(3):
            lin, act = nn.Linear(prev, 256), MixedMish(256)
            groups += [{"params": [lin.weight], "lr": lr / math.sqrt(prev), "weight_decay": wd * math.sqrt(prev)},
                       {"params": [lin.bias], "lr": lr * 0.1, "weight_decay": 0.0},
                       {"params": [act.mix], "lr": lr * 0.1, "weight_decay": wd}]
            layers += [lin, act, nn.Dropout(0.15)]; prev = 256
        head = nn.Linear(prev, 1)
        groups += [{"params": [head.weight], "lr": lr / math.sqrt(prev), "weight_decay": wd * math.sqrt(prev)},
                   {"params": [head.bias], "lr": lr * 0.1, "weight_decay": 0.0}]
        return nn.Sequential(*layers, head), torch.optim.AdamW(groups, lr, betas=(0.9, 0.95)), 0.0
    k, layers, prev = 32, [], d
    for i in range(3):
        layers += [BatchEnsemble(prev, 512, k, i == 0), nn.ReLU(), nn.Dropout(0.1)]; prev = 512
    net = nn.Sequential(*layers, Heads(prev, k))
    return net, torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=3e-4), 1.0


net, opt, clip = build()
lossf = nn.MSELoss()
net.train()


def epoch(rows):
    perm = torch.randperm(rows)
    for i in range(0, rows, bs):
        idx = perm[i:i + bs]
        opt.zero_grad()
        out = net(x[idx])
        loss = lossf(out, y[idx].expand_as(out))
        loss.backward()
        if clip > 0:
            nn.utils.clip_grad_norm_(net.parameters(), clip)
        opt.step()
        loss.item()


epoch(min(n, 8 * bs))  # warm-up
t = time.perf_counter()
for _ in range(a.epochs):
    epoch(n)
dt = time.perf_counter() - t
print(json.dumps({"arch": a.arch, "torch": torch.__version__, "threads": torch.get_num_threads(),
                  "rows_per_s": round(n * a.epochs / dt), "epoch_s": round(dt / a.epochs, 3)}))
