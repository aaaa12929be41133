"""Content-safety benchmark: recall and false positives on the labelled corpus, and speed.

    make bench          # or: .venv/bin/python bench/safety.py

Corpus: tests/safety/corpus/dev.yaml (the part the detector was tuned on) and heldout.yaml
(written after the detector, never tuned on), both written for this project.
  * ours: sitegroup.safety.detector with the shipped platform lexicon (folding, scored context
    rules, stuffing, hidden links, markup);
  * baseline, in the same run: plain substring matching of the same lexicon's words on the raw
    text (what a word list alone does: no folding, no context, no scoring).
Prints recall, false-positive rate and time per sample for both, and the ratios.
"""
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitegroup.settings.dev")

import django  # noqa: E402

django.setup()

from sitegroup.safety.evaluation import evaluate, load  # noqa: E402
from sitegroup.safety.lexicon import CATEGORIES, shipped  # noqa: E402

CORPUS = ROOT / "tests" / "safety" / "corpus"
REPEAT = 5


def naive_flagged(sample, words):
    raw = f"{sample.title}\n{sample.text}\n{sample.html}".lower()
    return any(word in raw for word in words)


def naive(samples, words):
    started = time.perf_counter()
    for _ in range(REPEAT):
        results = [(s, naive_flagged(s, words)) for s in samples]
    seconds = (time.perf_counter() - started) / REPEAT
    spam = [s for s in samples if s.label == "spam"]
    clean = [s for s in samples if s.label == "clean"]
    recall = sum(flag for s, flag in results if s.label == "spam") / len(spam)
    fp = sum(flag for s, flag in results if s.label == "clean") / len(clean)
    return recall, fp, seconds


def main():
    lexicon = shipped()
    words = [e.term.lower() for e in lexicon.entries if e.section in CATEGORIES + ("brands",) and not e.regex]
    evaluate("warm-up", load(CORPUS / "dev.yaml")[:5], lexicon)  # OpenCC and the matchers load once
    parts = {"dev (tuned on)": load(CORPUS / "dev.yaml"), "held-out": load(CORPUS / "heldout.yaml")}
    parts["all"] = parts["dev (tuned on)"] + parts["held-out"]
    print(f"{'corpus':<16}{'spam':>6}{'clean':>7}  {'recall':>8}{'false pos.':>12}{'ms/sample':>11}   "
          f"{'baseline recall':>16}{'baseline FP':>13}{'ms/sample':>11}")
    for name, samples in parts.items():
        timings = []
        for _ in range(REPEAT):
            result = evaluate(name, samples, lexicon)
            timings.append(result.seconds)
        ours_ms = min(timings) / len(samples) * 1000
        b_recall, b_fp, b_seconds = naive(samples, words)
        print(f"{name:<16}{result.spam:>6}{result.clean:>7}  {result.recall:>8.1%}{result.false_positive_rate:>12.1%}"
              f"{ours_ms:>11.2f}   {b_recall:>16.1%}{b_fp:>13.1%}{b_seconds / len(samples) * 1000:>11.3f}")
        if result.missed or result.wrongly_flagged:
            print(f"{'':<16}missed: {', '.join(result.missed) or '-'}; wrongly flagged: "
                  f"{', '.join(result.wrongly_flagged) or '-'}")
    print(f"\nratios on all samples: false positives {b_fp:.1%} (baseline) → {result.false_positive_rate:.1%} (ours); "
          f"recall {b_recall:.1%} → {result.recall:.1%}; "
          f"time per sample ×{ours_ms / (b_seconds / len(samples) * 1000):.0f} "
          "(folding and rules cost, still well under a page render)")
    ok = result.recall >= 0.95 and result.false_positive_rate <= 0.02
    print("quality bar (recall ≥ 95 %, false positives ≤ 2 %):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
