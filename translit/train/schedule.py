"""The learning-rate schedule (warm-up, inverse square root, re-warm, cool-down) and the moving
average of the weights: what a training step's rate and an export candidate are made of."""

from __future__ import annotations

import math
from dataclasses import dataclass

REWARM_STEPS = 200  # fresh optimizer moments on weights that are already trained: ramp the rate up again


@dataclass
class Cooldown:
    """The last ``steps`` steps of a run, from step ``start``: the learning rate falls linearly to zero.

    Weights trained at a high rate sit in a noisy spot; taking the rate down before an export
    settles them (the cool-down of a warm-up/stable/decay schedule). A run continued after a
    finished cool-down re-warms (``REWARM_STEPS``) and later cools down again.
    """

    start: int
    steps: int

    @property
    def end(self) -> int:
        return self.start + self.steps

    def factor(self, step: int) -> float:
        return min(1.0, max(0.0, (self.end - step) / self.steps))


def lr_at(step: int, peak: float, warmup: int, rewarm_from: int = 0, cooldown: Cooldown | None = None) -> float:
    """Linear warm-up, then inverse square-root decay; optionally re-warmed and cooled down.

    ``rewarm_from`` is the step from which the rate ramps up again over ``REWARM_STEPS``: where
    the optimizer's moments started afresh (a run continued from a shipped model), Adam's first
    updates are full-size whatever the gradient; after a cool-down the rate would jump from zero.
    """
    step = max(step, 1)
    rate = peak * min(step / warmup, math.sqrt(warmup / step))
    if rewarm_from:
        rate *= min(1.0, (step - rewarm_from) / REWARM_STEPS)
    if cooldown is not None:
        rate *= cooldown.factor(step)
    return rate


class WeightAverage:
    """Exponential moving average of the weights, updated after every optimizer step.

    The decay ramps up from 0 as ``(1 + n) / (10 + n)`` so that an average started on trained
    weights (a resumed run) follows them at first instead of dragging stale values along.
    """

    def __init__(self, model, decay: float, state: dict | None = None):
        import torch

        self.decay = decay
        self.names = [name for name, _ in model.named_parameters()]
        self.params = [p for _, p in model.named_parameters()]
        if state is not None and list(state["weights"]) == self.names:
            self.updates = int(state["updates"])
            self.weights = [state["weights"][n].to(p.device, torch.float32) for n, p in zip(self.names, self.params)]
        else:
            self.updates = 0
            self.weights = [p.detach().clone().float() for p in self.params]

    def update(self) -> None:
        import torch

        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        with torch.no_grad():
            torch._foreach_lerp_(self.weights, [p.detach() for p in self.params], 1.0 - d)

    def state_dict(self) -> dict:
        return {"updates": self.updates, "weights": dict(zip(self.names, (w.cpu() for w in self.weights)))}
