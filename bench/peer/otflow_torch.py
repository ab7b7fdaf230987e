#!/usr/bin/python3
"""PyTorch peer of otflow's training step and sampler, for timing comparisons on the same CPU.

It computes what docs/numerics.md sections 2-5 define the way the authors' PyTorch code does: the potential's exact
gradient and Hessian trace by hand (per-sample m x d Jacobians), classical RK4, and PyTorch autograd through all of it
for the parameter gradients.

Needs PyTorch (Debian: apt-get install -y python3-torch, then run it with /usr/bin/python3).

    otflow_torch.py --d 2 --m 32 --batch 4096 --nt 8 --iters 20 [--threads N] [--double] [--sample 10000]
    otflow_torch.py --autoencoder --d 128 --batch 800 --iters 20 [--double]   (the MNIST autoencoder's step)
    otflow_torch.py --fixture test/fixtures/reference-swissroll.json      (checks itself against the fixture)

Prints one JSON line: the median, min and max milliseconds of a training iteration (forward, backward, Adam step),
the median milliseconds of one sampling call (normal -> data, with the trace, as the authors integrate), and the
process's peak resident memory. With --autoencoder the step is the MNIST experiment's first phase instead: a
784 -> d (ReLU) -> 784 (sigmoid) dense autoencoder, mean squared error against its input, Adam with lr 1e-3.
"""
import argparse
import json
import math
import resource
import statistics
import sys
import time

import torch


def log_cosh(a):
    """sigma(a) = log(e^a + e^-a), in the form that does not overflow."""
    magnitude = a.abs()
    return magnitude + torch.log1p(torch.exp(-2.0 * magnitude))


class OTFlowPotential(torch.nn.Module):
    """Phi(s) = w'N(s) + 1/2 s'A'As + b's + c over s = (x, t); N a ResNet of width m with nTh layers."""

    def __init__(self, d, m, layers, rank=None):
        super().__init__()
        self.d, self.m, self.layers = d, m, layers
        self.step = 1.0 / (layers - 1)
        rank = min(10, d + 1) if rank is None else rank
        opening = 1.0 / math.sqrt(d + 1)
        residual = 1.0 / math.sqrt(m)
        self.weights = torch.nn.ParameterList([torch.nn.Parameter(torch.empty(m, d + 1).uniform_(-opening, opening))])
        self.biases = torch.nn.ParameterList([torch.nn.Parameter(torch.empty(m).uniform_(-opening, opening))])
        first_weight = torch.empty(m, m).uniform_(-residual, residual)
        first_bias = torch.empty(m).uniform_(-residual, residual)
        for _ in range(layers - 1):  # later residual layers start as copies of the first
            self.weights.append(torch.nn.Parameter(first_weight.clone()))
            self.biases.append(torch.nn.Parameter(first_bias.clone()))
        self.w = torch.nn.Parameter(torch.ones(m))
        xavier = math.sqrt(6.0 / (rank + d + 1))
        self.A = torch.nn.Parameter(torch.empty(rank, d + 1).uniform_(-xavier, xavier))
        self.b = torch.nn.Parameter(torch.zeros(d + 1))

    def gradient_and_trace(self, s):
        """grad_s Phi (n x (d+1)) and the trace of the x-Hessian (n), numerics section 3."""
        d, h, last = self.d, self.step, self.layers - 1
        opening = self.weights[0]
        pre = [s @ opening.t() + self.biases[0]]
        u = log_cosh(pre[0])
        for i in range(1, self.layers):
            pre.append(u @ self.weights[i].t() + self.biases[i])
            u = u + h * log_cosh(pre[i])
        slopes = [torch.tanh(a) for a in pre]
        backward = [None] * (last + 2)
        backward[last + 1] = self.w.expand(s.shape[0], -1)
        for i in range(last, 0, -1):
            backward[i] = backward[i + 1] + h * ((slopes[i] * backward[i + 1]) @ self.weights[i])
        quadratic = self.A.t() @ self.A
        gradient = (slopes[0] * backward[1]) @ opening + s @ quadratic + self.b

        spatial = opening[:, :d]
        trace = ((1 - slopes[0] ** 2) * backward[1]) @ (spatial ** 2).sum(1)
        jacobian = slopes[0].unsqueeze(2) * spatial.unsqueeze(0)  # n x m x d
        for i in range(1, last + 1):
            product = torch.matmul(self.weights[i], jacobian)
            trace = trace + h * (((1 - slopes[i] ** 2) * backward[i + 1]) * (product ** 2).sum(2)).sum(1)
            jacobian = jacobian + h * slopes[i].unsqueeze(2) * product
        return gradient, trace + torch.diagonal(quadratic)[:d].sum()


def augmented_field(potential, state, t, alpha_l):
    """d/dt of the packed state [x, l, L, R] (numerics section 4)."""
    d = potential.d
    x = state[:, :d]
    s = torch.cat([x, torch.full((x.shape[0], 1), t, dtype=x.dtype)], 1)
    gradient, trace = potential.gradient_and_trace(s)
    velocity = -gradient[:, :d] / alpha_l
    log_det = -trace / alpha_l
    transport = 0.5 * (velocity ** 2).sum(1)
    hjb = (gradient[:, d] - (gradient[:, :d] ** 2).sum(1) / (2 * alpha_l)).abs()
    return torch.cat([velocity, log_det[:, None], transport[:, None], hjb[:, None]], 1)


def rk4(potential, x, t_start, t_end, steps, alpha_l=1.0):
    state = torch.cat([x, torch.zeros(x.shape[0], 3, dtype=x.dtype)], 1)
    h = (t_end - t_start) / steps
    t = t_start
    for _ in range(steps):
        k1 = augmented_field(potential, state, t, alpha_l)
        k2 = augmented_field(potential, state + 0.5 * h * k1, t + 0.5 * h, alpha_l)
        k3 = augmented_field(potential, state + 0.5 * h * k2, t + 0.5 * h, alpha_l)
        k4 = augmented_field(potential, state + h * k3, t + h, alpha_l)
        state = state + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
        t += h
    return state


def objective(potential, x, steps, alph):
    """J = alpha_L mean L + alpha_C mean C + alpha_R mean R (numerics section 5) and the three means."""
    d = potential.d
    end = rk4(potential, x, 0.0, 1.0, steps, alph[0])
    nll = 0.5 * d * math.log(2 * math.pi) + 0.5 * (end[:, :d] ** 2).sum(1) - end[:, d]
    transport, nll, hjb = end[:, d + 1].mean(), nll.mean(), end[:, d + 2].mean()
    return alph[0] * transport + alph[1] * nll + alph[2] * hjb, (transport, nll, hjb)


def check_fixture(path):
    """Loads the reference fixture's weights and compares J and mean C at nt = 12 in float64."""
    with open(path) as file:
        fixture = json.load(file)
    config, state = fixture["config"], fixture["state_dict"]
    torch.set_default_dtype(torch.float64)
    potential = OTFlowPotential(config["d"], config["m"], config["nTh"], config["r"])
    with torch.no_grad():
        potential.A.copy_(torch.tensor(state["A"]))
        potential.b.copy_(torch.tensor(state["c.weight"]).reshape(-1))
        potential.w.copy_(torch.tensor(state["w.weight"]).reshape(-1))
        for i in range(config["nTh"]):
            potential.weights[i].copy_(torch.tensor(state[f"N.layers.{i}.weight"]))
            potential.biases[i].copy_(torch.tensor(state[f"N.layers.{i}.bias"]))
        value, (_, nll, _) = objective(potential, torch.tensor(fixture["points"]), 12, config["alph"])
    expected = fixture["results"]["nt12"]
    print(json.dumps({"J": float(value), "expected_J": expected["J"], "C": float(nll), "expected_C": expected["C"]}))
    return abs(float(value) - expected["J"]) <= 1e-8 * abs(expected["J"]) + 1e-8


def autoencoder_step_timings(args):
    """Milliseconds of the MNIST autoencoder's training steps on a fixed batch of images in [0, 1]."""
    encoder, decoder = torch.nn.Linear(784, args.d), torch.nn.Linear(args.d, 784)
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=1e-3)
    images = torch.rand(args.batch, 784)

    def train_step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(torch.sigmoid(decoder(torch.relu(encoder(images)))), images)
        loss.backward()
        optimizer.step()

    return [time_ms(train_step) for _ in range(args.warmup + args.iters)][args.warmup:]


def peak_rss_mib():
    """The process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_ms(action):
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--d", type=int, default=2)
    parser.add_argument("--m", type=int, default=32)
    parser.add_argument("--nTh", type=int, default=2)
    parser.add_argument("--batch", type=int, default=4096)
    parser.add_argument("--nt", type=int, default=8)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--alph", default="1,100,5")
    parser.add_argument("--threads", type=int, default=0, help="PyTorch intra-op threads (0: its default)")
    parser.add_argument("--double", action="store_true")
    parser.add_argument("--sample", type=int, default=10000, help="points for the sampling timing (0: skip)")
    parser.add_argument("--autoencoder", action="store_true", help="time the MNIST autoencoder's step (d = code size)")
    parser.add_argument("--fixture")
    args = parser.parse_args()
    if args.fixture:
        sys.exit(0 if check_fixture(args.fixture) else 1)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float64 if args.double else torch.float32)
    torch.manual_seed(0)
    if args.autoencoder:
        timings = autoencoder_step_timings(args)
        print(json.dumps({
            "peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "phase": "autoencoder",
            "dtype": "float64" if args.double else "float32", "d": args.d, "batch": args.batch,
            "train_ms_median": statistics.median(timings), "train_ms_min": min(timings), "train_ms_max": max(timings),
            "peak_rss_mib": peak_rss_mib(),
        }))
        return
    alph = [float(value) for value in args.alph.split(",")]
    potential = OTFlowPotential(args.d, args.m, args.nTh)
    optimizer = torch.optim.Adam(potential.parameters(), lr=1e-2)
    batch = torch.randn(args.batch, args.d)
    value = None

    def train_step():
        nonlocal value
        optimizer.zero_grad()
        value, _ = objective(potential, batch, args.nt, alph)
        value.backward()
        optimizer.step()

    timings = [time_ms(train_step) for _ in range(args.warmup + args.iters)][args.warmup:]
    report = {
        "peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "dtype": "float64" if args.double else "float32", "d": args.d, "m": args.m, "nTh": args.nTh,
        "batch": args.batch, "nt": args.nt, "train_ms_median": statistics.median(timings),
        "train_ms_min": min(timings), "train_ms_max": max(timings), "loss_last": float(value),
    }
    if args.sample:
        sampling = []
        with torch.no_grad():
            for _ in range(3):
                normal = torch.randn(args.sample, args.d)
                sampling.append(time_ms(lambda: rk4(potential, normal, 1.0, 0.0, args.nt, alph[0])))
        report.update({"sample_n": args.sample, "sample_ms_median": statistics.median(sampling)})
    report["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
