"""Time one Argon2id password hash at the configured cost and at the minimum.

Run: .venv/bin/python benchmarks/password_hashing.py [ROUNDS]

The number matters for capacity planning: every sign-in and registration
pays it once, on one core, and keeps the memory for its duration.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "customs_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

COSTS = [
    ("configured", settings.ARGON2_MEMORY_KIB, settings.ARGON2_TIME_COST),
    ("OWASP minimum", 19456, 2),
]


def time_hash(memory_kib: int, time_cost: int, rounds: int) -> list[float]:
    settings.ARGON2_MEMORY_KIB = memory_kib
    settings.ARGON2_TIME_COST = time_cost
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        make_password("Clear#Agent2026")
        durations.append(time.perf_counter() - started)
    return durations


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{'cost':<15} {'memory':>9} {'passes':>6} {'median ms':>10} {'max ms':>8}")
    for label, memory_kib, time_cost in COSTS:
        durations = time_hash(memory_kib, time_cost, rounds)
        print(
            f"{label:<15} {memory_kib // 1024:>6} MiB {time_cost:>6} "
            f"{statistics.median(durations) * 1000:>10.1f} {max(durations) * 1000:>8.1f}"
        )


if __name__ == "__main__":
    main()
