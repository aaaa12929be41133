"""Measure the detector on a labelled corpus (tests/safety/corpus/*.yaml): recall on spam,
false-positive rate on clean government text. Used by bench/safety.py and the test suite."""
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .detector import Context, detect_html, detect_text, is_flagged


@dataclass
class Sample:
    id: str
    label: str
    category: str = ""
    tags: list = field(default_factory=list)
    title: str = ""
    text: str = ""
    html: str = ""


@dataclass
class Result:
    name: str
    spam: int
    clean: int
    caught: int
    false_alarms: int
    missed: list
    wrongly_flagged: list
    seconds: float

    @property
    def recall(self):
        return self.caught / self.spam if self.spam else 1.0

    @property
    def false_positive_rate(self):
        return self.false_alarms / self.clean if self.clean else 0.0

    def line(self):
        return (f"{self.name}: {self.spam} spam, {self.clean} clean — recall {self.recall:.1%}, "
                f"false positives {self.false_positive_rate:.1%}")


def load(path):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [Sample(**sample) for sample in data["samples"]]


def findings_for(sample, lexicon):
    context = Context(lexicon=lexicon, own_hosts=frozenset({"peach.localhost"}), title=sample.title)
    if sample.html:
        return detect_html(sample.html, context)
    return detect_text(sample.text, context)


def evaluate(name, samples, lexicon):
    started = time.perf_counter()
    missed, wrong, caught, alarms = [], [], 0, 0
    for sample in samples:
        flagged = is_flagged(findings_for(sample, lexicon))
        if sample.label == "spam":
            caught += flagged
            if not flagged:
                missed.append(sample.id)
        else:
            alarms += flagged
            if flagged:
                wrong.append(sample.id)
    spam = sum(1 for s in samples if s.label == "spam")
    return Result(name, spam, len(samples) - spam, caught, alarms, missed, wrong, time.perf_counter() - started)
